"""One submit for a reply and a change of status: Karim answers Aïcha and resolves her ticket
with the same form (issue 16). The services do it in one transaction, both or neither."""

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from helpdesk import services
from helpdesk.models import TRANSITIONS, Message, Status, Ticket


def reply(client, ticket, **data):
    return client.post(f"/helpdesk/{ticket.reference}/reply/", data)


def planned(ticket):
    return sorted(
        (row.kind, row.recipient.email, row.payload.get("status", ""))
        for row in Notification.objects.for_target(ticket)
        if row.kind in ("helpdesk.reply", "helpdesk.status_changed")
    )


def test_an_agent_replies_and_resolves_in_one_submit(login, cast, make_ticket):
    ticket = make_ticket()
    response = reply(
        login(cast.agent),
        ticket,
        body="Votre compte est débloqué : reconnectez-vous.",
        then_status=Status.RESOLVED.value,
    )
    assert response.status_code == 302
    assert response["Location"] == f"/helpdesk/{ticket.reference}/"
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.first_response_at is not None
    assert ticket.messages.get().body == "Votre compte est débloqué : reconnectez-vous."
    # Both e-mails, as when each is made alone: the reply and the new status, to Aïcha.
    assert planned(ticket) == [
        ("helpdesk.reply", cast.dsi_health.email, ""),
        ("helpdesk.status_changed", cast.dsi_health.email, Status.RESOLVED.value),
    ]
    page = login(cast.agent).get(response["Location"]).content.decode()
    assert "Votre message est envoyé. Statut de la demande : Résolue." in page


def test_without_a_status_chosen_the_status_stays(login, cast, make_ticket):
    ticket = make_ticket()
    assert (
        reply(login(cast.agent), ticket, body="Nous regardons.", then_status="").status_code == 302
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert [row[0] for row in planned(ticket)] == ["helpdesk.reply"]


def test_the_choice_offers_the_moves_the_current_status_allows(login, cast, make_ticket):
    ticket = services.ticket_transition(
        actor=cast.agent, ticket=make_ticket(), status=Status.RESOLVED
    )
    form = login(cast.agent).get(f"/helpdesk/{ticket.reference}/").context["reply_form"]
    offered = [value for value, _label in form.fields["then_status"].choices if value]
    assert offered == [s.value for s in Status if s in TRANSITIONS[Status.RESOLVED]]


def test_a_move_the_status_does_not_allow_records_nothing(login, cast, make_ticket):
    ticket = services.ticket_transition(
        actor=cast.agent, ticket=make_ticket(), status=Status.RESOLVED
    )
    response = reply(login(cast.agent), ticket, body="Je relance.", then_status=Status.WAITING)
    assert response.status_code == 200
    assert response.context["reply_form"].errors["then_status"]
    assert not Message.objects.exists()


def test_the_service_records_both_or_neither(cast, make_ticket):
    ticket = services.ticket_transition(
        actor=cast.agent, ticket=make_ticket(), status=Status.RESOLVED
    )
    with pytest.raises(ValidationError):
        services.message_add_then_transition(
            actor=cast.agent, ticket=ticket, body="Je relance.", status=Status.WAITING
        )
    assert not Message.objects.exists()
    assert Ticket.objects.get().status == Status.RESOLVED


def test_the_requester_is_not_offered_a_status_and_cannot_send_one(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    page = client.get(f"/helpdesk/{ticket.reference}/")
    assert "then_status" not in page.context["reply_form"].fields
    assert 'name="then_status"' not in page.content.decode()
    reply(client, ticket, body="Toujours bloqué.", then_status=Status.CLOSED.value)
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert ticket.messages.count() == 1
