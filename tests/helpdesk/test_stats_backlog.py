"""/helpdesk/stats/: the SLA rates count the deadlines passed without an answer as missed, and
the backlog beside them matches the queue (issue 14, defect 3).

The calendar: Monday to Friday, 7:30–12:30 and 13:00–16:00. A normal ticket expects a first
response within 4 working hours and a resolution within 24.
"""

import pytest
import time_machine

from helpdesk.models import Category, Status, Ticket
from helpdesk.selectors import helpdesk_statistics
from helpdesk.services import message_add, ticket_transition
from tests.conftest import at

MONDAY = at(2024, 5, 6, 8)
NEXT_MONDAY = at(2024, 5, 13, 9)


@pytest.fixture
def network(db):
    """A category nobody is assigned to by default: its tickets arrive unassigned."""
    return Category.objects.get_or_create(name="Réseau et Internet")[0]


def test_an_overdue_unanswered_ticket_counts_as_missed_in_the_rates(cast, make_ticket):
    """Karim answered and resolved one ticket in time; nobody answered the other, whose
    deadlines have passed: half the deadlines were met, not all of them. A ticket filed this
    morning is not due yet and counts neither way."""
    with time_machine.travel(MONDAY, tick=False):
        answered = make_ticket("Webmail inaccessible")
        make_ticket("Imprimante hors service")
        message_add(actor=cast.agent, ticket=answered, body="Nous regardons.")
        ticket_transition(actor=cast.agent, ticket=answered, status=Status.RESOLVED)
    with time_machine.travel(NEXT_MONDAY, tick=False):
        make_ticket("Écran noir")
        figures = helpdesk_statistics()
    assert figures["responded_on_time_rate"] == 50.0
    assert figures["resolved_on_time_rate"] == 50.0


@pytest.fixture
def backlog(cast, make_ticket, network):
    """Six tickets of Monday, seen the next Monday: two resolved or closed; of the four still
    to do, one waits for its requester (since Monday morning, in time: its clock stopped), one
    Karim answered and has until the 20th, and the two nobody took are past their deadlines."""
    with time_machine.travel(MONDAY, tick=False):
        waiting = make_ticket("En attente")
        ticket_transition(actor=cast.agent, ticket=waiting, status=Status.WAITING)
        make_ticket("Sans agent", category=network)
        make_ticket("Sans agent non plus", category=network)
        in_time = make_ticket("Dans les délais")
        message_add(actor=cast.agent, ticket=in_time, body="Nous regardons.")
        for title, status in (("Résolue", Status.RESOLVED), ("Clôturée", Status.CLOSED)):
            done = make_ticket(title)
            ticket_transition(actor=cast.agent, ticket=done, status=status)
    Ticket.objects.filter(pk=in_time.pk).update(resolution_due_at=at(2024, 5, 20, 9))


def test_each_backlog_figure_is_what_the_queue_lists_for_its_link(login, cast, backlog):
    client = login(cast.agent)
    with time_machine.travel(NEXT_MONDAY, tick=False):
        page = client.get("/helpdesk/stats/")
        figures = {figure["key"]: figure for figure in page.context["backlog"]}
        assert {key: figure["count"] for key, figure in figures.items()} == {
            "active": 4,
            "overdue": 2,
            "waiting": 1,
            "unassigned": 2,
        }
        for key, figure in figures.items():
            queue = client.get(figure["url"])
            assert queue.context["page_obj"].paginator.count == figure["count"], key
    html = page.content.decode()
    for query in ("status=active", "view=breached", "status=waiting", "view=unassigned"):
        assert f'href="/helpdesk/?{query}"' in html
    assert 'data-testid="backlog-overdue">2' in html


def test_the_secretary_general_reads_the_backlog_without_links(login, cast, backlog):
    with time_machine.travel(NEXT_MONDAY, tick=False):
        page = login(cast.secretary_general).get("/helpdesk/stats/").content.decode()
    assert 'data-testid="backlog-overdue">2' in page
    assert 'data-testid="backlog-unassigned">2' in page
    assert 'href="/helpdesk/?' not in page
    # The queue those links would open is not theirs.
    assert login(cast.secretary_general).get("/helpdesk/?view=breached").status_code == 404
