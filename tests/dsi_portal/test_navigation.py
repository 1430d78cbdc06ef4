import pytest

SECTIONS = ["home", "directory", "dashboard", "helpdesk", "helpdesk_stats", "admin"]


def nav_keys(client):
    return [section["key"] for section in client.get("/").context["nav_sections"]]


@pytest.mark.parametrize(
    ("member", "shown", "hidden"),
    [
        ("dsi_health", {"home", "directory"}, {"admin", "dashboard", "helpdesk_stats"}),
        ("agent", {"home", "directory"}, {"admin", "dashboard"}),
        ("secretariat", {"home", "directory", "admin"}, {"helpdesk", "helpdesk_stats"}),
        ("secretary_general", {"home", "directory"}, {"admin", "helpdesk"}),
        ("admin", {"home", "directory", "admin"}, set()),
    ],
)
def test_each_role_sees_only_the_sections_it_may_use(login, cast, member, shown, hidden):
    keys = set(nav_keys(login(getattr(cast, member))))
    assert shown <= keys
    assert not hidden & keys


def test_a_section_whose_page_does_not_exist_yet_is_not_offered(login, cast):
    # The meetings app has no pages yet: the menu must not lead to a dead end.
    assert "meetings" not in nav_keys(login(cast.admin))


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
