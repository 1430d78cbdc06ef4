"""The SLA state of the queue (on time, at risk, breached), computed by the database.

Aïcha files a normal-priority ticket on Monday 5 December 2022 at 8:00: a first response is due
by 12:00 the same day and the resolution by Thursday 8 December at 8:00 (24 working hours).
"""

import pytest
import time_machine
from django.template import Context, Template

from helpdesk.models import SlaState, Status, Ticket
from helpdesk.services import message_add, ticket_transition
from tests.conftest import at


def state(ticket, when):
    with time_machine.travel(when, tick=False):
        return Ticket.objects.with_sla_state().get(pk=ticket.pk).sla_state


@pytest.fixture
def ticket(make_ticket, cast, settings):
    settings.HELPDESK_AT_RISK_HOURS = 4
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        return make_ticket()


def answered(ticket, agent, when=None):
    with time_machine.travel(when or at(2022, 12, 5, 9), tick=False):
        message_add(actor=agent, ticket=ticket, body="Nous regardons.")
    return ticket


def test_a_ticket_answered_in_time_is_on_time_until_its_resolution_comes_close(ticket, cast):
    answered(ticket, cast.agent)
    assert state(ticket, at(2022, 12, 7, 16)) == "on_time"
    # At risk: resolution due within HELPDESK_AT_RISK_HOURS clock hours (Thursday 8:00).
    assert state(ticket, at(2022, 12, 8, 4, 30)) == "at_risk"
    assert state(ticket, at(2022, 12, 8, 8, 30)) == "breached"


def test_a_missed_first_response_is_a_breach(ticket):
    assert state(ticket, at(2022, 12, 5, 11)) == "on_time"
    assert state(ticket, at(2022, 12, 5, 13)) == "breached"


def test_a_late_first_response_stays_a_breach(ticket, cast):
    answered(ticket, cast.agent, at(2022, 12, 5, 14))
    assert state(ticket, at(2022, 12, 5, 15)) == "breached"
    with time_machine.travel(at(2022, 12, 5, 15), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    assert state(ticket, at(2022, 12, 6, 9)) == "breached"


def test_a_ticket_paused_after_its_due_time_is_breached(ticket, cast):
    answered(ticket, cast.agent)
    with time_machine.travel(at(2022, 12, 8, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    assert state(ticket, at(2022, 12, 9, 10)) == "breached"


def test_a_ticket_paused_in_time_stays_on_time_while_it_waits(ticket, cast):
    answered(ticket, cast.agent)
    with time_machine.travel(at(2022, 12, 5, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    assert state(ticket, at(2022, 12, 12, 10)) == "on_time"


def test_a_ticket_resolved_in_time_stays_on_time(ticket, cast):
    answered(ticket, cast.agent)
    with time_machine.travel(at(2022, 12, 5, 10), tick=False):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    assert state(ticket, at(2022, 12, 12, 10)) == "on_time"


def test_the_badge_names_the_state_with_the_enumerations_label(ticket):
    with time_machine.travel(at(2022, 12, 5, 13), tick=False):
        late = Ticket.objects.with_sla_state().get(pk=ticket.pk)
    assert late.sla is SlaState.BREACHED
    html = Template("{% load helpdesk_sla %}{% sla_badge t.sla %}").render(Context({"t": late}))
    assert 'data-sla="breached"' in html
    assert "text-bg-danger" in html
    assert str(SlaState.BREACHED.label) in html
