import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.models import Minutes
from meetings.services import (
    invitations_send,
    minutes_approve,
    minutes_publish,
    minutes_save_draft,
)


def test_every_saved_text_is_a_new_version(cast, january_session):
    minutes, first = minutes_save_draft(
        actor=cast.secretariat, meeting=january_session, body="Ouverture"
    )
    _, again = minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Ouverture")
    _, second = minutes_save_draft(
        actor=cast.secretariat, meeting=january_session, body="Ouverture\n\nDébats"
    )
    assert (first.number, again.number, second.number) == (1, 1, 2)
    assert minutes.versions.count() == 2


def test_publishing_notifies_the_invitees(
    cast, january_session, django_capture_on_commit_callbacks
):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="# Compte rendu")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        minutes = minutes_publish(actor=cast.secretariat, meeting=january_session)
    assert minutes.status == Minutes.Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[cast.dsi_health.email]]
    assert mail.outbox[0].subject.startswith("Compte rendu publié")


def test_empty_minutes_cannot_be_published(cast, january_session):
    with pytest.raises(ValidationError, match="avant de le publier"):
        minutes_publish(actor=cast.secretariat, meeting=january_session)


def test_approval_is_recorded_at_the_follow_up_meeting(cast, january_session, april_session):
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    minutes = minutes_publish(actor=cast.secretariat, meeting=january_session)
    with pytest.raises(ValidationError, match="réunion qui fait le suivi"):
        minutes_approve(actor=cast.secretariat, minutes=minutes, at_meeting=january_session)
    minutes = minutes_approve(actor=cast.secretariat, minutes=minutes, at_meeting=april_session)
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at_meeting == april_session
    with pytest.raises(ValidationError, match="approuvé"):
        minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Autre")
