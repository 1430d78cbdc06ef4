"""The helpdesk's kinds of notification (core.outbox) and their e-mails, in French, text and
HTML. Each row carries what it announces (the reply, the new status), so a message sent late
still says what happened. Internal notes are never e-mailed."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.mail import absolute_url, build_templated_email

from .models import Message, Status, Ticket

TICKETS = Ticket.objects.select_related(
    "requester", "category", "priority", "assignee", "structure"
)


def _url(ticket):
    return absolute_url(reverse("helpdesk:ticket", args=[ticket.reference]))


def _ticket_email(notification, ticket, template, **context):
    return build_templated_email(
        to=[notification.recipient.email],
        template=template,
        context={"ticket": ticket, "url": _url(ticket), **context},
    )


def build_acknowledgement(notification, ticket):
    return _ticket_email(notification, ticket, "helpdesk/email/acknowledgement")


def build_new_ticket(notification, ticket):
    return _ticket_email(notification, ticket, "helpdesk/email/new_ticket")


def build_reply(notification, ticket):
    message = (
        Message.objects.select_related("author")
        .filter(pk=notification.payload.get("message"), ticket=ticket, is_internal=False)
        .first()
    )
    if message is None:  # an internal note is never e-mailed, whatever planned it
        return None
    return _ticket_email(notification, ticket, "helpdesk/email/reply", message=message)


def build_status_changed(notification, ticket):
    """The status the ticket took when the row was planned, not the one it has now: two quick
    changes send two e-mails, each naming its own status."""
    status = Status(notification.payload["status"])
    return _ticket_email(notification, ticket, "helpdesk/email/status_changed", status=status)


def build_reopened(notification, ticket):
    return _ticket_email(notification, ticket, "helpdesk/email/reopened")


def _sla_alert(notification, ticket, kind, template):
    """Said only while the ticket still calls for this alert, about the same deadline."""
    # Imported here: the timers plan these kinds, declared below, so they import this module.
    from .services.timers import sla_alerts_still_due

    which, deadline = notification.payload.get("which"), notification.payload.get("deadline")
    still = {
        (alert_kind, alert_which, moment.isoformat())
        for alert_kind, alert_which, moment in sla_alerts_still_due(ticket, timezone.now())
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


def build_sla_at_risk(notification, ticket):
    return _sla_alert(notification, ticket, SLA_AT_RISK, "helpdesk/email/sla_at_risk")


def build_sla_breached(notification, ticket):
    return _sla_alert(notification, ticket, SLA_BREACHED, "helpdesk/email/sla_breached")


ACKNOWLEDGEMENT = outbox.kind_declare(
    "helpdesk.acknowledgement",
    _("Accusé de réception"),
    build=build_acknowledgement,
    targets=TICKETS,
)
NEW_TICKET = outbox.kind_declare(
    "helpdesk.new_ticket", _("Nouvelle demande"), build=build_new_ticket, targets=TICKETS
)
# One per reply and recipient.
REPLY = outbox.kind_declare(
    "helpdesk.reply", _("Réponse"), build=build_reply, targets=TICKETS, key=("message",)
)
# One per change: the new status, and the moment it was set.
STATUS_CHANGED = outbox.kind_declare(
    "helpdesk.status_changed",
    _("Changement de statut"),
    build=build_status_changed,
    targets=TICKETS,
    key=("status", "at"),
)
REOPENED = outbox.kind_declare(
    "helpdesk.reopened",
    _("Demande rouverte"),
    build=build_reopened,
    targets=TICKETS,
    key=("at",),
)
# Once per ticket, deadline (first response or resolution) and its time: a deadline that moves
# on (a pause, a reopening) can warn again.
SLA_AT_RISK = outbox.kind_declare(
    "helpdesk.sla_at_risk",
    _("Délai de résolution bientôt dépassé"),
    build=build_sla_at_risk,
    targets=TICKETS,
    key=("which", "deadline"),
)
SLA_BREACHED = outbox.kind_declare(
    "helpdesk.sla_breached",
    _("Délai de résolution dépassé"),
    build=build_sla_breached,
    targets=TICKETS,
    key=("which", "deadline"),
)
