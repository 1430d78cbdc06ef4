"""The helpdesk's e-mails are outbox rows (core.outbox), written in the same transaction as the
ticket, reply or status change they announce: never one without the other, each sent once,
retried after a mail server failure and visible when it fails for good."""

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import outbox

from ..permissions import is_agent

ACKNOWLEDGEMENT = "helpdesk.acknowledgement"
NEW_TICKET = "helpdesk.new_ticket"
REPLY = "helpdesk.reply"
STATUS_CHANGED = "helpdesk.status_changed"
REOPENED = "helpdesk.reopened"


def agent_recipients(ticket):
    """The ticket's agent, or else its category's team: only active agents, never a DSI."""
    if ticket.assignee_id:
        return [ticket.assignee] if ticket.assignee.is_active else []
    return list(
        User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=Role.ANPTIC_AGENT.value),
            is_active=True,
            helpdesk_categories=ticket.category_id,
        ).distinct()
    )


def reply_recipients(message):
    """An agent's reply goes to the requester; the requester's to the assignee (or the team).
    An internal note goes to nobody."""
    if message.is_internal:
        return []
    ticket = message.ticket
    if message.author is not None and is_agent(message.author):
        return [ticket.requester] if ticket.requester.is_active else []
    return agent_recipients(ticket)


def _notify(kind, ticket, users, key, **payload):
    outbox.notifications_due_now(
        kind=kind,
        target=ticket,
        recipients=((user.pk, f"{kind}:{key}:{user.pk}", payload) for user in users),
    )


def ticket_created_notify(*, ticket):
    """The requester's acknowledgement, and a notice to the agent (or team) for each."""
    _notify(ACKNOWLEDGEMENT, ticket, [ticket.requester], ticket.pk)
    _notify(NEW_TICKET, ticket, agent_recipients(ticket), ticket.pk)


def reply_notify(*, message):
    _notify(REPLY, message.ticket, reply_recipients(message), message.pk, message=message.pk)


def status_changed_notify(*, ticket):
    """The requester learns the new status (once per change)."""
    if ticket.requester.is_active:
        stamp = timezone.now().isoformat()
        _notify(STATUS_CHANGED, ticket, [ticket.requester], f"{ticket.pk}:{ticket.status}:{stamp}")


def reopened_notify(*, ticket):
    stamp = timezone.now().isoformat()
    _notify(REOPENED, ticket, agent_recipients(ticket), f"{ticket.pk}:{stamp}")
