"""The notifications a meeting schedules: reminders, nudges to answer, cancellation notices.

They are outbox rows (core.outbox) of the kinds declared in meetings.emails, kept in step with
the meeting by ``meeting_reminders_sync``, which every service that changes a date, an
invitation or an answer calls.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import Notification

from ..emails import (
    CANCELLED,
    INVITATION,
    MINUTES_CORRECTED,
    MINUTES_PUBLISHED,
    NUDGE,
    POSTPONED,
    REMINDER,
)
from ..models import Invitation, Meeting
from ..permissions import takes_answers
from ._common import require_manager

SCHEDULED_KINDS = (REMINDER, NUDGE)


def _wanted(meeting):
    """Every reminder and nudge the meeting wants now. Each names the start time it reminds
    of, so a postponed meeting's reminders are new ones (moved from the pending old ones),
    while those already sent for the old date stay in the history. A meeting no longer
    upcoming (``Meeting.is_upcoming``) wants none."""
    if not meeting.is_upcoming:
        return []
    wanted = []
    invitations = (
        meeting.invitations.of_people()
        .exclude(response__in=Invitation.NOT_COMING)
        .values_list("invitee_id", "response")
    )
    for invitee_id, response in invitations:
        plans = [(REMINDER, offset) for offset in settings.MEETING_REMINDER_OFFSETS]
        if response == Invitation.Response.PENDING:
            plans += [(NUDGE, offset) for offset in settings.MEETING_NUDGE_OFFSETS]
        for kind, offset in plans:
            wanted += kind.to(
                [invitee_id],
                target=meeting,
                due_at=meeting.starts_at - offset,
                offset=int(offset.total_seconds()),
                starts_at=meeting.starts_at.isoformat(),
            )
    return wanted


@transaction.atomic
def invitations_notify(*, invitations):
    """One invitation e-mail per new invitation, written with the invitations themselves (an
    invitation is never saved without its e-mail, nor e-mailed when its saving fails).

    The e-mail asks for an answer, so it goes only while the meeting asks for one
    (``permissions.takes_answers``): an invitation to a meeting without a date waits for the
    date (``meeting_invitations_announce``); one recorded for a past meeting is not sent."""
    outbox.notifications_plan(
        planned
        for invitation in invitations
        if invitation.invitee_id is not None and takes_answers(invitation.meeting)
        for planned in INVITATION.to(
            [invitation.invitee_id], target=invitation.meeting, invitation=invitation.pk
        )
    )


@transaction.atomic
def meeting_invitations_announce(*, meeting):
    """The meeting has just started asking for answers (it got its date): send the invitations
    it kept until then. Those already sent are not sent again (one e-mail per invitation); the
    people added to the register on the day were not invited."""
    invitations = list(meeting.invitations.filter(added_late=False))
    for invitation in invitations:
        invitation.meeting = meeting
    invitations_notify(invitations=invitations)


@transaction.atomic
def minutes_publication_notify(*, minutes):
    """Tell the invitees that the minutes are published: once per person and published
    version (a corrected version published again is announced again)."""
    from ..selectors import minutes_recipients

    outbox.notifications_plan(
        MINUTES_PUBLISHED.to(
            minutes_recipients(minutes), target=minutes.meeting, version=minutes.published_version
        )
    )


@transaction.atomic
def minutes_correction_notify(*, minutes, version):
    """Tell the invitees of the minutes' publication (``selectors.minutes_recipients``) that
    they were corrected: once per person and correction."""
    from ..selectors import minutes_recipients

    outbox.notifications_plan(
        MINUTES_CORRECTED.to(
            minutes_recipients(minutes), target=minutes.meeting, version=version.number
        )
    )


@transaction.atomic
def meeting_reminders_sync(*, meeting):
    """Keep the meeting's pending reminders and nudges in step with its date and invitees."""
    outbox.notifications_sync(target=meeting, kinds=SCHEDULED_KINDS, wanted=_wanted(meeting))


@transaction.atomic
def meeting_cancellation_notify(*, meeting, change):
    """A cancelled meeting sends no reminder: each invitee who had not declined is told once
    that it will not take place, and why (``change``, the cancellation)."""
    outbox.notifications_cancel(target=meeting, kinds=SCHEDULED_KINDS)
    outbox.notifications_plan(CANCELLED.to(_coming(meeting), target=meeting, change=change.pk))


@transaction.atomic
def meeting_postponement_notify(*, meeting, change):
    """Each invitee who had not declined is told the new date at once, with the updated
    calendar entry (their reminders have moved with the meeting); the row carries the
    postponement (``change``) it announces."""
    outbox.notifications_plan(
        POSTPONED.to(
            _coming(meeting),
            target=meeting,
            starts_at=meeting.starts_at.isoformat(),
            change=change.pk,
        )
    )


def _coming(meeting):
    """The invitees who have neither declined nor handed their seat over."""
    return (
        meeting.invitations.of_people()
        .exclude(response__in=Invitation.NOT_COMING)
        .values_list("invitee_id", flat=True)
    )


def plan_upcoming_meeting_reminders():
    """Safety net run by beat: re-sync every meeting still to come within the longest offset
    (a meeting whose invitations came from an import, or before this feature existed)."""
    offsets = settings.MEETING_REMINDER_OFFSETS + settings.MEETING_NUDGE_OFFSETS
    if not offsets:
        return 0
    now = timezone.now()
    meetings = Meeting.objects.upcoming().filter(
        starts_at__lte=now + max(offsets) + timedelta(days=1)
    )
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
