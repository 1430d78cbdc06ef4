"""The one SLA calculator of the helpdesk: time counted in the working calendar's hours.

Working periods (weekday, start, end) and public holidays come from the database and are read
once per calculation; datetimes are aware and handled in the portal's time zone.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from .models import Holiday, WorkingPeriod

# A target beyond this many days without any working period means the calendar is empty.
MAX_DAYS = 3660


@dataclass(frozen=True)
class WorkingCalendar:
    periods: dict  # weekday -> [(start time, end time)], sorted
    holidays: frozenset

    @classmethod
    def load(cls):
        periods = {}
        for period in WorkingPeriod.objects.order_by("weekday", "starts"):
            periods.setdefault(period.weekday, []).append((period.starts, period.ends))
        return cls(
            periods=periods, holidays=frozenset(Holiday.objects.values_list("date", flat=True))
        )

    def spans(self, day):
        """The working spans of one local date, as aware datetimes."""
        if day in self.holidays:
            return []
        zone = timezone.get_current_timezone()
        return [
            (
                timezone.make_aware(datetime.combine(day, start), zone),
                timezone.make_aware(datetime.combine(day, end), zone),
            )
            for start, end in self.periods.get(day.weekday(), [])
        ]

    def add(self, start, hours):
        """The instant at which ``hours`` working hours have passed since ``start``."""
        remaining = timedelta(hours=float(Decimal(hours)))
        if remaining <= timedelta(0):
            return start
        day = timezone.localtime(start).date()
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
        day = timezone.localtime(start).date()
        last = timezone.localtime(end).date()
        while day <= last:
            for span_start, span_end in self.spans(day):
                begin, finish = max(span_start, start), min(span_end, end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total


def due_times(*, created_at, priority, calendar=None):
    """First-response and resolution due times of a ticket created at ``created_at``."""
    calendar = calendar or WorkingCalendar.load()
    return (
        calendar.add(created_at, priority.response_hours),
        calendar.add(created_at, priority.resolution_hours),
    )


def shift_for_pause(*, due_at, paused_since, resumed_at, calendar=None):
    """Move a due time on by the working time spent waiting for the requester."""
    calendar = calendar or WorkingCalendar.load()
    paused = calendar.between(paused_since, resumed_at)
    return calendar.add(due_at, Decimal(paused.total_seconds()) / 3600) if paused else due_at
