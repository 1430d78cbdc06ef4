from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting, Minutes, MinutesVersion
from ..permissions import minutes_approval_refused, minutes_publication_refused
from ._common import require_manager
from .reminders import minutes_publication_notify


@transaction.atomic
def minutes_save_draft(*, actor, meeting, body):
    """Save the text of the minutes; each change is kept as a new numbered version.

    Published minutes can still be corrected: the correction is a new version too.
    """
    require_manager(actor)
    body = body.strip()
    if not body:
        raise ValidationError(
            {"body": _("Le compte rendu est vide : rédigez-le avant d'enregistrer.")}
        )
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(
            _("Ce compte rendu est approuvé : il ne peut plus être modifié."), code="approved"
        )
    latest = minutes.versions.first()
    if latest is not None and latest.body == body:
        return minutes, latest
    version = MinutesVersion.objects.create(
        minutes=minutes, number=(latest.number + 1) if latest else 1, body=body, author=actor
    )
    return minutes, version


@transaction.atomic
def minutes_publish(*, actor, meeting):
    """Publish the minutes of a meeting that started (``permissions.minutes_publication_refused``);
    each invitee is notified by e-mail.

    The published version is recorded: the drafts before it stay with the Secretariat.
    """
    require_manager(actor)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    refused = minutes_publication_refused(meeting, minutes)
    if refused is not None:
        raise refused
    latest = minutes.versions.first()
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = actor
    minutes.published_version = latest.number
    minutes.save(update_fields=["status", "published_at", "published_by", "published_version"])
    minutes_publication_notify(minutes=minutes)
    return minutes


@transaction.atomic
def minutes_approve(*, actor, at_meeting):
    """Record, at this follow-up meeting once it has taken place, the approval of the minutes
    of the session it reviews (``permissions.minutes_approval_refused``)."""
    require_manager(actor)
    at_meeting = Meeting.objects.get(pk=at_meeting.pk)  # its status as it stands now
    minutes = (
        Minutes.objects.select_for_update().filter(meeting_id=at_meeting.follows_up_id).first()
        if at_meeting.follows_up_id
        else None
    )
    refused = minutes_approval_refused(at_meeting, minutes)
    if refused is not None:
        raise refused
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.save(update_fields=["status", "approved_at", "approved_at_meeting"])
    return minutes
