"""The SLA calculator: working hours Monday–Friday 7:30–12:30 and 13:00–16:00, holidays off."""

from datetime import timedelta

import pytest

from helpdesk.models import Holiday
from helpdesk.sla import WorkingCalendar, shift_for_pause
from tests.conftest import at


@pytest.fixture
def hours(calendar):
    return WorkingCalendar.load()


def test_time_inside_a_working_period(hours):
    # Monday 5 December 2022, 8:00 + 2 h = 10:00.
    assert hours.add(at(2022, 12, 5, 8), 2) == at(2022, 12, 5, 10)


def test_the_lunch_break_does_not_count(hours):
    # 11:30 + 2 h: one hour before the break, one after it.
    assert hours.add(at(2022, 12, 5, 11, 30), 2) == at(2022, 12, 5, 14)


def test_outside_working_hours_the_clock_starts_next_morning(hours):
    # Monday 18:00 + 1 h = Tuesday 8:30.
    assert hours.add(at(2022, 12, 5, 18), 1) == at(2022, 12, 6, 8, 30)


def test_across_a_weekend(hours):
    # Friday 15:00 + 2 h = Monday 8:30 (one hour on Friday, one on Monday).
    assert hours.add(at(2022, 12, 9, 15), 2) == at(2022, 12, 12, 8, 30)


def test_across_a_public_holiday(hours, db):
    Holiday.objects.create(
        date=at(2022, 12, 12).date(), name="Proclamation de la République (décalée)"
    )
    hours = WorkingCalendar.load()
    # Friday 15:00 + 2 h, Monday off: Tuesday 8:30.
    assert hours.add(at(2022, 12, 9, 15), 2) == at(2022, 12, 13, 8, 30)


def test_a_full_working_day_is_eight_hours(hours):
    assert hours.add(at(2022, 12, 5, 7, 30), 8) == at(2022, 12, 5, 16)


def test_working_time_between_two_instants(hours):
    assert hours.between(at(2022, 12, 9, 15), at(2022, 12, 12, 8, 30)) == timedelta(hours=2)
    assert hours.between(at(2022, 12, 5, 12, 0), at(2022, 12, 5, 13, 30)) == timedelta(hours=1)
    assert hours.between(at(2022, 12, 5, 10), at(2022, 12, 5, 9)) == timedelta(0)


def test_a_pause_moves_the_due_time_by_the_working_time_spent_waiting(hours):
    # Due Monday 15:00; waited from Monday 10:00 to Tuesday 9:00: 2.5 h + 3 h + 1.5 h = 7 h.
    due = shift_for_pause(
        due_at=at(2022, 12, 5, 15),
        paused_since=at(2022, 12, 5, 10),
        resumed_at=at(2022, 12, 6, 9),
        calendar=hours,
    )
    assert hours.between(at(2022, 12, 5, 15), due) == timedelta(hours=7)
    # Monday 15:00–16:00, Tuesday 7:30–12:30, then 13:00–14:00.
    assert due == at(2022, 12, 6, 14)


def test_an_empty_calendar_is_refused_with_a_clear_error(db):
    with pytest.raises(ValueError, match="no working period"):
        WorkingCalendar(periods={}, holidays=frozenset()).add(at(2022, 12, 5, 8), 1)
