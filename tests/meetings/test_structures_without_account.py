"""A structure invited although none of its DSIs has an account: it is recorded as invited,
the register records whether it came (and who), and it counts in the register, the minutes
and the attendance statistics like the structures that have accounts."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from accounts.models import Structure
from accounts.roles import Role
from core.models import Notification
from meetings.models import Invitation, InvitationChange
from meetings.selectors import attendance_by_structure, meeting_for_page, minutes_attendance
from meetings.services import attendance_record, invitations_send, meeting_duplicate
from tests.conftest import make_user


@pytest.fixture
def arcep(db):
    """An institution whose DSI has no account on the portal yet."""
    return Structure.objects.create(
        name="Autorité de régulation des communications électroniques et des postes",
        acronym="ARCEP",
        kind=Structure.Kind.INSTITUTION,
    )


def structure_line(meeting, structure):
    return meeting.invitations.without_account().get(structure=structure)


@pytest.mark.usefixtures("before_april")
def test_inviting_a_structure_without_account_records_it_as_invited(
    cast, arcep, april_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = invitations_send(
            actor=cast.secretariat, meeting=april_session, structures=[arcep, cast.health]
        )
    assert summary.structures_without_dsi == [arcep]
    line = structure_line(april_session, arcep)
    assert line.invitee is None and line.attendance == Invitation.Attendance.UNRECORDED
    # Nobody to e-mail or remind: the notifications are the health DSI's only.
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {cast.dsi_health.pk}
    # It does not open the meeting to anyone, nor expect a situation from it.
    from meetings.permissions import situation_respondents

    assert list(situation_respondents(april_session)) == [cast.health]


@pytest.mark.usefixtures("before_april")
def test_inviting_the_structure_twice_keeps_one_line(cast, arcep, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[arcep])
    summary = invitations_send(actor=cast.secretariat, meeting=april_session, structures=[arcep])
    assert summary.structures_already_invited == 1
    assert april_session.invitations.count() == 1


@pytest.mark.usefixtures("before_april")
def test_once_its_dsi_has_an_account_their_invitation_stands_for_the_structure(
    cast, arcep, april_session
):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[arcep])
    dsi = make_user("dsi@arcep.bf", arcep, Role.DSI, first_name="Issa", last_name="Zongo")
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[arcep])
    assert [i.invitee for i in april_session.invitations.all()] == [dsi]


def test_the_register_records_the_structure_present_with_the_name_of_who_came(
    cast, arcep, january_session
):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[arcep])
    line = structure_line(january_session, arcep)
    attendance_record(
        actor=cast.secretariat,
        meeting=january_session,
        attendance={line.pk: "present"},
        names={line.pk: "  Moussa Traoré "},
        notes={line.pk: "Chef du service informatique"},
    )
    line.refresh_from_db()
    assert (line.attendance, line.attendee_name, line.note) == (
        Invitation.Attendance.PRESENT,
        "Moussa Traoré",
        "Chef du service informatique",
    )
    changes = {c.field: (c.old_value, c.new_value, c.actor) for c in line.changes.all()}
    assert changes == {
        "attendance": ("Non renseignée", "Présent", cast.secretariat),
        "attendee_name": ("", "Moussa Traoré", cast.secretariat),
        "note": ("", "Chef du service informatique", cast.secretariat),
    }
    # Saving the same register again writes no history.
    attendance_record(
        actor=cast.secretariat,
        meeting=january_session,
        attendance={line.pk: "present"},
        names={line.pk: "Moussa Traoré"},
    )
    assert line.changes.count() == 3


def test_the_register_records_a_structure_excused_or_absent(cast, arcep, january_session):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[arcep])
    line = structure_line(january_session, arcep)
    for value in ("excused", "absent"):
        attendance_record(
            actor=cast.secretariat, meeting=january_session, attendance={line.pk: value}
        )
        line.refresh_from_db()
        assert line.attendance == value


def test_a_persons_line_takes_no_name_and_a_name_keeps_to_its_limits(cast, arcep, january_session):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[arcep])
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    person = january_session.invitations.get(invitee=cast.dsi_health)
    line = structure_line(january_session, arcep)
    with pytest.raises(ValidationError):
        attendance_record(
            actor=cast.secretariat, meeting=january_session, attendance={}, names={person.pk: "X"}
        )
    with pytest.raises(ValidationError):
        attendance_record(
            actor=cast.secretariat,
            meeting=january_session,
            attendance={},
            names={line.pk: "Moussa\u202eTraoré"},
        )
    with pytest.raises(ValidationError):
        attendance_record(
            actor=cast.secretariat, meeting=january_session, attendance={line.pk: "late"}
        )
    assert not InvitationChange.objects.exists()


def test_the_register_page_records_the_structure_and_shows_its_history(
    login, cast, arcep, january_session
):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[arcep])
    line = structure_line(january_session, arcep)
    client = login(cast.secretariat)
    page = client.get(f"/meetings/{january_session.pk}/attendance/").content.decode()
    assert 'data-testid="structure-line"' in page and "ARCEP" in page
    assert "sans compte sur le portail" in page
    response = client.post(
        f"/meetings/{january_session.pk}/attendance/",
        {
            f"attendance-{line.pk}": "present",
            f"attendee_name-{line.pk}": "Moussa Traoré",
            f"note-{line.pk}": "",
        },
        follow=True,
    )
    page = response.content.decode()
    assert 'value="Moussa Traoré"' in page
    assert "Historique du registre" in page and "ARCEP · Personne venue" in page
    # The meeting page lists the structure among the invitees, with what the register says.
    detail = client.get(f"/meetings/{january_session.pk}/").content.decode()
    assert "Moussa Traoré" in detail


def test_the_replies_board_awaits_no_answer_from_the_structure(
    login, cast, arcep, april_session, before_april
):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[arcep])
    response = login(cast.secretariat).get(f"/meetings/{april_session.pk}/replies/")
    assert response.context["pending"] == []
    assert response.context["counts"]["pending"] == 0
    assert "sans compte sur le portail" in response.content.decode()


def test_the_minutes_list_the_structure_and_who_came(cast, arcep, january_session):
    invitations_send(
        actor=cast.secretariat, meeting=january_session, structures=[arcep, cast.health]
    )
    line = structure_line(january_session, arcep)
    attendance_record(
        actor=cast.secretariat,
        meeting=january_session,
        attendance={line.pk: "present"},
        names={line.pk: "Moussa Traoré"},
    )
    meeting = meeting_for_page(viewer=cast.secretariat, pk=january_session.pk)
    html = render_to_string(
        "meetings/pdf/minutes.html",
        {"meeting": meeting, "minutes": None, "invitations": minutes_attendance(meeting)},
    )
    row = html.split("Autorité de régulation des communications électroniques et des postes")[1]
    assert row.split("</tr>")[0].count("<td>") == 2
    assert "Moussa Traoré" in row.split("</tr>")[0] and "Présent" in row.split("</tr>")[0]
    assert "Aïcha Kaboré" in html


def test_the_statistics_count_the_structure_like_the_others(login, cast, arcep, january_session):
    invitations_send(
        actor=cast.secretariat, meeting=january_session, structures=[arcep, cast.health]
    )
    line = structure_line(january_session, arcep)
    health = january_session.invitations.get(invitee=cast.dsi_health)
    attendance_record(
        actor=cast.secretariat,
        meeting=january_session,
        attendance={line.pk: "present", health.pk: "excused"},
        names={line.pk: "Moussa Traoré"},
    )
    figures = {
        row.acronym: (row.meetings, row.invited, row.present, row.excused)
        for row in attendance_by_structure()
    }
    assert figures == {"ARCEP": (1, 1, 1, 0), "MS": (1, 1, 0, 1)}
    page = login(cast.secretary_general).get("/meetings/attendance/").content.decode()
    assert "Autorité de régulation des communications électroniques et des postes" in page


def test_a_duplicated_session_invites_the_structure_again(cast, arcep, january_session):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[arcep])
    copy = meeting_duplicate(actor=cast.secretariat, source=january_session)
    line = structure_line(copy, arcep)
    assert line.attendance == Invitation.Attendance.UNRECORDED
