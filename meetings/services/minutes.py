from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Minutes, MinutesVersion
from ._common import require_manager


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
    """Publish the minutes to the invitees, who are notified by e-mail."""
    from ..tasks import notify_minutes_published

    require_manager(actor)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not minutes.versions.exists():
        raise ValidationError(
            _("Rédigez et enregistrez le compte rendu avant de le publier."), code="empty"
        )
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Ce compte rendu est déjà publié."), code="published")
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.published_by = actor
    minutes.save(update_fields=["status", "published_at", "published_by"])
    transaction.on_commit(lambda: notify_minutes_published.delay(minutes.pk))
    return minutes


@transaction.atomic
def minutes_approve(*, actor, minutes, at_meeting):
    """Approval is recorded at the follow-up meeting that reviews this session."""
    require_manager(actor)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.PUBLISHED:
        raise ValidationError(
            _("Seul un compte rendu publié peut être approuvé."), code="not_published"
        )
    if at_meeting.follows_up_id != minutes.meeting_id:
        raise ValidationError(
            _("L'approbation se fait lors de la réunion qui fait le suivi de cette session."),
            code="wrong_meeting",
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.save(update_fields=["status", "approved_at", "approved_at_meeting"])
    return minutes
