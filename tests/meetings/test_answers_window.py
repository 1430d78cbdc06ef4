"""A meeting asks its invitees for their reply and their situation from the day it is dated
until it starts (``permissions.answers_closed``): the page offers the forms only then, and the
services refuse them afterwards with the reason. Aïcha (health DSI) is invited to a session."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Invitation, Meeting, Situation
from meetings.services import (
    invitation_reply,
    invitations_send,
    meeting_create,
    situation_submit,
)
from tests.conftest import make_user

SITUATION = {
    "staff_engineers": 2,
    "staff_technicians": 3,
    "staff_other": 0,
    "email": "partial",
    "file_server": "partial",
    "e_conseil": "partial",
    "missions": "partial",
}


@pytest.fixture
def session(cast):
    """A session in ten days, the Ministry of Health invited."""
    meeting = meeting_create(
        actor=cast.secretariat,
        title="Rencontre de suivi",
        starts_at=timezone.now() + timedelta(days=10),
    )
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
    return meeting


def page_of(login, user, meeting):
    return login(user).get(f"/meetings/{meeting.pk}/").content.decode()


def test_a_session_ahead_asks_for_a_reply_and_the_situation(cast, login, session):
    page = page_of(login, cast.dsi_health, session)
    assert 'data-testid="reply-form"' in page
    assert "Renseigner la situation de ma DSI" in page
    assert 'data-testid="answers-closed"' not in page


def held(meeting):
    meeting.starts_at = timezone.now() - timedelta(hours=2)
    meeting.status = Meeting.Status.HELD
    meeting.save()


def started(meeting):
    meeting.starts_at = timezone.now() - timedelta(minutes=5)
    meeting.save()


def undated(meeting):
    meeting.starts_at = None
    meeting.save()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (held, "s&#x27;est tenue"),
        (started, "a commencé"),
        (undated, "pas encore de date"),
    ],
    ids=["held", "started", "undated"],
)
def test_a_held_started_or_undated_session_asks_for_neither(cast, login, session, change, reason):
    change(session)
    page = page_of(login, cast.dsi_health, session)
    assert 'data-testid="reply-form"' not in page
    assert "Renseigner la situation de ma DSI" not in page
    assert reason in page


def test_a_reply_posted_to_a_held_session_is_refused_with_the_reason(cast, login, session):
    held(session)
    response = login(cast.dsi_health).post(
        f"/meetings/{session.pk}/reply/", {"response": "attending"}, follow=True
    )
    assert "elle ne recueille plus de réponses" in response.content.decode()
    assert session.invitations.get().response == Invitation.Response.PENDING
    with pytest.raises(ValidationError, match="s'est tenue") as refused:
        invitation_reply(
            actor=cast.dsi_health, invitation=session.invitations.get(), response="declined"
        )
    assert refused.value.code == "held"


def test_a_situation_posted_to_a_session_that_began_is_refused_with_the_reason(
    cast, login, session
):
    started(session)
    client = login(cast.dsi_health)
    response = client.post(f"/meetings/{session.pk}/situation/", SITUATION, follow=True)
    assert "Cette réunion a commencé" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/meetings/{session.pk}/"
    assert client.get(f"/meetings/{session.pk}/situation/").status_code == 302
    with pytest.raises(ValidationError, match="a commencé"):
        situation_submit(actor=cast.dsi_health, meeting=session, **SITUATION)
    assert not Situation.objects.exists()


def test_a_session_that_began_still_answers_404_to_a_dsi_not_invited(cast, login, session):
    started(session)
    assert login(cast.dsi_education).get(f"/meetings/{session.pk}/situation/").status_code == 404


def test_without_a_colleague_to_delegate_to_the_choice_is_not_offered(cast, login, session):
    page = page_of(login, cast.dsi_health, session)
    assert "Je délègue à un collègue" not in page
    assert 'name="delegate"' not in page
    response = login(cast.dsi_health).post(
        f"/meetings/{session.pk}/reply/", {"response": "delegated"}, follow=True
    )
    assert session.invitations.get().response == Invitation.Response.PENDING
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_delegate_list_holds_the_active_colleagues_not_yet_invited(cast, login, session):
    deputy = make_user("ali.ouedraogo@sante.gov.bf", cast.health, first_name="Ali")
    gone = make_user("jean.zongo@sante.gov.bf", cast.health, first_name="Jean")
    gone.is_active = False
    gone.save()
    invited = make_user("awa.sawadogo@sante.gov.bf", cast.health, first_name="Awa")
    invitations_send(actor=cast.secretariat, meeting=session, users=[invited])
    make_user("issa.kone@education.gov.bf", cast.education, first_name="Issa")

    response = login(cast.dsi_health).get(f"/meetings/{session.pk}/")
    form = response.context["reply_form"]
    assert list(form.fields["delegate"].queryset) == [deputy]
    assert "Je délègue à un collègue" in response.content.decode()
    with pytest.raises(ValidationError, match="déjà invitée"):
        invitation_reply(
            actor=cast.dsi_health,
            invitation=session.invitations.get(invitee=cast.dsi_health),
            response="delegated",
            delegate=invited,
        )
