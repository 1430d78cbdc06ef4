from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from meetings.models import Situation
from meetings.selectors import situations_overview
from meetings.services import invitations_send, situation_submit

# The April session is three weeks ahead: it still asks for replies and situations.
pytestmark = pytest.mark.usefixtures("before_april")

ANSWER = {
    "staff_engineers": 4,
    "staff_technicians": 6,
    "staff_other": 1,
    "email": "generalised",
    "file_server": "partial",
    "e_conseil": "generalised",
    "missions": "not_started",
    "difficulties": "Connexion lente des directions régionales",
    "proposals": "Mutualiser la bande passante",
}


@pytest.fixture
def invited(cast, april_session):
    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    return april_session


def test_a_dsi_fills_in_the_situation_of_their_structure(login, cast, invited):
    client = login(cast.dsi_health)
    assert client.get(f"/meetings/{invited.pk}/situation/").status_code == 200
    response = client.post(f"/meetings/{invited.pk}/situation/", ANSWER)
    assert response.status_code == 302
    situation = Situation.objects.get()
    assert situation.structure == cast.health
    assert situation.staff_total == 11
    assert situation.email == "generalised"


def test_each_answer_is_a_dated_snapshot_and_the_latest_counts(login, cast, invited):
    situation_submit(actor=cast.dsi_health, meeting=invited, **ANSWER)
    situation_submit(actor=cast.dsi_health, meeting=invited, **{**ANSWER, "missions": "partial"})
    assert Situation.objects.count() == 2
    overview = situations_overview(invited)
    missions = next(r for r in overview.adoption if r.service == "missions")
    assert {lvl.level.value: lvl.count for lvl in missions.levels}["partial"] == 1
    assert overview.answers == 1


def test_the_form_starts_from_the_last_answer_so_confirming_is_one_click(login, cast, invited):
    situation_submit(actor=cast.dsi_health, meeting=invited, **ANSWER)
    form = login(cast.dsi_health).get(f"/meetings/{invited.pk}/situation/").context["form"]
    assert form.initial["difficulties"] == ANSWER["difficulties"]


def test_only_a_dsi_of_an_invited_structure_reports(cast, invited, login):
    with pytest.raises(PermissionDenied):
        situation_submit(actor=cast.agent, meeting=invited, **ANSWER)
    assert login(cast.secretariat).get(f"/meetings/{invited.pk}/situation/").status_code == 404


def test_the_secretariat_sees_the_table_and_who_has_not_answered(login, cast, invited):
    situation_submit(actor=cast.dsi_health, meeting=invited, **ANSWER)
    response = login(cast.secretariat).get(f"/meetings/{invited.pk}/situations/")
    assert response.context["situations"].missing == [cast.education]
    assert "Connexion lente des directions régionales" in response.content.decode()
    assert login(cast.dsi_health).get(f"/meetings/{invited.pk}/situations/").status_code == 404


def test_the_consolidated_table_exports_to_xlsx(login, cast, invited):
    situation_submit(
        actor=cast.dsi_health, meeting=invited, **{**ANSWER, "proposals": "=HYPERLINK(1)"}
    )
    response = login(cast.secretariat).get(f"/meetings/{invited.pk}/situations.xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Structure"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Ministère de la Santé"][4:7] == (4, 6, 1)
    assert "Généralisé" in by_name["Ministère de la Santé"]
    # User text never becomes a spreadsheet formula: the text is kept, stored as a string cell.
    assert by_name["Ministère de la Santé"][-1] == "=HYPERLINK(1)"
    proposals = next(
        row[-1] for row in sheet.iter_rows() if row[0].value == "Ministère de la Santé"
    )
    assert proposals.data_type == "s"
    assert by_name["Ministère de l'Éducation nationale"][2] == "Sans réponse"


def test_the_session_page_shows_adoption_and_its_change_since_the_previous_session(
    login, cast, january_session, invited
):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    Situation.objects.create(meeting=january_session, structure=cast.health, email="partial")
    situation_submit(actor=cast.dsi_health, meeting=invited, **ANSWER)
    response = login(cast.secretariat).get(f"/meetings/{invited.pk}/")
    email = next(r for r in response.context["situations"].adoption if r.service == "email")
    changes = {lvl.level.value: lvl.change for lvl in email.levels}
    assert changes == {"not_started": 0, "partial": -1, "generalised": 1}
    assert "Adoption des services partagés" in response.content.decode()
