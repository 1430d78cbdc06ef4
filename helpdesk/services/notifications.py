"""The helpdesk's e-mails are outbox rows (core.outbox), written in the same transaction as the
ticket, reply or status change they announce: never one without the other, each sent once,
retried after a mail server failure and visible when it fails for good."""

from django.utils import timezone

from core import outbox

from ..emails import ACKNOWLEDGEMENT, NEW_TICKET, REOPENED, REPLY, STATUS_CHANGED
from ..permissions import is_agent
from .routing import agent_recipients


def reply_recipients(message):
    """An agent's reply goes to the requester; the requester's to the agents who hear of the
    ticket (routing.agent_recipients). An internal note goes to nobody."""
    if message.is_internal:
        return []
    ticket = message.ticket
    if message.author is not None and is_agent(message.author):
        return [ticket.requester]
    return agent_recipients(ticket)


def ticket_created_notify(*, ticket):
    """The requester's acknowledgement, and a notice to each agent who hears of the ticket."""
    outbox.notifications_plan(
        [
            *ACKNOWLEDGEMENT.to([ticket.requester], target=ticket),
            *NEW_TICKET.to(agent_recipients(ticket), target=ticket),
        ]
    )


def reply_notify(*, message):
    outbox.notifications_plan(
        REPLY.to(reply_recipients(message), target=message.ticket, message=message.pk)
    )


def status_changed_notify(*, ticket):
    """The requester learns the new status, once per change: the row carries the status."""
    outbox.notifications_plan(
        STATUS_CHANGED.to(
            [ticket.requester],
            target=ticket,
            status=ticket.status,
            at=timezone.now().isoformat(),
        )
    )


def reopened_notify(*, ticket):
    outbox.notifications_plan(
        REOPENED.to(agent_recipients(ticket), target=ticket, at=timezone.now().isoformat())
    )
