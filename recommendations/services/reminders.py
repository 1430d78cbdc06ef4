"""Due-date reminders: to the focal person (or, without one, the lead structure's DSIs) some
days before the due date, then once a week while the recommendation is overdue.

The planner runs every hour and plans what is due today; each reminder has a key naming the
recommendation, its due date and the week, so planning again never repeats one, and a new due
date starts afresh.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import outbox

from ..emails import DUE_SOON, OVERDUE
from ..models import Recommendation

OFFICE_OPENS = time(8)


def reminder_recipients(recommendations):
    """{recommendation pk: [users]}: the active focal person, else the lead structure's DSIs."""
    structures = {r.lead_structure_id for r in recommendations}
    dsis = defaultdict(list)
    for user in User.objects.active_with_role(Role.DSI).filter(structure_id__in=structures):
        dsis[user.structure_id].append(user)
    return {
        r.pk: (
            [r.focal_person]
            if r.focal_person_id and r.focal_person.is_active
            else dsis[r.lead_structure_id]
        )
        for r in recommendations
    }


@transaction.atomic
def recommendation_reminders_plan(*, now=None):
    """Plan today's due-date and overdue reminders; returns how many were new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.RECOMMENDATION_REMINDER_DAYS)
    recommendations = list(
        Recommendation.objects.open()
        .with_states(now=now)
        .filter(due_date__isnull=False, due_date__lte=horizon)
        .select_related("focal_person")
        .only("pk", "due_date", "lead_structure_id", "focal_person")
    )
    recipients = reminder_recipients(recommendations)
    # Planned at night, they still leave when the working day starts.
    due_at = max(now, timezone.make_aware(datetime.combine(today, OFFICE_OPENS)))
    planned = []
    for recommendation in recommendations:
        due = recommendation.due_date
        week = recommendation.overdue_week
        recipients_of = recipients[recommendation.pk]
        if week is None:
            planned += DUE_SOON.to(
                recipients_of, target=recommendation, due_at=due_at, due_date=due.isoformat()
            )
        else:
            planned += OVERDUE.to(
                recipients_of,
                target=recommendation,
                due_at=due_at,
                due_date=due.isoformat(),
                week=week,
            )
    return outbox.notifications_plan(planned)
