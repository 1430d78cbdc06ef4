"""The invitation form: groups of structures, structures as a filterable list of checkboxes
(acronym and name, those without an account marked), people shown with their structure."""

import re

import pytest

from accounts.models import Structure

pytestmark = pytest.mark.usefixtures("before_april")


@pytest.fixture
def arcep(db):
    return Structure.objects.create(
        name="Autorité de régulation des communications électroniques et des postes",
        acronym="ARCEP",
        kind=Structure.Kind.INSTITUTION,
    )


def option_label(page, name, value):
    """The label of the checkbox ``name`` = ``value``, tags removed."""
    match = re.search(
        rf'name="{name}" value="{value}" id="([^"]+)"[^>]*>\s*<label[^>]*>(.*?)</label>', page, re.S
    )
    assert match, f"no checkbox {name}={value}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(2))).strip()


def test_the_form_offers_groups_structures_and_people(login, cast, arcep, april_session):
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/invite/").content.decode()
    assert option_label(page, "kinds", "ministry") == "Tous les ministères (3)"
    assert option_label(page, "kinds", "institution") == "Toutes les institutions (1)"
    assert option_label(page, "structures", cast.health.pk) == "MS — Ministère de la Santé"
    assert option_label(page, "structures", arcep.pk) == (
        "ARCEP — Autorité de régulation des communications électroniques et des postes "
        "sans compte sur le portail"
    )
    assert option_label(page, "users", cast.dsi_health.pk) == "Kaboré Aïcha — MS"
    # The filter box appears with JavaScript only; without it the whole list shows.
    assert "data-checklist-filter-box hidden" in page
    assert "js/checklist.js" in page


def test_ticking_a_group_invites_each_of_its_structures(login, cast, arcep, april_session):
    response = login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/invite/", {"kinds": ["institution"]}, follow=True
    )
    assert april_session.invitations.without_account().get().structure == arcep
    assert "invitées comme structures" in response.content.decode()


def test_ticking_all_ministries_invites_their_dsis(login, cast, april_session):
    login(cast.secretariat).post(f"/meetings/{april_session.pk}/invite/", {"kinds": ["ministry"]})
    people = set(april_session.invitations.of_people().values_list("invitee_id", flat=True))
    assert people == {cast.dsi_health.pk, cast.dsi_education.pk}
    # The MTDPCE has no DSI account in this story: invited as a structure.
    assert [i.structure for i in april_session.invitations.without_account()] == [cast.mtdpce]


def test_structures_and_people_ticked_together(login, cast, arcep, april_session):
    login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/invite/",
        {"structures": [arcep.pk, cast.health.pk], "users": [cast.agent.pk]},
    )
    lines = {(i.invitee_id, i.structure_id) for i in april_session.invitations.all()}
    assert lines == {
        (None, arcep.pk),
        (cast.dsi_health.pk, cast.health.pk),
        (cast.agent.pk, cast.anptic.pk),
    }


def test_an_empty_form_says_what_to_choose(login, cast, april_session):
    page = login(cast.secretariat).post(f"/meetings/{april_session.pk}/invite/", {})
    assert "Choisissez au moins un groupe" in page.content.decode()
