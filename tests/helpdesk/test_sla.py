"""The SLA calculator: working hours Monday–Friday 7:30–12:30 and 13:00–16:00, holidays off."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from helpdesk.models import Holiday, Status, Ticket, WorkingPeriod
from helpdesk.services import (
    message_add,
    ticket_confirm_resolution,
    ticket_reopen,
    ticket_transition,
)
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


def test_overlapping_periods_count_once(hours, db):
    # Saturday 10 December: 8:00–12:00 and 10:00–14:00 entered twice by mistake: 6 hours.
    WorkingPeriod.objects.create(weekday=5, starts=time(8), ends=time(12))
    WorkingPeriod.objects.create(weekday=5, starts=time(10), ends=time(14))
    hours = WorkingCalendar.load()
    assert hours.between(at(2022, 12, 10, 0), at(2022, 12, 11, 0)) == timedelta(hours=6)
    assert hours.add(at(2022, 12, 10, 8), 6) == at(2022, 12, 10, 14)


def test_a_period_ending_at_midnight_runs_to_the_end_of_the_day(hours, db):
    # Sunday 4 December 20:00–00:00 (a night shift), then Monday from 7:30.
    WorkingPeriod.objects.create(weekday=6, starts=time(20), ends=time(0))
    hours = WorkingCalendar.load()
    assert hours.between(at(2022, 12, 4, 18), at(2022, 12, 5, 7, 30)) == timedelta(hours=4)
    assert hours.add(at(2022, 12, 4, 22), 3) == at(2022, 12, 5, 8, 30)


def test_a_whole_day_is_from_midnight_to_midnight(hours, db):
    WorkingPeriod.objects.create(weekday=5, starts=time(0), ends=time(0))
    hours = WorkingCalendar.load()
    assert hours.add(at(2022, 12, 10, 0, 0), 24) == at(2022, 12, 11, 0, 0)


def test_the_calendar_keeps_the_portals_time_zone_whatever_zone_is_active(hours):
    # Monday 15:30 + 1 h in Ouagadougou: half an hour on Monday, half an hour on Tuesday.
    with timezone.override("Europe/Paris"):
        assert WorkingCalendar.load().add(at(2022, 12, 5, 15, 30), 1) == at(2022, 12, 6, 8)
        assert hours.between(at(2022, 12, 5, 15), at(2022, 12, 5, 17)) == timedelta(hours=1)


# Aïcha's tickets, normal priority: first response within 4 working hours, resolution within 24.


def test_a_ticket_filed_on_a_holiday_starts_its_clock_the_next_working_day(make_ticket):
    Holiday.objects.create(date=date(2022, 12, 12), name="Proclamation de la République (décalée)")
    with time_machine.travel(at(2022, 12, 12, 9), tick=False):
        ticket = make_ticket()
    assert ticket.response_due_at == at(2022, 12, 13, 11, 30)
    assert ticket.resolution_due_at == at(2022, 12, 15, 16)


def test_a_pause_that_starts_after_a_breach_does_not_undo_it(make_ticket, cast):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        ticket = make_ticket()  # resolution due Thursday 8 December 8:00
        message_add(actor=cast.agent, ticket=ticket, body="Nous regardons.")
    with time_machine.travel(at(2022, 12, 8, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    # Aïcha answers on Friday at 9:00: 5.5 h waited on Thursday and 1.5 h on Friday.
    with time_machine.travel(at(2022, 12, 9, 9), tick=False):
        message_add(actor=cast.dsi_health, ticket=ticket, body="Voici la capture.")
        ticket.refresh_from_db()
        assert ticket.resolution_due_at == at(2022, 12, 8, 15, 30)
        assert Ticket.objects.with_sla_state().get(pk=ticket.pk).sla_state == "breached"
    assert ticket.paused_working_time == timedelta(hours=7)


def test_reopening_the_next_day_moves_the_due_times_by_the_time_spent_resolved(make_ticket, cast):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        ticket = make_ticket()
    with time_machine.travel(at(2022, 12, 5, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    ticket.refresh_from_db()
    assert ticket.paused_since == at(2022, 12, 5, 10)
    # Resolved from Monday 10:00 to Tuesday 10:00: 5.5 + 2.5 = 8 working hours.
    with time_machine.travel(at(2022, 12, 6, 10), tick=False):
        ticket_reopen(actor=cast.dsi_health, ticket=ticket)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.paused_since, ticket.resolved_at) == (Status.OPEN, None, None)
    assert ticket.response_due_at == at(2022, 12, 6, 12)
    assert ticket.resolution_due_at == at(2022, 12, 9, 8)
    moved = ticket.events.get(field="resolution_due_at")
    assert (moved.actor, moved.old_value, moved.new_value) == (
        cast.dsi_health,
        "08/12/2022 08:00",
        "09/12/2022 08:00",
    )


def test_a_ticket_reopened_after_its_old_due_time_is_not_breached_at_once(make_ticket, cast):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        ticket = make_ticket()
    with time_machine.travel(at(2022, 12, 5, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    # Reopened a week later: the 22 working hours left run from Monday 12 December 9:00.
    with time_machine.travel(at(2022, 12, 12, 9), tick=False):
        ticket_reopen(actor=cast.dsi_health, ticket=ticket)
        assert Ticket.objects.with_sla_state().get(pk=ticket.pk).sla_state == "on_time"
    ticket.refresh_from_db()
    assert ticket.resolution_due_at == at(2022, 12, 14, 15, 30)


def test_closing_a_resolved_ticket_ends_the_pause_and_keeps_the_resolution_time(make_ticket, cast):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        ticket = make_ticket()
        due = ticket.resolution_due_at
    with time_machine.travel(at(2022, 12, 5, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with time_machine.travel(at(2022, 12, 6, 10), tick=False):
        ticket_confirm_resolution(actor=cast.dsi_health, ticket=ticket)
    ticket.refresh_from_db()
    assert (ticket.paused_since, ticket.resolved_at) == (None, at(2022, 12, 5, 10))
    assert ticket.resolution_due_at == due


def test_a_due_time_in_a_year_without_holidays_is_logged_once(hours, caplog):
    only_2030 = WorkingCalendar(periods=hours.periods, holidays=frozenset({date(2030, 12, 25)}))
    # Friday 14 March 2031, 15:00 + 24 working hours runs over four working days of 2031.
    with caplog.at_level("WARNING", logger="helpdesk.sla"):
        due = only_2030.add(at(2031, 3, 14, 15), 24)
    assert due == at(2031, 3, 19, 15)
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1
    assert "No public holiday is registered for 2031" in warnings[0]


def test_a_year_with_holidays_is_not_logged(hours, caplog):
    with caplog.at_level("WARNING", logger="helpdesk.sla"):
        WorkingCalendar(periods=hours.periods, holidays=frozenset({date(2022, 12, 25)})).add(
            at(2022, 12, 5, 8), 24
        )
    assert caplog.records == []


def test_years_without_holidays_are_this_one_and_the_next_from_december(cast):
    from dsi_portal.middleware import staff_warnings

    Holiday.objects.get_or_create(date=date(2030, 12, 25), defaults={"name": "Noël"})
    Holiday.objects.filter(date__year__gte=2031).delete()
    for today, missing in [
        (at(2030, 11, 30), []),
        (at(2030, 12, 1), [2031]),
        (at(2031, 3, 15), [2031]),
        (at(2031, 12, 31), [2031, 2032]),
    ]:
        with time_machine.travel(today, tick=False):
            assert staff_warnings(cast.agent).years_without_holidays == missing


@pytest.mark.parametrize(
    ("filed", "holiday", "response_due"),
    [
        # Friday 5 March 2027, 15:55: five minutes on Friday, the weekend, Monday 8 March
        # (Journée internationale de la femme) off, then 3 h 55 on Tuesday.
        (at(2027, 3, 5, 15, 55), date(2027, 3, 8), at(2027, 3, 9, 11, 25)),
        # New Year's Eve, 23:30: 1 January 2027 (a Friday) off, then the weekend.
        (at(2026, 12, 31, 23, 30), date(2027, 1, 1), at(2027, 1, 4, 11, 30)),
    ],
)
def test_a_ticket_filed_just_before_a_holiday_is_due_after_it(
    make_ticket, filed, holiday, response_due
):
    Holiday.objects.get_or_create(date=holiday, defaults={"name": "Jour férié"})
    with time_machine.travel(filed, tick=False):
        ticket = make_ticket()
    assert ticket.response_due_at == response_due
