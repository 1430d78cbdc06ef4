"""The notifications a meeting schedules: reminders, nudges to answer, cancellation notices.

They are outbox rows (core.outbox), kept in step with the meeting by ``meeting_reminders_sync``,
which every service that changes a date, an invitation or an answer calls.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import Notification

from ..models import Invitation, Meeting
from ._common import require_manager

INVITATION = "meetings.invitation"
MINUTES_PUBLISHED = "meetings.minutes_published"
REMINDER = "meetings.reminder"
NUDGE = "meetings.nudge"
CANCELLED = "meetings.cancelled"
POSTPONED = "meetings.postponed"
SCHEDULED_KINDS = (REMINDER, NUDGE)
# Someone who declined or handed their seat to a delegate gets no reminder.
NOT_COMING = (Invitation.Response.DECLINED, Invitation.Response.DELEGATED)


def _stamp(moment):
    return timezone.localtime(moment).strftime("%Y%m%dT%H%M")


def _wanted(meeting):
    """Every reminder and nudge the meeting wants now, by dedup key. The key holds the start
    time, so a postponed meeting's reminders are new ones (moved from the pending old ones),
    while those already sent for the old date stay in the history."""
    if meeting.starts_at is None or meeting.status in (
        Meeting.Status.HELD,
        Meeting.Status.CANCELLED,
    ):
        return {}
    start = _stamp(meeting.starts_at)
    wanted = {}
    invitations = meeting.invitations.exclude(response__in=NOT_COMING).values_list(
        "invitee_id", "response"
    )
    for invitee_id, response in invitations:
        plans = [(REMINDER, offset) for offset in settings.MEETING_REMINDER_OFFSETS]
        if response == Invitation.Response.PENDING:
            plans += [(NUDGE, offset) for offset in settings.MEETING_NUDGE_OFFSETS]
        for kind, offset in plans:
            seconds = int(offset.total_seconds())
            key = f"{kind}:{meeting.pk}:{invitee_id}:{seconds}:{start}"
            wanted[key] = outbox.Wanted(
                kind=kind,
                recipient_id=invitee_id,
                due_at=meeting.starts_at - offset,
                slot=f"{kind}:{invitee_id}:{seconds}",
                payload={"offset": seconds, "starts_at": meeting.starts_at.isoformat()},
            )
    return wanted


@transaction.atomic
def invitations_notify(*, invitations):
    """One invitation e-mail per new invitation, written with the invitations themselves (an
    invitation is never saved without its e-mail, nor e-mailed when its saving fails)."""
    by_meeting = {}
    for invitation in invitations:
        by_meeting.setdefault(invitation.meeting_id, (invitation.meeting, []))[1].append(invitation)
    for meeting, invited in by_meeting.values():
        outbox.notifications_due_now(
            kind=INVITATION,
            target=meeting,
            recipients=(
                (i.invitee_id, f"{INVITATION}:{i.pk}", {"invitation": i.pk}) for i in invited
            ),
        )


@transaction.atomic
def minutes_publication_notify(*, minutes):
    """Tell the invitees that the minutes are published: once per person and published
    version (a corrected version published again is announced again)."""
    from ..selectors import minutes_recipients

    key = f"{MINUTES_PUBLISHED}:{minutes.pk}:{minutes.published_version}"
    outbox.notifications_due_now(
        kind=MINUTES_PUBLISHED,
        target=minutes.meeting,
        recipients=((user_id, f"{key}:{user_id}", None) for user_id in minutes_recipients(minutes)),
    )


@transaction.atomic
def meeting_reminders_sync(*, meeting):
    """Keep the meeting's pending reminders and nudges in step with its date and invitees."""
    outbox.notifications_sync(target=meeting, kinds=SCHEDULED_KINDS, wanted=_wanted(meeting))


@transaction.atomic
def meeting_cancellation_notify(*, meeting):
    """A cancelled meeting sends no reminder: each invitee who had not declined is told once
    that it will not take place."""
    outbox.notifications_cancel(target=meeting, kinds=SCHEDULED_KINDS)
    outbox.notifications_due_now(
        kind=CANCELLED,
        target=meeting,
        recipients=(
            (invitee_id, f"{CANCELLED}:{meeting.pk}:{invitee_id}", None)
            for invitee_id in _coming(meeting)
        ),
    )


@transaction.atomic
def meeting_postponement_notify(*, meeting):
    """Each invitee who had not declined is told the new date at once, with the updated
    calendar entry (their reminders have moved with the meeting)."""
    start = _stamp(meeting.starts_at)
    payload = {"starts_at": meeting.starts_at.isoformat()}
    outbox.notifications_due_now(
        kind=POSTPONED,
        target=meeting,
        recipients=(
            (invitee_id, f"{POSTPONED}:{meeting.pk}:{invitee_id}:{start}", payload)
            for invitee_id in _coming(meeting)
        ),
    )


def _coming(meeting):
    """The invitees who have neither declined nor handed their seat over."""
    return meeting.invitations.exclude(response__in=NOT_COMING).values_list("invitee_id", flat=True)


def plan_upcoming_meeting_reminders():
    """Safety net run by beat: re-sync every meeting still to come within the longest offset
    (a meeting whose invitations came from an import, or before this feature existed)."""
    offsets = settings.MEETING_REMINDER_OFFSETS + settings.MEETING_NUDGE_OFFSETS
    if not offsets:
        return 0
    now = timezone.now()
    meetings = Meeting.objects.filter(
        starts_at__gt=now, starts_at__lte=now + max(offsets) + timedelta(days=1)
    ).exclude(status__in=(Meeting.Status.HELD, Meeting.Status.CANCELLED))
    count = 0
    for meeting in meetings:
        meeting_reminders_sync(meeting=meeting)
        count += 1
    return count


@transaction.atomic
def meeting_notification_resend(*, actor, meeting, notification_id):
    """The Secretariat sends a failed notification of its meeting again."""
    require_manager(actor)
    notification = Notification.objects.for_target(meeting).get(pk=notification_id)
    return outbox.notification_resend(notification=notification)
