"""The helpdesk's timers, run by beat: SLA alerts and the closing of resolved tickets.

An SLA alert goes to the ticket's agent and to every ANPTIC supervisor (users flagged
``is_helpdesk_supervisor``), once per ticket, kind and deadline (first response or resolution):
a ticket whose due time moves on (a pause, a reopening) can warn again for its new deadline.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from core import outbox

from ..emails import SLA_AT_RISK, SLA_BREACHED
from ..models import Status, Ticket
from .tickets import _lock, apply_status

# Breaches older than this are not announced any more: after a long outage of the worker, the
# team gets the recent ones, not a flood about tickets everybody already knows are late.
BREACH_LOOKBACK = timedelta(days=2)


def sla_alert_recipients(ticket, supervisors):
    people = {user.pk: user for user in supervisors}
    if ticket.assignee_id and ticket.assignee.is_active:
        people[ticket.assignee_id] = ticket.assignee
    return list(people.values())


def alerts_for(ticket):
    """The alerts a ticket calls for: (kind, which deadline, its time). It reads the
    annotations of ``TicketQuerySet.with_missed_deadlines`` (the one definition of a missed
    deadline, which the SLA state of the queue reads too).

    A missed first response still awaited and a missed resolution are two breaches, each
    announced once; a resolution at risk is announced even when the response was late.
    """
    if ticket.is_done:
        return []
    alerts = []
    if ticket.first_response_at is None and ticket.response_missed:
        alerts.append((SLA_BREACHED, "response", ticket.response_due_at))
    if ticket.resolution_missed:
        alerts.append((SLA_BREACHED, "resolution", ticket.resolution_due_at))
    elif ticket.resolution_at_risk:
        alerts.append((SLA_AT_RISK, "resolution", ticket.resolution_due_at))
    return alerts


def sla_alerts_still_due(ticket, now):
    """``alerts_for`` the ticket as it stands at ``now`` (one query): an alert planned earlier
    is sent only if it is still due."""
    current = Ticket.objects.with_missed_deadlines(now).filter(pk=ticket.pk).first()
    return alerts_for(current) if current is not None else []


@transaction.atomic
def sla_alerts_plan(*, now=None):
    """Plan an alert for each open ticket that is at risk or newly breached."""
    now = now or timezone.now()
    recent = now - BREACH_LOOKBACK
    soon = now + timedelta(hours=settings.HELPDESK_AT_RISK_HOURS)
    # Only the deadlines from BREACH_LOOKBACK ago to the end of the at-risk window can call for
    # an alert: the index on (status, resolution_due_at) reads just those.
    tickets = (
        Ticket.objects.active()
        .filter(
            Q(resolution_due_at__gte=recent, resolution_due_at__lt=soon)
            | Q(
                first_response_at__isnull=True, response_due_at__gte=recent, response_due_at__lt=now
            )
        )
        .with_missed_deadlines(now)
        .select_related("assignee")
    )
    team = list(User.objects.helpdesk_supervisors())
    planned = []
    for ticket in tickets:
        for kind, which, deadline in alerts_for(ticket):
            if deadline < recent:
                continue
            planned += kind.to(
                sla_alert_recipients(ticket, team),
                target=ticket,
                which=which,
                deadline=deadline.isoformat(),
            )
    return outbox.notifications_plan(planned)


def tickets_close_resolved(*, now=None):
    """Close the tickets resolved more than HELPDESK_REOPEN_DAYS ago that nobody reopened or
    confirmed: the requester can no longer reopen them. Each closes in its own transaction,
    under its row lock, so one that is reopened meanwhile stays open."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.HELPDESK_REOPEN_DAYS)
    closed = 0
    for pk in Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lt=limit).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            ticket = _lock(Ticket(pk=pk))
            if ticket.status == Status.RESOLVED and ticket.resolved_at < limit:
                apply_status(ticket, None, Status.CLOSED)
                closed += 1
    return closed
