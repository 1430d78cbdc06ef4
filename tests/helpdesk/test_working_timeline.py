"""Working time has one home, ``helpdesk.sla.WorkingTimeline``: its Python form (which the SLA
due times and the SQLite statistics use) and its SQL form (the PostgreSQL statistics) give the
same durations as the calendar says, across a weekend, a public holiday, an evening, a lunch
break, the turn of a month and of a year.

The calendar: Monday to Friday, 7:30–12:30 and 13:00–16:00; Wednesday 1 May 2024 and
Wednesday 1 January 2025 off.
"""

from datetime import date, time, timedelta

import pytest
from django.db import connection

from helpdesk.models import Holiday, WorkingPeriod
from helpdesk.sla import WorkingCalendar, WorkingTimeline
from tests.conftest import at

pytestmark = pytest.mark.postgresql

CASES = {
    # name: (start, end, working hours)
    "over a weekend": (at(2024, 5, 3, 15), at(2024, 5, 6, 8, 30), 2),
    "over a public holiday": (at(2024, 4, 30, 15), at(2024, 5, 2, 8, 30), 2),
    "from an evening to the next morning": (at(2024, 5, 6, 18), at(2024, 5, 7, 9, 30), 2),
    "within a night": (at(2024, 5, 6, 18), at(2024, 5, 7, 7), 0),
    "over the lunch break": (at(2024, 5, 6, 12), at(2024, 5, 6, 13, 30), 1),
    "across months": (at(2024, 5, 31, 14), at(2024, 6, 3, 10, 30), 5),
    "across years and New Year's Day": (at(2024, 12, 31, 15), at(2025, 1, 2, 8, 30), 2),
    "a whole working week": (at(2024, 6, 10, 0), at(2024, 6, 17, 0), 40),
    "an end before the start": (at(2024, 5, 7, 10), at(2024, 5, 6, 10), 0),
}


@pytest.fixture
def timeline(db):
    WorkingPeriod.objects.all().delete()
    Holiday.objects.all().delete()
    for day in range(5):
        WorkingPeriod.objects.create(weekday=day, starts=time(7, 30), ends=time(12, 30))
        WorkingPeriod.objects.create(weekday=day, starts=time(13), ends=time(16))
    Holiday.objects.create(date=date(2024, 5, 1), name="Fête du travail")
    Holiday.objects.create(date=date(2025, 1, 1), name="Jour de l'an")
    return WorkingTimeline.build(WorkingCalendar.load(), date(2024, 4, 1), date(2025, 1, 31))


def in_sql(timeline, start, end):
    # Our own SQL text only; the values are parameters.
    between = WorkingTimeline.sql_between("v.s", "v.e")
    sql = f"""
        WITH {WorkingTimeline.SQL_TABLE} SELECT {between}
        FROM cal, (VALUES (%s::timestamptz, %s::timestamptz)) AS v(s, e)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*timeline.sql_params(), start, end])
        return timedelta(seconds=cursor.fetchone()[0])


@pytest.mark.parametrize("case", CASES)
def test_python_and_sql_count_the_same_working_time(timeline, case):
    start, end, hours = CASES[case]
    expected = timedelta(hours=hours)
    assert timeline.between(start, end) == expected
    assert in_sql(timeline, start, end) == expected
    # The calendar the due times are computed with counts through the same timeline.
    assert WorkingCalendar.load().between(start, end) == expected
