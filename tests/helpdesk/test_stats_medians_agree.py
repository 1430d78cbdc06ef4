"""The helpdesk's median times are computed in SQL on PostgreSQL (``_medians_in_database``) and
in Python on SQLite (``_medians``), both over one ``WorkingTimeline``. On PostgreSQL both run
on the same tickets and must give the same figures, across nights, weekends, a public holiday,
the turn of a year and 29 February."""

import random
from datetime import date, time, timedelta

import pytest
import time_machine

from helpdesk.models import Category, Holiday, Priority, Status, Ticket, WorkingPeriod
from helpdesk.selectors import Period, _medians, _medians_in_database, statistics_timeline
from tests.conftest import at

pytestmark = pytest.mark.postgresql

TODAY = at(2024, 3, 4, 10)


@pytest.fixture
def tickets(cast):
    WorkingPeriod.objects.all().delete()
    Holiday.objects.all().delete()
    for day in range(5):
        WorkingPeriod.objects.create(weekday=day, starts=time(7, 30), ends=time(12, 30))
        WorkingPeriod.objects.create(weekday=day, starts=time(13), ends=time(16))
    Holiday.objects.create(date=date(2024, 1, 1), name="Jour de l'an")
    Holiday.objects.create(date=date(2023, 12, 25), name="Noël")
    category = Category.objects.get_or_create(name="Messagerie professionnelle")[0]
    priority = Priority.objects.get_or_create(
        name="Normale", defaults={"rank": 3, "response_hours": 4, "resolution_hours": 24}
    )[0]
    # A fixed seed: the same forty tickets on every run, spread over hostile moments.
    draw = random.Random(2024)  # noqa: S311 - test data, not security
    moments = [
        at(2023, 12, 29, 15, 55),  # a Friday, five minutes before the weekend and a holiday
        at(2023, 12, 31, 23, 30),
        at(2024, 2, 28, 16, 0),
        at(2024, 2, 29, 12, 45),  # in the lunch break of 29 February
        at(2024, 1, 1, 9, 0),  # on a holiday
        at(2024, 3, 2, 10, 0),  # a Saturday
    ]
    for number in range(40):
        created = draw.choice(moments) + timedelta(minutes=draw.randrange(0, 3000, 15))
        responded = created + timedelta(minutes=draw.randrange(5, 5000, 7))
        resolved = responded + timedelta(minutes=draw.randrange(0, 9000, 11))
        Ticket.objects.create(
            reference=f"HD-2024-{number + 1:05d}",
            title=f"Demande {number}",
            description="…",
            requester=cast.dsi_health,
            structure=cast.health,
            category=category,
            priority=priority,
            status=Status.RESOLVED,
            created_at=created,
            response_due_at=created + timedelta(hours=4),
            resolution_due_at=created + timedelta(days=3),
            first_response_at=responded,
            resolved_at=resolved if number % 5 else None,
            paused_working_time=timedelta(minutes=draw.choice([0, 0, 30, 90])),
        )
    return Ticket.objects.order_by()


def test_sql_and_python_medians_give_the_same_figures(tickets):
    with time_machine.travel(TODAY, tick=False):
        timeline = statistics_timeline(Period.last_months(TODAY.date()))
        in_python = _medians(tickets, timeline)
        in_sql = _medians_in_database(tickets, timeline)
    assert in_python[0] is not None and in_python[1] is not None
    assert in_sql == in_python
