import pytest


@pytest.mark.parametrize(
    ("member", "panels"),
    [
        ("dsi_health", ["my_recommendations", "meetings", "my_tickets"]),
        ("agent", ["queue", "meetings"]),
        ("secretariat", ["meetings", "validations", "progress"]),
        ("secretary_general", ["progress", "meetings"]),
    ],
)
def test_each_role_is_greeted_with_what_needs_its_attention(login, cast, member, panels):
    response = login(getattr(cast, member)).get("/")
    assert response.status_code == 200
    assert [panel.key for panel in response.context["panels"]] == panels
    page = response.content.decode()
    for key in panels:
        assert f'data-panel="{key}"' in page


def test_the_home_page_greets_the_user_by_name_and_structure(login, cast):
    page = login(cast.dsi_health).get("/").content.decode()
    assert "Bonjour Aïcha" in page
    assert "DSI — Ministère de la Santé" in page


def test_a_user_without_a_role_is_told_what_to_do(login, cast):
    from tests.conftest import make_user

    newcomer = make_user("nouveau@sante.gov.bf", cast.health)
    page = login(newcomer).get("/").content.decode()
    assert "Votre compte n'a pas encore de rôle" in page


def test_the_home_page_makes_few_queries(login, cast, django_assert_max_num_queries):
    client = login(cast.dsi_health)
    with django_assert_max_num_queries(4):
        client.get("/")
