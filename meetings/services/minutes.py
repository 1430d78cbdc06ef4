from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting, Minutes, MinutesVersion
from ..permissions import (
    minutes_approval_refused,
    minutes_correction_refused,
    minutes_publication_refused,
)
from ._common import require_manager
from .reminders import minutes_correction_notify, minutes_publication_notify


def _body(body):
    body = body.strip()
    if not body:
        raise ValidationError(
            {"body": _("Le compte rendu est vide : rédigez-le avant d'enregistrer.")}
        )
    return body


@transaction.atomic
def minutes_save_draft(*, actor, meeting, body):
    """Save the draft of the minutes; each change is kept as a new numbered version.

    Once published, a change is a correction (``minutes_correct``), with its reason.
    """
    require_manager(actor)
    body = _body(body)
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(
            _("Ce compte rendu est approuvé : une modification s'enregistre comme correction."),
            code="approved",
        )
    if minutes.status == Minutes.Status.PUBLISHED:
        raise ValidationError(
            _("Ce compte rendu est publié : une modification s'enregistre comme correction."),
            code="published",
        )
    latest = minutes.versions.first()
    if latest is not None and latest.body == body:
        return minutes, latest
    version = MinutesVersion.objects.create(
        minutes=minutes, number=(latest.number + 1) if latest else 1, body=body, author=actor
    )
    return minutes, version


@transaction.atomic
def minutes_correct(*, actor, meeting, body, reason):
    """Correct published minutes (``permissions.minutes_correction_refused``): a new version
    marked as a correction, with its short reason, announced once to each invitee.

    Approved minutes may be corrected too: the approval stays with the version approved, and
    the correction is shown as made after the approval (``MinutesVersion.Standing``).
    """
    require_manager(actor)
    body = _body(body)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            {"correction_reason": _("Indiquez en quelques mots le motif de la correction.")}
        )
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    refused = minutes_correction_refused(minutes)
    if refused is not None:
        raise refused
    latest = minutes.versions.first()
    if latest.body == body:
        raise ValidationError(
            {"body": _("Le texte n'a pas changé : il n'y a rien à corriger.")}, code="unchanged"
        )
    version = MinutesVersion(
        minutes=minutes,
        number=latest.number + 1,
        body=body,
        author=actor,
        correction_reason=reason,
    )
    version.full_clean(exclude=["minutes", "author"])
    version.save()
    minutes_correction_notify(minutes=minutes, version=version)
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
    # The text approved is the newest: a later correction is made after the approval.
    minutes.approved_version = minutes.versions.first().number
    minutes.save(update_fields=["status", "approved_at", "approved_at_meeting", "approved_version"])
    return minutes
