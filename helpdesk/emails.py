"""The helpdesk's e-mails (outbox builders), in French, text and HTML. Internal notes are
never e-mailed."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.mail import absolute_url, build_templated_email

from .models import Message, Ticket
from .services.notifications import (
    ACKNOWLEDGEMENT,
    NEW_TICKET,
    REOPENED,
    REPLY,
    STATUS_CHANGED,
)
from .services.timers import SLA_AT_RISK, SLA_BREACHED, alerts_for


def _url(ticket):
    return absolute_url(reverse("helpdesk:ticket", args=[ticket.reference]))


def _ticket_for(notification):
    """The notification's ticket, if it and the recipient are still there to tell."""
    if not notification.recipient.is_active:
        return None
    return (
        Ticket.objects.select_related("requester", "category", "priority", "assignee", "structure")
        .filter(pk=notification.target_id)
        .first()
    )


def _ticket_email(notification, template, **context):
    ticket = _ticket_for(notification)
    if ticket is None:
        return None
    return build_templated_email(
        to=[notification.recipient.email],
        template=template,
        context={"ticket": ticket, "url": _url(ticket), **context},
    )


@outbox.register(ACKNOWLEDGEMENT, _("Accusé de réception"))
def build_acknowledgement(notification):
    return _ticket_email(notification, "helpdesk/email/acknowledgement")


@outbox.register(NEW_TICKET, _("Nouvelle demande"))
def build_new_ticket(notification):
    return _ticket_email(notification, "helpdesk/email/new_ticket")


@outbox.register(REPLY, _("Réponse"))
def build_reply(notification):
    message = (
        Message.objects.select_related("author")
        .filter(pk=notification.payload.get("message"), is_internal=False)
        .first()
    )
    if message is None:  # an internal note is never e-mailed, whatever planned it
        return None
    return _ticket_email(notification, "helpdesk/email/reply", message=message)


@outbox.register(STATUS_CHANGED, _("Changement de statut"))
def build_status_changed(notification):
    return _ticket_email(notification, "helpdesk/email/status_changed")


@outbox.register(REOPENED, _("Demande rouverte"))
def build_reopened(notification):
    return _ticket_email(notification, "helpdesk/email/reopened")


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
