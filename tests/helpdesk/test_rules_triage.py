"""Karim corrects a ticket's priority or category. Aïcha filed it as normal on Monday
5 December 2022 at 8:00; it is in fact critical: a first response within 1 working hour and a
resolution within 4, counted from its creation plus the time its clock was stopped."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from helpdesk.models import Category, Priority, Status
from helpdesk.services import message_add, ticket_transition, ticket_triage
from tests.conftest import at


@pytest.fixture
def critical(db):
    return Priority.objects.get_or_create(
        name="Critique", defaults={"rank": 1, "response_hours": 1, "resolution_hours": 4}
    )[0]


@pytest.fixture
def ticket(make_ticket):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        return make_ticket()


def test_a_new_priority_gives_due_times_counted_from_the_creation(ticket, cast, critical):
    with time_machine.travel(at(2022, 12, 5, 8, 30), tick=False):
        ticket_triage(actor=cast.agent, ticket=ticket, priority=critical)
    ticket.refresh_from_db()
    assert ticket.priority == critical
    assert (ticket.response_due_at, ticket.resolution_due_at) == (
        at(2022, 12, 5, 9),
        at(2022, 12, 5, 12),
    )
    history = {e.field: (e.actor, e.old_value, e.new_value) for e in ticket.events.all()}
    assert history["priority"] == (cast.agent, "Normale", "Critique")
    assert history["resolution_due_at"] == (cast.agent, "08/12/2022 08:00", "05/12/2022 12:00")


def test_the_time_spent_waiting_is_kept(ticket, cast, critical):
    with time_machine.travel(at(2022, 12, 5, 9), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    with time_machine.travel(at(2022, 12, 5, 11), tick=False):
        message_add(actor=cast.dsi_health, ticket=ticket, body="Voici la capture.")
        ticket_triage(actor=cast.agent, ticket=ticket, priority=critical)
    ticket.refresh_from_db()
    assert ticket.paused_working_time == timedelta(hours=2)
    assert ticket.response_due_at == at(2022, 12, 5, 11)
    assert ticket.resolution_due_at == at(2022, 12, 5, 14, 30)


def test_a_triage_during_a_pause_gives_the_same_due_times_once_it_ends(ticket, cast, critical):
    with time_machine.travel(at(2022, 12, 5, 9), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    with time_machine.travel(at(2022, 12, 5, 10), tick=False):
        ticket_triage(actor=cast.agent, ticket=ticket, priority=critical)
    with time_machine.travel(at(2022, 12, 5, 11), tick=False):
        message_add(actor=cast.dsi_health, ticket=ticket, body="Voici la capture.")
    ticket.refresh_from_db()
    assert ticket.resolution_due_at == at(2022, 12, 5, 14, 30)


def test_a_new_category_keeps_the_due_times(ticket, cast):
    network = Category.objects.get_or_create(name="Réseau et Internet")[0]
    due = ticket.resolution_due_at
    ticket_triage(actor=cast.agent, ticket=ticket, category=network)
    ticket.refresh_from_db()
    assert (ticket.category, ticket.resolution_due_at) == (network, due)
    assert ticket.events.filter(field="category", new_value="Réseau et Internet").exists()


def test_only_agents_triage_open_tickets(ticket, cast, critical):
    with pytest.raises(PermissionDenied):
        ticket_triage(actor=cast.dsi_health, ticket=ticket, priority=critical)
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with pytest.raises(ValidationError, match="rouvrez-la"):
        ticket_triage(actor=cast.agent, ticket=ticket, priority=critical)
