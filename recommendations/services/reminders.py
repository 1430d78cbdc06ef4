"""Due-date reminders: to the focal person (or, without one, the lead structure's DSIs) some
days before the due date, then once a week while the recommendation is overdue.

The planner runs every hour and plans what is due today; each reminder has a key naming the
recommendation, its due date and the week, so planning again never repeats one, and a new due
date starts afresh.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import outbox
from core.models import Notification

from ..models import Recommendation

DUE_SOON = "recommendations.due_soon"
OVERDUE = "recommendations.overdue"
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
    content_type = ContentType.objects.get_for_model(Recommendation)
    # Planned at night, they still leave when the working day starts.
    due_at = max(now, timezone.make_aware(datetime.combine(today, OFFICE_OPENS)))
    rows = []
    for recommendation in recommendations:
        due = recommendation.due_date
        week = recommendation.overdue_week
        if week is None:
            kind, key = DUE_SOON, f"{DUE_SOON}:{recommendation.pk}:{due}"
        else:
            kind, key = OVERDUE, f"{OVERDUE}:{recommendation.pk}:{due}:{week}"
        for user in recipients[recommendation.pk]:
            rows.append(
                Notification(
                    kind=kind,
                    target_type=content_type,
                    target_id=recommendation.pk,
                    recipient=user,
                    due_at=due_at,
                    dedup_key=f"{key}:{user.pk}",
                    payload={"due_date": due.isoformat()},
                )
            )
    return outbox.notifications_schedule_many(rows)
