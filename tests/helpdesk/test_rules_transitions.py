"""The transition table, every pair of statuses: Karim's allowed moves succeed, the others are
refused with the French message and change nothing.

The rule (helpdesk.models.TRANSITIONS): nothing goes back to "new"; a ticket can be closed from
any status, since closing an unresolved ticket is how ANPTIC rejects it or closes a duplicate;
a resolved ticket is only reopened or closed; a closed ticket is final.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from helpdesk.models import DONE_STATUSES, PAUSED_STATUSES, TRANSITIONS, Status, Ticket
from helpdesk.services import ticket_transition
from helpdesk.services.tickets import TRANSITIONS as SERVICE_TRANSITIONS
from helpdesk.services.tickets import apply_status

PAIRS = [(old, new) for old in Status for new in Status if old != new]


def in_status(ticket, status):
    """Put a ticket in a status with the timestamps that status implies."""
    now = timezone.now()
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status,
        paused_since=now if status in PAUSED_STATUSES else None,
        resolved_at=now if status in DONE_STATUSES else None,
        closed_at=now if status == Status.CLOSED else None,
    )
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{o.value}-{n.value}" for o, n in PAIRS])
def test_every_move_follows_the_table(make_ticket, cast, old, new):
    ticket = in_status(make_ticket(), old)
    if new in TRANSITIONS[old]:
        ticket_transition(actor=cast.agent, ticket=ticket, status=new)
        ticket.refresh_from_db()
        assert ticket.status == new
        assert ticket.events.filter(field="status", old_value=old.label, new_value=new.label)
    else:
        message = f"Une demande « {old.label} » ne peut pas passer à « {new.label} »."
        with pytest.raises(ValidationError) as refused:
            ticket_transition(actor=cast.agent, ticket=ticket, status=new)
        assert refused.value.messages == [message]
        ticket.refresh_from_db()
        assert ticket.status == old


def test_the_rule_of_the_table():
    active = [s for s in Status if s not in DONE_STATUSES]
    assert all(Status.NEW not in moves for moves in TRANSITIONS.values())
    assert all(Status.CLOSED in TRANSITIONS[status] for status in [*active, Status.RESOLVED])
    assert TRANSITIONS[Status.RESOLVED] == {Status.OPEN, Status.CLOSED}
    assert TRANSITIONS[Status.CLOSED] == set()
    assert SERVICE_TRANSITIONS is TRANSITIONS  # the name the pages import still works


def test_staying_in_the_same_status_changes_nothing(make_ticket, cast):
    ticket = make_ticket()
    events = ticket.events.count()
    apply_status(ticket, cast.agent, Status.NEW)
    assert ticket.events.count() == events


def test_the_table_is_exactly_the_agreed_one():
    """Spelled out, so that a move added by mistake fails here (other tests follow the table)."""
    new, open_, busy, waiting = Status.NEW, Status.OPEN, Status.IN_PROGRESS, Status.WAITING
    resolved, closed = Status.RESOLVED, Status.CLOSED
    agreed = {
        new: {open_, busy, waiting, resolved, closed},
        open_: {busy, waiting, resolved, closed},
        busy: {open_, waiting, resolved, closed},
        waiting: {open_, busy, resolved, closed},
        resolved: {open_, closed},
        closed: set(),
    }
    assert agreed == TRANSITIONS
