import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.models import Meeting, Minutes
from meetings.services import (
    invitations_send,
    meeting_cancel,
    meeting_create,
    meeting_mark_held,
    minutes_approve,
    minutes_correct,
    minutes_publish,
    minutes_save_draft,
)
from tests.conftest import at


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
    with django_capture_on_commit_callbacks(execute=True):
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
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    with pytest.raises(ValidationError, match="réunion qui fait le suivi"):
        minutes_approve(actor=cast.secretariat, at_meeting=january_session)
    meeting_mark_held(actor=cast.secretariat, meeting=april_session)
    minutes = minutes_approve(actor=cast.secretariat, at_meeting=april_session)
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at_meeting == april_session
    with pytest.raises(ValidationError, match="approuvé"):
        minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Autre")


def test_publishing_records_the_published_version(cast, january_session):
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Premier jet")
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte relu")
    minutes = minutes_publish(actor=cast.secretariat, meeting=january_session)
    minutes_correct(
        actor=cast.secretariat, meeting=january_session, body="Texte corrigé", reason="Coquille"
    )
    minutes.refresh_from_db()
    assert minutes.published_version == 2


def test_a_draft_is_approved_only_once_published(cast, january_session, april_session):
    meeting_mark_held(actor=cast.secretariat, meeting=april_session)
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    with pytest.raises(ValidationError, match="Seul un compte rendu publié"):
        minutes_approve(actor=cast.secretariat, at_meeting=april_session)


def test_minutes_of_a_cancelled_meeting_cannot_be_published(cast):
    meeting = Meeting.objects.create(title="Réunion annulée", starts_at=at(2022, 3, 1))
    minutes_save_draft(actor=cast.secretariat, meeting=meeting, body="Texte")
    meeting_cancel(actor=cast.secretariat, meeting=meeting, reason="Conseil des ministres")
    with pytest.raises(ValidationError, match="annulée"):
        minutes_publish(actor=cast.secretariat, meeting=meeting)
    assert Minutes.objects.get().status == Minutes.Status.DRAFT


@pytest.mark.parametrize("starts_at", [None, "future"])
def test_minutes_cannot_be_published_before_the_meeting_has_started(cast, starts_at):
    from datetime import timedelta

    from django.utils import timezone

    when = timezone.now() + timedelta(days=7) if starts_at else None
    meeting = meeting_create(actor=cast.secretariat, title="Session à venir", starts_at=when)
    minutes_save_draft(actor=cast.secretariat, meeting=meeting, body="Ordre du jour prévu")
    with pytest.raises(ValidationError, match="une fois la réunion commencée"):
        minutes_publish(actor=cast.secretariat, meeting=meeting)
    assert Minutes.objects.get().status == Minutes.Status.DRAFT


def test_approval_cannot_be_recorded_at_a_cancelled_meeting(cast, january_session, april_session):
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    meeting_cancel(actor=cast.secretariat, meeting=april_session, reason="Report sine die")
    with pytest.raises(ValidationError, match="annulée"):
        minutes_approve(actor=cast.secretariat, at_meeting=april_session)
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED


def test_approval_is_recorded_only_at_a_follow_up_that_has_taken_place(
    cast, login, january_session, april_session
):
    """The April session has passed but is not marked held: the page says why it cannot
    approve January's minutes yet, and the service refuses; once held, it approves."""
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/").content.decode()
    assert "marquez d&#x27;abord cette réunion comme tenue" in page
    assert f"/meetings/{april_session.pk}/minutes/approve-previous/" not in page
    response = login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/minutes/approve-previous/", follow=True
    )
    assert "réunion de suivi qui s&#x27;est tenue" in response.content.decode()
    assert Minutes.objects.get().status == Minutes.Status.PUBLISHED

    meeting_mark_held(actor=cast.secretariat, meeting=april_session)
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/").content.decode()
    assert f"/meetings/{april_session.pk}/minutes/approve-previous/" in page
    minutes_approve(actor=cast.secretariat, at_meeting=april_session)
    assert Minutes.objects.get().status == Minutes.Status.APPROVED


def test_a_draft_before_the_start_says_why_it_is_not_published(cast, login):
    from datetime import timedelta

    from django.utils import timezone

    meeting = meeting_create(
        actor=cast.secretariat,
        title="Session à venir",
        starts_at=timezone.now() + timedelta(days=7),
    )
    minutes_save_draft(actor=cast.secretariat, meeting=meeting, body="Ordre du jour prévu")
    page = login(cast.secretariat).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/minutes/publish/" not in page
    assert "publié qu&#x27;une fois la réunion commencée" in page
