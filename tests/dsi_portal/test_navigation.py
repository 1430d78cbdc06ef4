import pytest


def nav_keys(client):
    return [section["key"] for section in client.get("/").context["nav_sections"]]


@pytest.mark.urls("tests.dsi_portal.urls_all_sections")
@pytest.mark.parametrize(
    ("member", "shown"),
    [
        ("dsi_health", ["home", "meetings", "recommendations", "helpdesk", "directory"]),
        (
            "agent",
            ["home", "meetings", "recommendations", "helpdesk", "helpdesk_stats", "directory"],
        ),
        (
            "secretariat",
            ["home", "meetings", "recommendations", "dashboard", "directory", "admin"],
        ),
        (
            "secretary_general",
            ["home", "meetings", "recommendations", "dashboard", "helpdesk_stats", "directory"],
        ),
        (
            "admin",
            [
                "home",
                "meetings",
                "recommendations",
                "dashboard",
                "helpdesk",
                "helpdesk_stats",
                "directory",
                "admin",
            ],
        ),
    ],
)
def test_each_role_sees_exactly_the_sections_it_may_use(login, cast, member, shown):
    assert nav_keys(login(getattr(cast, member))) == shown


def test_a_section_whose_page_does_not_exist_is_not_offered(login, cast, settings):
    # Every app now has its pages: check the rule against a URLconf without the helpdesk.
    settings.ROOT_URLCONF = "tests.dsi_portal.urls_without_helpdesk"
    keys = nav_keys(login(cast.admin))
    assert "helpdesk" not in keys
    assert "recommendations" in keys


def test_navigation_rules_follow_the_role_matrix(cast):
    from dsi_portal.navigation import SECTIONS as DECLARED

    rules = {section.key: section.allowed for section in DECLARED}
    assert rules["dashboard"](cast.secretary_general)
    assert rules["dashboard"](cast.secretariat)
    assert not rules["dashboard"](cast.dsi_health)
    assert rules["helpdesk"](cast.dsi_health)
    assert rules["helpdesk"](cast.agent)
    assert not rules["helpdesk"](cast.secretariat)
    assert rules["helpdesk_stats"](cast.secretary_general)
    assert not rules["helpdesk_stats"](cast.dsi_health)
