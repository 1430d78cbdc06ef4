import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Structure
from accounts.roles import Role
from meetings.models import Invitation
from meetings.services import (
    attendance_add_late,
    attendance_record,
    invitation_reply,
    invitations_send,
)
from tests.conftest import make_user

# The April session is three weeks ahead: it still asks for replies and situations.
pytestmark = pytest.mark.usefixtures("before_april")


def test_inviting_structures_invites_their_dsis_and_emails_them(
    cast, april_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = invitations_send(
            actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
        )
    assert {i.invitee for i in summary.invited} == {cast.dsi_health, cast.dsi_education}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.dsi_health.email, cast.dsi_education.email]
    )
    assert "Invitation : 2ème rencontre 2022" in mail.outbox[0].subject


def test_inviting_all_ministries_in_one_action(cast, april_session):
    finance = Structure.objects.create(name="Ministère de l'Économie", acronym="MEF")
    make_user("dsi@finances.gov.bf", finance, cast.dsi_health.role)
    summary = invitations_send(
        actor=cast.secretariat,
        meeting=april_session,
        structure_kinds=[Structure.Kind.MINISTRY],
        users=[cast.agent],
    )
    invited = {i.invitee.email for i in summary.invited}
    assert invited == {
        cast.dsi_health.email,
        cast.dsi_education.email,
        "dsi@finances.gov.bf",
        cast.agent.email,
    }
    # The MTDPCE is a ministry without a DSI account in this story: the Secretariat is told.
    assert cast.mtdpce in summary.structures_without_dsi


def test_inviting_twice_does_not_duplicate(cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    summary = invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health]
    )
    assert summary.invited == [] and summary.already_invited == 1
    assert april_session.invitations.count() == 1


@pytest.fixture
def invitation(cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    return april_session.invitations.get(invitee=cast.dsi_health)


def test_an_invitee_accepts(cast, invitation):
    invitation_reply(actor=cast.dsi_health, invitation=invitation, response="attending")
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.ATTENDING
    assert invitation.responded_at is not None


def test_nobody_answers_for_someone_else(cast, invitation):
    with pytest.raises(PermissionDenied):
        invitation_reply(actor=cast.dsi_education, invitation=invitation, response="attending")


def test_delegating_makes_the_colleague_the_invitee(
    cast, invitation, django_capture_on_commit_callbacks
):
    colleague = make_user("ali.ouedraogo@sante.gov.bf", cast.health, first_name="Ali")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reply(
            actor=cast.dsi_health, invitation=invitation, response="delegated", delegate=colleague
        )
    delegated = invitation.meeting.invitations.get(invitee=colleague)
    assert delegated.delegated_from == invitation
    assert delegated.structure == cast.health
    assert mail.outbox[-1].to == [colleague.email]
    assert "vous a délégué sa participation" in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="déjà délégué"):
        invitation_reply(actor=cast.dsi_health, invitation=invitation, response="attending")


def test_one_delegates_only_to_a_colleague_of_the_same_structure(cast, invitation):
    with pytest.raises(ValidationError, match="collègue de votre structure"):
        invitation_reply(
            actor=cast.dsi_health,
            invitation=invitation,
            response="delegated",
            delegate=cast.dsi_education,
        )


def test_the_register_records_attendance_and_late_additions(cast, invitation):
    attendance_record(
        actor=cast.secretariat, meeting=invitation.meeting, attendance={invitation.pk: "excused"}
    )
    late = attendance_add_late(actor=cast.secretariat, meeting=invitation.meeting, user=cast.agent)
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.EXCUSED
    assert late.added_late and late.attendance == Invitation.Attendance.PRESENT


def test_the_register_refuses_foreign_lines(cast, invitation, january_session):
    with pytest.raises(ValidationError, match="ligne invalide"):
        attendance_record(
            actor=cast.secretariat, meeting=january_session, attendance={invitation.pk: "present"}
        )


def test_someone_without_a_structure_cannot_delegate(cast, april_session):
    loner = make_user("consultant@gov.bf", None, cast.dsi_health.role)
    other = make_user("autre@gov.bf", None)
    invitations_send(actor=cast.secretariat, meeting=april_session, users=[loner])
    invitation = april_session.invitations.get(invitee=loner)
    with pytest.raises(ValidationError, match="rattaché à aucune structure"):
        invitation_reply(actor=loner, invitation=invitation, response="delegated", delegate=other)
    assert april_session.invitations.count() == 1


def test_one_cannot_delegate_to_a_deactivated_colleague(cast, invitation):
    gone = make_user("parti@sante.gov.bf", cast.health, is_active=False)
    with pytest.raises(ValidationError, match="Ce compte est désactivé"):
        invitation_reply(
            actor=cast.dsi_health, invitation=invitation, response="delegated", delegate=gone
        )
    assert not invitation.meeting.invitations.filter(invitee=gone).exists()


def test_a_delegation_sent_twice_is_refused_with_a_message(cast, invitation):
    first = make_user("ali.ouedraogo@sante.gov.bf", cast.health)
    second = make_user("awa.traore@sante.gov.bf", cast.health)
    stale = Invitation.objects.get(pk=invitation.pk)  # the second request read it before
    invitation_reply(
        actor=cast.dsi_health, invitation=invitation, response="delegated", delegate=first
    )
    with pytest.raises(ValidationError, match="déjà délégué"):
        invitation_reply(
            actor=cast.dsi_health, invitation=stale, response="delegated", delegate=second
        )
    assert invitation.meeting.invitations.filter(delegated_from=invitation).get().invitee == first


def test_an_invitation_created_meanwhile_does_not_break_the_sending(
    cast, april_session, monkeypatch
):
    from meetings.services import invitations as invitation_services

    # Someone else invited the health DSI between this call's check and its insert.
    Invitation.objects.create(meeting=april_session, invitee=cast.dsi_health)
    monkeypatch.setattr(invitation_services, "_already_invited", lambda meeting: set())
    summary = invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    assert [i.invitee for i in summary.invited] == [cast.dsi_education]
    assert summary.already_invited == 1
    assert april_session.invitations.count() == 2


def test_inviting_many_asks_for_one_dispatch_and_writes_every_invitation_e_mail(
    cast, april_session, django_capture_on_commit_callbacks
):
    from core.models import Notification

    for number in range(30):
        make_user(f"dsi{number}@sante.gov.bf", cast.health, Role.DSI)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    assert len(callbacks) == 1
    assert Notification.objects.filter(kind="meetings.invitation").count() == 31
