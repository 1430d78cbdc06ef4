from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import SharedService, Situation
from ..permissions import answers_closed, can_report_situation, is_situation_respondent

FIELDS = ["staff_engineers", "staff_technicians", "staff_other", "difficulties", "proposals"] + [
    service.value for service in SharedService
]


@transaction.atomic
def situation_submit(*, actor, meeting, **fields):
    """Record a new dated snapshot of the actor's structure for this session, while it asks
    (``permissions.can_report_situation``)."""
    if not can_report_situation(actor, meeting):
        if not is_situation_respondent(actor, meeting):
            raise PermissionDenied
        raise answers_closed(meeting)
    situation = Situation(
        meeting=meeting,
        structure_id=actor.structure_id,
        submitted_by=actor,
        **{name: fields[name] for name in FIELDS if name in fields},
    )
    situation.full_clean()
    situation.save()
    return situation
