"""The helpdesk's e-mails, in French, text and HTML. Internal notes are never e-mailed."""

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core import outbox
from core.mail import build_templated_email, send_templated_email

from .models import Message, Ticket
from .permissions import is_agent
from .services.timers import SLA_AT_RISK, SLA_BREACHED, alerts_for


def _url(ticket):
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "helpdesk:ticket", args=[ticket.reference]
    )


def _ticket(ticket_id):
    return Ticket.objects.select_related("requester", "category", "priority", "assignee").get(
        pk=ticket_id
    )


def send_acknowledgement(ticket_id):
    ticket = _ticket(ticket_id)
    send_templated_email(
        to=[ticket.requester.email],
        template="helpdesk/email/acknowledgement",
        context={"ticket": ticket, "url": _url(ticket)},
    )


def agent_recipients(ticket_id):
    """The ticket's agent, or else its category's team: only active agents, never a DSI."""
    ticket = _ticket(ticket_id)
    if ticket.assignee_id:
        return [ticket.assignee.email] if ticket.assignee.is_active else []
    team = ticket.category.team.filter(
        Q(is_superuser=True) | Q(groups__name=Role.ANPTIC_AGENT.value), is_active=True
    ).distinct()
    return list(team.values_list("email", flat=True))


def send_new_ticket_notice(ticket_id, email):
    ticket = _ticket(ticket_id)
    send_templated_email(
        to=[email],
        template="helpdesk/email/new_ticket",
        context={"ticket": ticket, "url": _url(ticket)},
    )


def reply_recipients(message_id):
    """An agent's reply goes to the requester; the requester's to the assignee (or the team)."""
    message = Message.objects.select_related("ticket__requester", "ticket__assignee", "author").get(
        pk=message_id
    )
    if message.is_internal:
        return []
    ticket = message.ticket
    if message.author is not None and is_agent(message.author):
        return [ticket.requester.email] if ticket.requester.is_active else []
    return agent_recipients(ticket.pk)


def send_reply(message_id, email):
    message = Message.objects.select_related("ticket", "author").get(pk=message_id)
    if message.is_internal:  # never, whatever queued it
        return
    send_templated_email(
        to=[email],
        template="helpdesk/email/reply",
        context={"ticket": message.ticket, "message": message, "url": _url(message.ticket)},
    )


def send_status_change(ticket_id):
    ticket = _ticket(ticket_id)
    if not ticket.requester.is_active:
        return
    send_templated_email(
        to=[ticket.requester.email],
        template="helpdesk/email/status_changed",
        context={"ticket": ticket, "url": _url(ticket)},
    )


def send_reopened_notice(ticket_id, email):
    ticket = _ticket(ticket_id)
    send_templated_email(
        to=[email],
        template="helpdesk/email/reopened",
        context={"ticket": ticket, "url": _url(ticket)},
    )


def _sla_alert(notification, kind, template):
    """Said only while the ticket still calls for this alert, about the same deadline."""
    ticket = (
        Ticket.objects.select_related("category", "priority", "assignee", "structure")
        .filter(pk=notification.target_id)
        .first()
    )
    if ticket is None or not notification.recipient.is_active:
        return None
    which, deadline = notification.payload.get("which"), notification.payload.get("deadline")
    still = {
        (alert_kind, alert_which, moment.isoformat())
        for alert_kind, alert_which, moment in alerts_for(ticket, timezone.now())
    }
    if (kind, which, deadline) not in still:
        return None
    return build_templated_email(
        to=[notification.recipient.email],
        template=template,
        context={
            "ticket": ticket,
            "user": notification.recipient,
            "url": _url(ticket),
            "response": which == "response",
            "deadline": datetime.fromisoformat(deadline),
        },
    )


@outbox.register(SLA_AT_RISK, _("Délai de résolution bientôt dépassé"))
def build_sla_at_risk(notification):
    return _sla_alert(notification, SLA_AT_RISK, "helpdesk/email/sla_at_risk")


@outbox.register(SLA_BREACHED, _("Délai de résolution dépassé"))
def build_sla_breached(notification):
    return _sla_alert(notification, SLA_BREACHED, "helpdesk/email/sla_breached")
