from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting

from ..models import Recommendation, Status
from ..permissions import can_manage_recommendations
from ._audit import AUDITED_FIELDS, record_changes, snapshot

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


def _reference(meeting, number):
    ranked = Meeting.objects.with_rank().get(pk=meeting.pk)
    year = timezone.localtime(meeting.starts_at).year
    return f"R-{year}-{ranked.rank or 0:02d}-{number:02d}"


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


@transaction.atomic
def recommendation_create(*, actor, meeting, contributors=(), **fields):
    """Record a recommendation adopted at a session, with a unique reference such as
    R-2022-01-03 (year, session rank, number). Concurrent creations queue on the session row."""
    require_manager(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.starts_at is None:
        raise ValidationError({"meeting": _("Datez d'abord la session : la référence en dépend.")})
    last = meeting.recommendations.aggregate(last=Max("number"))["last"] or 0
    recommendation = Recommendation(
        meeting=meeting, number=last + 1, **{k: v for k, v in fields.items() if k in FIELDS}
    )
    recommendation.reference = _reference(meeting, recommendation.number)
    _check(recommendation)
    recommendation.save()
    recommendation.contributors.set(
        [s for s in contributors if s.pk != recommendation.lead_structure_id]
    )
    record_changes(actor=actor, recommendation=recommendation, before={}, contributors_before="")
    return recommendation


@transaction.atomic
def recommendation_update(*, actor, recommendation, contributors=None, **fields):
    """The Secretariat edits a recommendation; every changed field goes to the audit trail."""
    require_manager(actor)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    before = snapshot(recommendation)
    contributors_before = ", ".join(sorted(s.acronym for s in recommendation.contributors.all()))
    for name, value in fields.items():
        if name in FIELDS:
            setattr(recommendation, name, value)
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
