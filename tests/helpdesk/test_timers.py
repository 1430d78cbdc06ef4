"""The helpdesk's timers: SLA alerts to the ticket's agent and the ANPTIC supervisors, once per
deadline, and the closing of tickets left resolved for longer than the reopening period."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from core import outbox
from helpdesk.models import Status, Ticket
from helpdesk.services import ticket_transition
from helpdesk.services.timers import sla_alerts_plan, tickets_close_resolved
from tests.conftest import at, make_user

MONDAY = at(2026, 3, 2, 8)


@pytest.fixture
def supervisor(cast):
    return make_user(
        "cheffe.support@anptic.bf", cast.anptic, Role.ANPTIC_AGENT, is_helpdesk_supervisor=True
    )


@pytest.fixture
def ticket(make_ticket):
    """Filed on Monday at 8:00 and answered within the hour: only its resolution can be late."""
    with time_machine.travel(MONDAY, tick=False):
        ticket = make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(first_response_at=MONDAY + timedelta(hours=1))
    ticket.refresh_from_db()
    return ticket


def alerts_at(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        sla_alerts_plan()
        outbox.notifications_dispatch()
    alerts = ("Délai", "Première réponse")
    return sorted((m.to[0], m.subject) for m in mail.outbox if m.subject.startswith(alerts))


def test_an_at_risk_ticket_warns_its_agent_and_the_supervisor_once(cast, supervisor, ticket):
    due = ticket.resolution_due_at
    assert alerts_at(due - timedelta(hours=5)) == []
    warning = f"Délai bientôt dépassé : {ticket.reference}"
    assert alerts_at(due - timedelta(hours=3)) == sorted(
        [(cast.agent.email, warning), (supervisor.email, warning)]
    )
    assert alerts_at(due - timedelta(hours=2)) == []


def test_a_breached_ticket_warns_again_once(cast, supervisor, ticket):
    due = ticket.resolution_due_at
    alerts_at(due - timedelta(hours=3))
    breached = f"Délai dépassé : {ticket.reference}"
    assert alerts_at(due + timedelta(minutes=5)) == sorted(
        [(cast.agent.email, breached), (supervisor.email, breached)]
    )
    body = next(m.body for m in mail.outbox if m.to == [supervisor.email])
    assert f"Agent : {cast.agent}" in body
    assert alerts_at(due + timedelta(hours=1)) == []


def test_a_ticket_waiting_for_its_requester_or_resolved_raises_no_alert(
    cast, supervisor, ticket, make_ticket
):
    with time_machine.travel(MONDAY, tick=False):
        resolved = make_ticket(title="Résolue")
        ticket_transition(actor=cast.agent, ticket=resolved, status=Status.RESOLVED)
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    assert alerts_at(ticket.resolution_due_at - timedelta(hours=1)) == []


def test_an_alert_planned_before_the_resolution_is_not_sent(cast, supervisor, ticket):
    due = ticket.resolution_due_at
    with time_machine.travel(due - timedelta(hours=3), tick=False):
        sla_alerts_plan()
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
        mail.outbox.clear()
        outbox.notifications_dispatch()
    assert [m.subject for m in mail.outbox if "Délai" in m.subject] == []


def test_a_resolved_ticket_closes_itself_after_the_reopening_period(cast, ticket, settings):
    settings.HELPDESK_REOPEN_DAYS = 7
    resolved_at = MONDAY + timedelta(hours=3)
    with time_machine.travel(resolved_at, tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with time_machine.travel(resolved_at + timedelta(days=7) - timedelta(minutes=1), tick=False):
        assert tickets_close_resolved() == 0
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    with time_machine.travel(resolved_at + timedelta(days=7, minutes=1), tick=False):
        assert tickets_close_resolved() == 1
        assert tickets_close_resolved() == 0
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    event = ticket.events.filter(field="status").last()
    assert (event.actor, event.new_value) == (None, "Clôturée")


def test_a_reopened_ticket_is_not_closed(cast, ticket, settings):
    settings.HELPDESK_REOPEN_DAYS = 7
    with time_machine.travel(MONDAY + timedelta(hours=3), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.OPEN)
    with time_machine.travel(MONDAY + timedelta(days=30), tick=False):
        assert tickets_close_resolved() == 0
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


@pytest.fixture
def unanswered(make_ticket):
    """Filed on Monday at 8:00; nobody answers it."""
    with time_machine.travel(MONDAY, tick=False):
        return make_ticket(title="Sans réponse")


def test_a_missed_first_response_is_announced_with_its_own_deadline(cast, supervisor, unanswered):
    late = f"Première réponse en retard : {unanswered.reference}"
    assert alerts_at(unanswered.response_due_at - timedelta(minutes=5)) == []
    assert alerts_at(unanswered.response_due_at + timedelta(minutes=5)) == sorted(
        [(cast.agent.email, late), (supervisor.email, late)]
    )
    due = timezone.localtime(unanswered.response_due_at)
    assert f"première réponse, due avant le lundi 2 mars 2026, {due:%H:%M}" in mail.outbox[0].body
    assert alerts_at(unanswered.response_due_at + timedelta(hours=1)) == []


def test_the_resolution_still_warns_when_the_response_was_late(cast, supervisor, unanswered):
    due = unanswered.resolution_due_at
    alerts_at(unanswered.response_due_at + timedelta(minutes=5))
    subjects = {subject for _to, subject in alerts_at(due - timedelta(hours=3))}
    assert subjects == {f"Délai bientôt dépassé : {unanswered.reference}"}
    subjects = {subject for _to, subject in alerts_at(due + timedelta(minutes=5))}
    assert subjects == {f"Délai dépassé : {unanswered.reference}"}


def test_a_response_alert_planned_before_the_answer_is_not_sent(cast, supervisor, unanswered):
    moment = unanswered.response_due_at + timedelta(minutes=5)
    with time_machine.travel(moment, tick=False):
        sla_alerts_plan()
    Ticket.objects.filter(pk=unanswered.pk).update(first_response_at=moment)
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        outbox.notifications_dispatch()
    assert [m.subject for m in mail.outbox if "Première réponse" in m.subject] == []


def test_a_dsi_flagged_supervisor_by_mistake_gets_no_other_ministrys_alert(
    cast, supervisor, ticket
):
    cast.dsi_education.is_helpdesk_supervisor = True
    cast.dsi_education.save()
    recipients = {to for to, _subject in alerts_at(ticket.resolution_due_at + timedelta(minutes=5))}
    assert recipients == {cast.agent.email, supervisor.email}
