from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting

from ..models import Recommendation, Status, progress_recorded
from ..permissions import can_manage_recommendations
from ._audit import AUDITED_FIELDS, record_changes, snapshot
from .references import session_prefix

# Every field a service may set is audited.
FIELDS = AUDITED_FIELDS


def require_manager(actor):
    if not can_manage_recommendations(actor):
        raise PermissionDenied


def check_status_reason(status, reason, *, field="status_reason"):
    """An abandoned recommendation says why; a blocked one says what blocks it."""
    if status == Status.ABANDONED and not reason.strip():
        raise ValidationError({field: _("Indiquez pourquoi la recommandation est abandonnée.")})
    if status == Status.BLOCKED and not reason.strip():
        raise ValidationError({field: _("Indiquez ce qui bloque la recommandation.")})


def implemented_needs_evidence_error():
    """What the Secretariat reads when it sets "implemented" without a validated proof."""
    return ValidationError(
        {
            "status": _(
                "Une recommandation n'est déclarée mise en œuvre qu'avec une pièce "
                "justificative validée : enregistrez plutôt une mise à jour avec sa pièce "
                "justificative."
            )
        },
        code="implemented_without_evidence",
    )


def _check(recommendation):
    check_status_reason(recommendation.status, recommendation.status_reason)
    if (
        recommendation.agenda_item_id
        and recommendation.agenda_item.meeting_id != recommendation.meeting_id
    ):
        raise ValidationError({"agenda_item": _("Ce point n'appartient pas à cette session.")})
    if recommendation.focal_person_id and (
        recommendation.focal_person.structure_id != recommendation.lead_structure_id
    ):
        raise ValidationError(
            {"focal_person": _("Le point focal doit appartenir à la structure pilote.")}
        )
    recommendation.full_clean(exclude=["reference", "number"])


def _apply_state_rules(recommendation, *, before):
    """The rules of a state set by hand (the edit form, the import), the same as those of a
    validated update: "implemented" needs a validated proof and means 100 %, and a new state
    counts as validated now."""
    status_changed = recommendation.status != before.get("status")
    if recommendation.status == Status.IMPLEMENTED:
        if status_changed and not (recommendation.pk and recommendation.has_validated_evidence()):
            raise implemented_needs_evidence_error()
        recommendation.progress = progress_recorded(recommendation.status, recommendation.progress)
    if status_changed or recommendation.progress != before.get("progress"):
        recommendation.last_validated_at = timezone.now()


def _save(recommendation):
    """Save, telling the Secretariat in French if the reference was given meanwhile."""
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError as error:
        raise ValidationError(
            _(
                "La référence %(reference)s est déjà attribuée à une autre recommandation : "
                "rien n'a été enregistré. Réessayez ; si le problème persiste, prévenez "
                "l'administrateur du portail."
            )
            % {"reference": recommendation.reference},
            code="reference_taken",
        ) from error


@transaction.atomic
def recommendation_create(*, actor, meeting, contributors=(), **fields):
    """Record a recommendation adopted at a session, with a unique reference such as
    R-2022-01-03 (year, session rank, number). Concurrent creations queue on the session row;
    the session's prefix is fixed at its first recommendation. A cancelled session adopts
    nothing."""
    require_manager(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.starts_at is None:
        raise ValidationError({"meeting": _("Datez d'abord la session : la référence en dépend.")})
    if meeting.is_cancelled:
        raise ValidationError(
            {"meeting": _("Cette session est annulée : elle n'adopte pas de recommandation.")}
        )
    last = meeting.recommendations.aggregate(last=Max("number"))["last"] or 0
    recommendation = Recommendation(
        meeting=meeting, number=last + 1, **{k: v for k, v in fields.items() if k in FIELDS}
    )
    _apply_state_rules(recommendation, before={"status": Status.NOT_STARTED.value, "progress": 0})
    _check(recommendation)
    recommendation.reference = f"{session_prefix(meeting)}-{recommendation.number:02d}"
    _save(recommendation)
    recommendation.contributors.set(
        [s for s in contributors if s.pk != recommendation.lead_structure_id]
    )
    record_changes(actor=actor, recommendation=recommendation, before={}, contributors_before="")
    return recommendation


@transaction.atomic
def recommendation_update(*, actor, recommendation, contributors=None, **fields):
    """The Secretariat edits a recommendation; every changed field goes to the audit trail.
    Its status follows the rules of a validated update."""
    require_manager(actor)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    before = snapshot(recommendation)
    state_before = {"status": recommendation.status, "progress": recommendation.progress}
    contributors_before = ", ".join(sorted(s.acronym for s in recommendation.contributors.all()))
    for name, value in fields.items():
        if name in FIELDS:
            setattr(recommendation, name, value)
    _apply_state_rules(recommendation, before=state_before)
    _check(recommendation)
    recommendation.save()
    if contributors is not None:
        recommendation.contributors.set(
            [s for s in contributors if s.pk != recommendation.lead_structure_id]
        )
    record_changes(
        actor=actor,
        recommendation=recommendation,
        before=before,
        contributors_before=contributors_before if contributors is not None else None,
    )
    return recommendation
