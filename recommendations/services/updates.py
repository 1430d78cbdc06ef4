from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import store_uploads, stored_copies
from core.formats import formatted

from ..models import Evidence, Recommendation, Status, StatusUpdate
from ..permissions import can_manage_recommendations, can_propose_update, can_resubmit_update
from ._audit import record_changes, snapshot
from .notifications import update_rejected_notify, update_submitted_notify
from .recommendations import check_status_reason, require_manager


def completed_progress_note(update):
    """What the history and the Secretariat read when an update declared implemented below
    100 % is validated: the recommendation is recorded at 100 % (``progress_recorded``)."""
    return _(
        "Mise en œuvre validée : l'avancement est enregistré à 100 %% (déclaré : %(declared)s)."
    ) % {"declared": formatted(update.progress, "percent")}


def _apply(*, actor, update):
    """Make the update the recommendation's current state, with an audit trail. Declared
    implemented below 100 %, it is recorded at 100 %, and the history says why."""
    recommendation = Recommendation.objects.select_for_update().get(pk=update.recommendation_id)
    before = snapshot(recommendation)
    recommendation.status = update.status
    recommendation.progress = update.recorded_progress
    recommendation.status_reason = update.status_reason
    recommendation.last_validated_at = timezone.now()
    recommendation.save(
        update_fields=["status", "progress", "status_reason", "last_validated_at", "updated_at"]
    )
    notes = None
    if update.progress_completed:
        field = (
            "progress" if before["progress"] != snapshot(recommendation)["progress"] else "status"
        )
        notes = {field: completed_progress_note(update)}
    record_changes(actor=actor, recommendation=recommendation, before=before, notes=notes)
    update.state = StatusUpdate.State.VALIDATED
    update.reviewed_by = actor
    update.reviewed_at = timezone.now()
    update.save(update_fields=["state", "reviewed_by", "reviewed_at"])


@transaction.atomic
def update_submit(
    *, actor, recommendation, status, progress, comment, status_reason="", evidence=()
):
    """Report progress on a recommendation. A DSI's update waits for the Secretariat's
    validation; the Secretariat's own update applies at once. "Implemented" needs evidence."""
    if not can_propose_update(actor, recommendation):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Décrivez ce qui a été fait depuis la dernière mise à jour.")}
        )
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("L'avancement est un pourcentage entre 0 et 100.")})
    if status == Status.IMPLEMENTED and not evidence:
        raise ValidationError(
            {
                "evidence": _(
                    "Joignez au moins une pièce justificative pour déclarer la recommandation "
                    "mise en œuvre."
                )
            }
        )
    check_status_reason(status, status_reason)
    update = StatusUpdate.objects.create(
        recommendation=recommendation,
        author=actor,
        status=status,
        progress=progress,
        comment=comment.strip(),
        status_reason=status_reason.strip(),
    )
    store_uploads(model=Evidence, files=evidence, update=update)
    if can_manage_recommendations(actor):
        _apply(actor=actor, update=update)
    else:
        update_submitted_notify(update=update)
    return update


@transaction.atomic
def update_resubmit(
    *, actor, rejected, status, progress, comment, status_reason="", evidence=(), kept=()
):
    """Send again, corrected, an update the Secretariat rejected: a new pending update, with
    the new files and a copy of each ``kept`` file of the rejected one (copies, so that they
    survive the rejected update). Only its author's structure does it, once."""
    rejected = (
        StatusUpdate.objects.select_for_update(of=("self",))
        .select_related("recommendation", "author")
        .get(pk=rejected.pk)
    )
    # Who may, then whether it is still to do: a second click says why, it is not refused.
    if not can_resubmit_update(actor, rejected, awaiting={rejected.pk}):
        raise PermissionDenied
    if (
        not StatusUpdate.objects.awaiting_resubmission(actor.structure_id)
        .filter(pk=rejected.pk)
        .exists()
    ):
        raise ValidationError(
            _(
                "Votre structure a déjà envoyé une mise à jour plus récente de cette "
                "recommandation : c'est elle que le Secrétariat examine."
            ),
            code="already_resubmitted",
        )
    kept = list(rejected.evidence.filter(pk__in=[e.pk for e in kept]).order_by("pk"))
    return update_submit(
        actor=actor,
        recommendation=rejected.recommendation,
        status=status,
        progress=progress,
        comment=comment,
        status_reason=status_reason,
        evidence=[*stored_copies(kept), *evidence],
    )


def _pending(update):
    update = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != StatusUpdate.State.PENDING:
        raise ValidationError(_("Cette mise à jour a déjà été traitée."), code="not_pending")
    return update


@transaction.atomic
def update_validate(*, actor, update):
    """The Secretariat validates a pending update: the recommendation takes its status. An
    update older than the last validated one is superseded: validating it would turn the
    recommendation back to an older state."""
    require_manager(actor)
    # Validations of one recommendation queue on its row, so "the last validated" holds.
    Recommendation.objects.select_for_update().get(pk=update.recommendation_id)
    update = _pending(update)
    newer = StatusUpdate.objects.filter(
        recommendation_id=update.recommendation_id, state=StatusUpdate.State.VALIDATED
    ).filter(
        Q(created_at__gt=update.created_at) | Q(created_at=update.created_at, pk__gt=update.pk)
    )
    if newer.exists():
        raise ValidationError(
            _(
                "Une mise à jour plus récente de cette recommandation a déjà été validée : "
                "celle-ci est dépassée. Rejetez-la en indiquant qu'elle est remplacée."
            ),
            code="superseded",
        )
    _apply(actor=actor, update=update)


@transaction.atomic
def update_reject(*, actor, update, reason):
    """The Secretariat rejects a pending update with a reason the DSI sees and receives."""
    require_manager(actor)
    update = _pending(update)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Expliquez au DSI pourquoi la mise à jour est rejetée.")}
        )
    update.state = StatusUpdate.State.REJECTED
    update.rejection_reason = reason.strip()
    update.reviewed_by = actor
    update.reviewed_at = timezone.now()
    update.save(update_fields=["state", "rejection_reason", "reviewed_by", "reviewed_at"])
    update_rejected_notify(update=update)
    return update


@transaction.atomic
def update_mark_reviewed(*, actor, update, meeting):
    """Record, once, that a session reviewed this update: only a validated update, at a session
    not cancelled, held at or after the one that adopted the recommendation."""
    require_manager(actor)
    update = (
        StatusUpdate.objects.select_for_update(of=("self",))
        .select_related("recommendation__meeting")
        .get(pk=update.pk)
    )
    if update.state != StatusUpdate.State.VALIDATED:
        raise ValidationError(
            _("Seule une mise à jour validée peut être marquée comme examinée."),
            code="not_validated",
        )
    if update.reviewed_at_meeting_id is not None:
        raise ValidationError(
            _("Cette mise à jour est déjà marquée comme examinée."), code="already_reviewed"
        )
    if meeting is None or not (
        update.recommendation.meetings_for_review().filter(pk=meeting.pk).exists()
    ):
        raise ValidationError(
            {
                "meeting": _(
                    "Choisissez une session non annulée, tenue depuis celle qui a adopté la "
                    "recommandation."
                )
            },
            code="not_a_review_meeting",
        )
    update.reviewed_at_meeting = meeting
    update.save(update_fields=["reviewed_at_meeting"])
    return update
