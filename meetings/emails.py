"""The meetings' e-mails: invitations, the publication of minutes, and the outbox's
reminders, nudges and cancellation notices (one message each)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.mail import absolute_url, build_templated_email

from .extensions import reminder_sections_for
from .ics import meeting_ics
from .models import Invitation, Meeting, MeetingChange, Minutes
from .services.reminders import (
    CANCELLED,
    INVITATION,
    MINUTES_PUBLISHED,
    NOT_COMING,
    NUDGE,
    POSTPONED,
    REMINDER,
)


@outbox.register(INVITATION, _("Invitation"))
def build_invitation(notification):
    invitation = (
        Invitation.objects.filter(pk=notification.payload.get("invitation"))
        .select_related("invitee", "meeting", "delegated_from__invitee")
        .first()
    )
    if invitation is None or invitation.meeting.is_cancelled or not invitation.invitee.is_active:
        # Withdrawn or cancelled before the worker got to it: nothing to say.
        return None
    meeting = invitation.meeting
    attachments = (
        [(f"reunion-{meeting.pk}.ics", meeting_ics(meeting), "text/calendar")]
        if meeting.starts_at
        else []
    )
    return build_templated_email(
        to=[invitation.invitee.email],
        template="meetings/email/invitation",
        context={
            "invitation": invitation,
            "meeting": meeting,
            "url": absolute_url(reverse("meetings:detail", args=[meeting.pk])),
        },
        attachments=attachments,
    )


@outbox.register(MINUTES_PUBLISHED, _("Compte rendu publié"))
def build_minutes_published(notification):
    minutes = (
        Minutes.objects.select_related("meeting")
        .filter(meeting_id=notification.target_id, published_version__isnull=False)
        .first()
    )
    if minutes is None or not notification.recipient.is_active:
        return None
    meeting = minutes.meeting
    return build_templated_email(
        to=[notification.recipient.email],
        template="meetings/email/minutes_published",
        context={
            "meeting": meeting,
            "minutes": minutes,
            "url": absolute_url(reverse("meetings:detail", args=[meeting.pk])),
        },
    )


def _invitation_for(notification):
    """The recipient's invitation to the notification's meeting, if it still stands."""
    return (
        Invitation.objects.filter(
            meeting_id=notification.target_id, invitee_id=notification.recipient_id
        )
        .select_related("meeting", "invitee__structure")
        .first()
    )


def _still_ahead(notification, invitation):
    """A reminder or nudge is said only for the date it was planned for, before the meeting,
    to an active invitee who is still expected."""
    if invitation is None or not invitation.invitee.is_active:
        return False
    meeting = invitation.meeting
    return (
        meeting.starts_at is not None
        and meeting.starts_at > timezone.now()
        and meeting.status not in (Meeting.Status.HELD, Meeting.Status.CANCELLED)
        and notification.payload.get("starts_at") == meeting.starts_at.isoformat()
        and invitation.response not in NOT_COMING
    )


def _meeting_email(notification, invitation, template, **context):
    meeting = invitation.meeting
    url = absolute_url(reverse("meetings:detail", args=[meeting.pk]))
    return build_templated_email(
        to=[invitation.invitee.email],
        template=template,
        context={"invitation": invitation, "meeting": meeting, "url": url, **context},
        attachments=[(f"reunion-{meeting.pk}.ics", meeting_ics(meeting), "text/calendar")],
    )


@outbox.register(REMINDER, _("Rappel avant la réunion"))
def build_reminder(notification):
    invitation = _invitation_for(notification)
    if not _still_ahead(notification, invitation):
        return None
    return _meeting_email(
        notification,
        invitation,
        "meetings/email/reminder",
        answered=invitation.response != Invitation.Response.PENDING,
        sections=reminder_sections_for(invitation.meeting, invitation.invitee),
    )


@outbox.register(NUDGE, _("Relance : invitation sans réponse"))
def build_nudge(notification):
    invitation = _invitation_for(notification)
    if not _still_ahead(notification, invitation):
        return None
    if invitation.response != Invitation.Response.PENDING:
        return None
    return _meeting_email(notification, invitation, "meetings/email/nudge")


@outbox.register(CANCELLED, _("Avis d'annulation"))
def build_cancellation(notification):
    invitation = _invitation_for(notification)
    if invitation is None or invitation.meeting.status != Meeting.Status.CANCELLED:
        return None
    meeting = invitation.meeting
    change = (
        MeetingChange.objects.filter(meeting=meeting, status=Meeting.Status.CANCELLED)
        .order_by("-pk")
        .first()
    )
    # The calendar entry, marked cancelled, lets calendar clients take the meeting off.
    attachments = (
        [(f"reunion-{meeting.pk}.ics", meeting_ics(meeting), "text/calendar")]
        if meeting.starts_at
        else []
    )
    return build_templated_email(
        to=[invitation.invitee.email],
        template="meetings/email/cancelled",
        attachments=attachments,
        context={
            "invitation": invitation,
            "meeting": meeting,
            "reason": change.reason if change else "",
            "url": absolute_url(reverse("meetings:detail", args=[meeting.pk])),
        },
    )


@outbox.register(POSTPONED, _("Avis de report"))
def build_postponement(notification):
    invitation = _invitation_for(notification)
    if invitation is None or not invitation.invitee.is_active:
        return None
    meeting = invitation.meeting
    if meeting.is_cancelled or invitation.response in NOT_COMING or meeting.starts_at is None:
        return None
    if notification.payload.get("starts_at") != meeting.starts_at.isoformat():
        return None  # postponed again since: the later notice says the right date
    change = (
        MeetingChange.objects.filter(meeting=meeting, status=Meeting.Status.POSTPONED)
        .order_by("-pk")
        .first()
    )
    return _meeting_email(
        notification,
        invitation,
        "meetings/email/postponed",
        old_starts_at=change.old_starts_at if change else None,
        reason=change.reason if change else "",
    )
