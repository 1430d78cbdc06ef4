"""Badges in plain French: no "SLA" nor "paused" jargon, and each side told who the suspended
deadlines wait for (issue 16)."""

from helpdesk import services
from helpdesk.models import SlaState, Status


def page(client, ticket):
    return client.get(f"/helpdesk/{ticket.reference}/").content.decode()


def test_a_waiting_ticket_tells_the_requester_it_waits_for_their_answer(login, cast, make_ticket):
    ticket = make_ticket()
    services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)

    requester = page(login(cast.dsi_health), ticket)
    assert "Délai suspendu (en attente de votre réponse)" in requester
    assert "en attente du demandeur)" not in requester

    agent = page(login(cast.agent), ticket)
    assert "Délai suspendu (en attente du demandeur)" in agent
    assert "de votre réponse" not in agent


def test_a_resolved_ticket_does_not_say_it_waits_for_the_requester(login, cast, make_ticket):
    ticket = services.ticket_transition(
        actor=cast.agent, ticket=make_ticket(), status=Status.RESOLVED
    )
    assert ticket.paused_since is not None  # the clock stands, yet nobody is waited for

    for viewer in (cast.dsi_health, cast.agent):
        text = page(login(viewer), ticket)
        assert "Délai suspendu" not in text
        assert 'data-testid="paused"' not in text


def test_the_queue_speaks_of_deadlines_not_of_sla(login, cast, make_ticket):
    make_ticket()
    text = login(cast.agent).get("/helpdesk/").content.decode()
    assert "SLA" not in text
    assert "Respect des délais" in text
    assert SlaState.AT_RISK.label == "Échéance proche"
