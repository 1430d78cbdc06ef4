from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import SharedService, Situation
from ..permissions import can_report_situation

FIELDS = ["staff_engineers", "staff_technicians", "staff_other", "difficulties", "proposals"] + [
    service.value for service in SharedService
]


@transaction.atomic
def situation_submit(*, actor, meeting, **fields):
    """Record a new dated snapshot of the actor's structure for this session."""
    if not can_report_situation(actor, meeting):
        raise PermissionDenied
    if meeting.status == meeting.Status.HELD:
        raise ValidationError(
            _("Cette session est terminée : la situation ne peut plus être modifiée."), code="held"
        )
    situation = Situation(
        meeting=meeting,
        structure_id=actor.structure_id,
        submitted_by=actor,
        **{name: fields[name] for name in FIELDS if name in fields},
    )
    situation.full_clean()
    situation.save()
    return situation
