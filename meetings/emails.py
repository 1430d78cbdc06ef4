"""The meetings' kinds of notification (core.outbox) and their e-mails: invitations, the
publication of minutes, reminders, nudges, postponement and cancellation notices (one message
each). Each row carries what it announces: the invitation, the date it reminds of, the
postponement or cancellation it reports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.mail import absolute_url, build_templated_email

from .extensions import reminder_sections_for
from .ics import meeting_ics
from .models import Invitation, Meeting, MeetingChange, Minutes, MinutesVersion

MEETINGS = Meeting.objects.all()


def _url(meeting):
    return absolute_url(reverse("meetings:detail", args=[meeting.pk]))


def _calendar_entry(meeting):
    """The meeting's .ics (a cancelled one marked so, which lets calendar clients take it off)."""
    if meeting.starts_at is None:
        return []
    return [(f"reunion-{meeting.pk}.ics", meeting_ics(meeting), "text/calendar")]


def build_invitation(notification, meeting):
    invitation = (
        Invitation.objects.filter(pk=notification.payload.get("invitation"), meeting=meeting)
        .select_related("invitee", "delegated_from__invitee")
        .first()
    )
    if invitation is None or meeting.is_cancelled:
        # Withdrawn or cancelled before the worker got to it: nothing to say.
        return None
    return build_templated_email(
        to=[invitation.invitee.email],
        template="meetings/email/invitation",
        context={"invitation": invitation, "meeting": meeting, "url": _url(meeting)},
        attachments=_calendar_entry(meeting),
    )


def build_minutes_published(notification, meeting):
    minutes = Minutes.objects.filter(meeting=meeting, published_version__isnull=False).first()
    if minutes is None:
        return None
    return build_templated_email(
        to=[notification.recipient.email],
        template="meetings/email/minutes_published",
        context={"meeting": meeting, "minutes": minutes, "url": _url(meeting)},
    )


def build_minutes_corrected(notification, meeting):
    """The correction the row announces, with its reason, while the minutes are public."""
    version = (
        MinutesVersion.objects.filter(
            minutes__meeting=meeting,
            minutes__status__in=Minutes.PUBLIC_STATUSES,
            number=notification.payload.get("version"),
        )
        .select_related("minutes__approved_at_meeting")
        .first()
    )
    if version is None or not version.is_correction:
        return None
    url = reverse("meetings:minutes_versions", args=[meeting.pk])
    return build_templated_email(
        to=[notification.recipient.email],
        template="meetings/email/minutes_corrected",
        context={
            "meeting": meeting,
            "minutes": version.minutes,
            "version": version,
            "url": absolute_url(f"{url}?b={version.number}"),
        },
    )


def _invitation_for(notification, meeting):
    """The recipient's invitation to the meeting, if it still stands."""
    invitation = (
        Invitation.objects.filter(meeting=meeting, invitee_id=notification.recipient_id)
        .select_related("invitee__structure")
        .first()
    )
    if invitation is not None:
        invitation.meeting = meeting
    return invitation


def _starts_as_planned(notification, meeting):
    """The meeting still starts at the time the row was planned for."""
    return (
        meeting.starts_at is not None
        and notification.payload.get("starts_at") == meeting.starts_at.isoformat()
    )


def _still_ahead(notification, invitation):
    """A reminder or nudge is said only for the date it was planned for, before the meeting,
    to an invitee who is still expected."""
    if invitation is None:
        return False
    meeting = invitation.meeting
    return (
        _starts_as_planned(notification, meeting)
        and meeting.is_upcoming
        and invitation.response not in Invitation.NOT_COMING
    )


def _meeting_email(invitation, template, **context):
    meeting = invitation.meeting
    return build_templated_email(
        to=[invitation.invitee.email],
        template=template,
        context={"invitation": invitation, "meeting": meeting, "url": _url(meeting), **context},
        attachments=_calendar_entry(meeting),
    )


def build_reminder(notification, meeting):
    invitation = _invitation_for(notification, meeting)
    if not _still_ahead(notification, invitation):
        return None
    return _meeting_email(
        invitation,
        "meetings/email/reminder",
        answered=invitation.response != Invitation.Response.PENDING,
        sections=reminder_sections_for(meeting, invitation.invitee),
    )


def build_nudge(notification, meeting):
    invitation = _invitation_for(notification, meeting)
    if not _still_ahead(notification, invitation):
        return None
    if invitation.response != Invitation.Response.PENDING:
        return None
    return _meeting_email(invitation, "meetings/email/nudge")


def _change(notification, meeting):
    """The postponement or cancellation the row announces."""
    return MeetingChange.objects.filter(
        pk=notification.payload.get("change"), meeting=meeting
    ).first()


def build_cancellation(notification, meeting):
    invitation = _invitation_for(notification, meeting)
    if invitation is None or meeting.status != Meeting.Status.CANCELLED:
        return None
    change = _change(notification, meeting)
    return _meeting_email(
        invitation, "meetings/email/cancelled", reason=change.reason if change else ""
    )


def build_postponement(notification, meeting):
    invitation = _invitation_for(notification, meeting)
    if invitation is None or meeting.is_cancelled or invitation.response in Invitation.NOT_COMING:
        return None
    if not _starts_as_planned(notification, meeting):
        return None  # postponed again since: the later notice says the right date
    change = _change(notification, meeting)
    return _meeting_email(
        invitation,
        "meetings/email/postponed",
        old_starts_at=change.old_starts_at if change else None,
        reason=change.reason if change else "",
    )


# One per invitation.
INVITATION = outbox.kind_declare(
    "meetings.invitation",
    _("Invitation"),
    build=build_invitation,
    targets=MEETINGS,
    key=("invitation",),
)
# One per published version and person: a corrected version published again is announced again.
MINUTES_PUBLISHED = outbox.kind_declare(
    "meetings.minutes_published",
    _("Compte rendu publié"),
    build=build_minutes_published,
    targets=MEETINGS,
    key=("version",),
)
# One per correction and person.
MINUTES_CORRECTED = outbox.kind_declare(
    "meetings.minutes_corrected",
    _("Compte rendu corrigé"),
    build=build_minutes_corrected,
    targets=MEETINGS,
    key=("version",),
)
# One per offset before the start and invitee; when the meeting moves, a pending one follows.
REMINDER = outbox.kind_declare(
    "meetings.reminder",
    _("Rappel avant la réunion"),
    build=build_reminder,
    targets=MEETINGS,
    key=("offset", "starts_at"),
    moves=("starts_at",),
)
NUDGE = outbox.kind_declare(
    "meetings.nudge",
    _("Relance : invitation sans réponse"),
    build=build_nudge,
    targets=MEETINGS,
    key=("offset", "starts_at"),
    moves=("starts_at",),
)
CANCELLED = outbox.kind_declare(
    "meetings.cancelled", _("Avis d'annulation"), build=build_cancellation, targets=MEETINGS
)
# One per new date and invitee.
POSTPONED = outbox.kind_declare(
    "meetings.postponed",
    _("Avis de report"),
    build=build_postponement,
    targets=MEETINGS,
    key=("starts_at",),
)
