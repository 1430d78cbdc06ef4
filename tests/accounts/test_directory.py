from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Structure
from tests.conftest import make_user


def test_a_dsi_finds_only_the_colleagues_of_their_structure(login, cast):
    colleague = make_user("ali.ouedraogo@sante.gov.bf", cast.health, last_name="Ouédraogo")
    response = login(cast.dsi_health).get("/accounts/directory/")
    assert set(response.context["page_obj"].object_list) == {cast.dsi_health, colleague}


def test_the_secretariat_searches_the_whole_directory(login, cast):
    client = login(cast.secretariat)
    response = client.get("/accounts/directory/", {"q": "ilboudo"})
    assert list(response.context["page_obj"].object_list) == [cast.dsi_education]
    response = client.get("/accounts/directory/", {"structure": cast.health.pk})
    assert list(response.context["page_obj"].object_list) == [cast.dsi_health]


def test_an_empty_search_says_what_to_do(login, cast):
    response = login(cast.secretariat).get("/accounts/directory/", {"q": "personne-de-ce-nom"})
    assert "Aucune personne ne correspond à ces critères" in response.content.decode()


def test_a_dsi_cannot_open_another_structures_member(login, cast):
    client = login(cast.dsi_health)
    assert client.get(f"/accounts/users/{cast.dsi_education.pk}/").status_code == 404
    assert client.get(f"/accounts/users/{cast.dsi_health.pk}/").status_code == 200


def test_an_agent_opens_any_member(login, cast):
    response = login(cast.agent).get(f"/accounts/users/{cast.dsi_education.pk}/")
    assert response.status_code == 200
    assert "boubacar.ilboudo@education.gov.bf" in response.content.decode()


def test_user_text_is_escaped(login, cast):
    cast.dsi_health.job_title = "<script>alert('x')</script>"
    cast.dsi_health.save()
    page = login(cast.secretariat).get(f"/accounts/users/{cast.dsi_health.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_the_directory_makes_the_same_queries_for_10_or_60_people(login, cast):
    client = login(cast.secretariat)

    def add_people(count, start):
        structure = Structure.objects.create(name=f"Structure {start}", acronym=f"S{start}")
        for i in range(count):
            make_user(f"personne{start + i}@gov.bf", structure, last_name=f"Nom {start + i}")

    add_people(10, 0)
    client.get("/accounts/directory/")
    with CaptureQueriesContext(connection) as small:
        client.get("/accounts/directory/")
    add_people(50, 100)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/accounts/directory/")
    assert len(response.context["page_obj"].object_list) == 25
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 8
