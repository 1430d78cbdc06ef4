"""The one SLA calculator of the helpdesk: time counted in the working calendar's hours.

Working periods (weekday, start, end) and public holidays come from the database and are read
once per calculation. The calendar is the portal's (``settings.TIME_ZONE``), whatever time zone
a request activated: ANPTIC works Ouagadougou hours for every user.
"""

import logging
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
        total = timedelta(0)
        day, last = self._day(start), self._day(end)
        while day <= last:
            for span_start, span_end in self.spans(day):
                begin, finish = max(span_start, start), min(span_end, end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total


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
