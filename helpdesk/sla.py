"""The one SLA calculator of the helpdesk: time counted in the working calendar's hours.

Working periods (weekday, start, end) and public holidays come from the database and are read
once per calculation. The calendar is the portal's (``settings.TIME_ZONE``), whatever time zone
a request activated: ANPTIC works Ouagadougou hours for every user.
"""

import logging
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists
from django.utils import timezone

from .models import Holiday, WorkingPeriod

logger = logging.getLogger(__name__)

# A target beyond this many days without any working period means the calendar is empty.
MAX_DAYS = 3660


def portal_zone():
    return ZoneInfo(settings.TIME_ZONE)


def _merged(spans):
    """Sorted spans with the overlapping or touching ones joined, so no time counts twice."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class WorkingCalendar:
    periods: dict  # weekday -> [(start, end)] as durations since midnight, merged and sorted
    holidays: frozenset
    # Years already reported as having no holiday, so one calculation logs each year once.
    _reported: set = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def load(cls):
        spans = {}
        for period in WorkingPeriod.objects.all():
            start = timedelta(hours=period.starts.hour, minutes=period.starts.minute)
            spans.setdefault(period.weekday, []).append((start, period.ends_after_start))
        return cls(
            periods={day: _merged(day_spans) for day, day_spans in spans.items()},
            holidays=frozenset(Holiday.objects.values_list("date", flat=True)),
        )

    def spans(self, day):
        """The working spans of one local date, as aware datetimes."""
        if day in self.holidays:
            return []
        periods = self.periods.get(day.weekday(), [])
        if periods and day.year not in self._holiday_years:
            self._report_missing_holidays(day.year)
        zone = portal_zone()
        midnight = datetime.combine(day, datetime.min.time())
        # Wall-clock arithmetic, then the zone: Ouagadougou has no daylight saving time.
        return [
            (
                timezone.make_aware(midnight + start, zone),
                timezone.make_aware(midnight + end, zone),
            )
            for start, end in periods
        ]

    def is_working_day(self, day):
        """Does the calendar work on this local date (not a weekend, not a public holiday)?"""
        return day not in self.holidays and bool(self.periods.get(day.weekday()))

    def working_day_before(self, day, *, days=1):
        """The local date ``days`` working days before ``day``."""
        for _offset in range(MAX_DAYS):
            day -= timedelta(days=1)
            days -= self.is_working_day(day)
            if days <= 0:
                return day
        raise ValueError("The working calendar has no working period.")

    def working_day_on_or_before(self, day):
        """``day`` if the calendar works then, else the working day before it."""
        return day if self.is_working_day(day) else self.working_day_before(day)

    def working_day_on_or_after(self, day):
        """``day`` if the calendar works then, else the next working day."""
        for _offset in range(MAX_DAYS):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("The working calendar has no working period.")

    def day_starts(self, day):
        """The first working instant of a local date (a working day)."""
        return self.spans(day)[0][0]

    @cached_property
    def _holiday_years(self):
        return frozenset(holiday.year for holiday in self.holidays)

    def _report_missing_holidays(self, year):
        # The time still counts (the alternative is no due time at all), but whoever reads the
        # logs learns why a deadline may fall on a public holiday (staff see it on every page,
        # dsi_portal.middleware). Once per year and calculation, not once per day.
        if year in self._reported:
            return
        self._reported.add(year)
        logger.warning(
            "No public holiday is registered for %s: SLA due times in that year count public "
            "holidays as working days. Add them in the admin (Helpdesk > Public holidays).",
            year,
        )

    def _day(self, moment):
        return timezone.localtime(moment, portal_zone()).date()

    def add(self, start, hours):
        """The instant at which ``hours`` working hours (a number or a timedelta) have passed
        since ``start``."""
        if isinstance(hours, timedelta):
            remaining = hours
        else:
            remaining = timedelta(hours=float(Decimal(hours)))
        if remaining <= timedelta(0):
            return start
        day = self._day(start)
        for _offset in range(MAX_DAYS):
            for span_start, span_end in self.spans(day):
                begin = max(span_start, start)
                if begin >= span_end:
                    continue
                available = span_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += timedelta(days=1)
        raise ValueError("The working calendar has no working period: SLA targets cannot be met.")

    def between(self, start, end):
        """Working time elapsed between two instants (zero if ``end`` is not after ``start``)."""
        if end <= start:
            return timedelta(0)
        return WorkingTimeline.build(self, self._day(start), self._day(end)).between(start, end)


@dataclass(frozen=True)
class WorkingTimeline:
    """The working spans of a calendar over a range of days, laid end to end: the one home of
    elapsed working time, in Python (``between``) and in SQL (``sql_between``).

    W(t), the working seconds from the first span's start to ``t``, is found by a binary search
    in the spans' starts (``bisect`` here, ``width_bucket`` in PostgreSQL); a working duration
    is W(end) - W(start). Instants outside the range count as its edges.
    """

    starts: list  # the spans' starts, aware datetimes, in order
    ends: list
    before: list  # working seconds before each span

    @classmethod
    def build(cls, calendar, first_day, last_day):
        starts, ends, before, elapsed = [], [], [], 0.0
        day = first_day
        while day <= last_day:
            for span_start, span_end in calendar.spans(day):
                starts.append(span_start)
                ends.append(span_end)
                before.append(elapsed)
                elapsed += (span_end - span_start).total_seconds()
            day += timedelta(days=1)
        return cls(starts=starts, ends=ends, before=before)

    def __bool__(self):
        return bool(self.starts)

    def working_seconds(self, moment):
        """W(moment), as ``sql_working_seconds`` computes it."""
        bucket = bisect_right(self.starts, moment)  # width_bucket: 0 before the first start
        if bucket == 0:
            return 0.0
        i = bucket - 1
        return self.before[i] + (min(moment, self.ends[i]) - self.starts[i]).total_seconds()

    def between(self, start, end):
        if end <= start:
            return timedelta(0)
        return timedelta(seconds=self.working_seconds(end) - self.working_seconds(start))

    # SQL: the timeline goes to the database as three arrays, a common table ``cal`` whose
    # parameters are ``sql_params()``; only SQL text of our own is formatted in.
    SQL_TABLE = (
        "cal AS (SELECT %s::timestamptz[] AS starts, %s::timestamptz[] AS ends, "
        "%s::float8[] AS before)"
    )

    def sql_params(self):
        return [self.starts, self.ends, self.before]

    @staticmethod
    def sql_bucket(moment):
        """The span of an instant (an SQL expression), to compute once per row."""
        return f"width_bucket({moment}, cal.starts)"

    @staticmethod
    def sql_working_seconds(moment, bucket):
        """W(moment) in SQL, given its ``sql_bucket``. date_part gives a float where EXTRACT
        would compute in numeric: a third less time over a year of tickets."""
        return (
            f"(CASE WHEN {bucket} = 0 THEN 0 ELSE cal.before[{bucket}] + "
            f"date_part('epoch', LEAST({moment}, cal.ends[{bucket}]) - cal.starts[{bucket}]) END)"
        )

    @classmethod
    def sql_between(cls, start, end):
        """Working seconds from ``start`` to ``end`` (SQL expressions), zero if not after."""
        w_start = cls.sql_working_seconds(start, cls.sql_bucket(start))
        w_end = cls.sql_working_seconds(end, cls.sql_bucket(end))
        return f"GREATEST({w_end} - {w_start}, 0)"


def due_times(*, created_at, priority, calendar=None, paused=timedelta(0)):
    """First-response and resolution due times of a ticket created at ``created_at`` whose clock
    has been stopped for ``paused`` working time so far."""
    calendar = calendar or WorkingCalendar.load()
    return tuple(
        shift_by(due_at=calendar.add(created_at, hours), working_time=paused, calendar=calendar)
        for hours in (priority.response_hours, priority.resolution_hours)
    )


def shift_by(*, due_at, working_time, calendar):
    """Move a due time on by some working time."""
    return calendar.add(due_at, working_time)


def shift_for_pause(*, due_at, paused_since, resumed_at, calendar=None):
    """Move a due time on by the working time spent waiting for the requester."""
    calendar = calendar or WorkingCalendar.load()
    paused = calendar.between(paused_since, resumed_at)
    return shift_by(due_at=due_at, working_time=paused, calendar=calendar)


def holiday_years_to_check(today):
    """The years the SLA calendar counts in now or soon: this one, and the next from
    1 December (tickets filed then fall due in January)."""
    return [today.year, today.year + 1] if today.month == 12 else [today.year]


def holidays_registered(year):
    """EXISTS: is any public holiday registered in ``year``? (a range on the dates' index)"""
    return Exists(Holiday.objects.filter(date__year=year))
