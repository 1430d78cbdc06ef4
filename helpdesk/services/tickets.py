from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record

from ..models import PAUSED_STATUSES, TRANSITIONS, Status, Ticket, TicketCounter
from ..permissions import can_file_ticket, is_agent, is_requester_side
from ..sla import WorkingCalendar, due_times, shift_by
from ._common import record_moment, require_agent, store_attachments
from .notifications import (
    reopened_notify,
    status_changed_notify,
    ticket_created_notify,
)
from .routing import routed_assignee

DUE_FIELDS = ("response_due_at", "resolution_due_at")


def _next_reference(year):
    """HD-<year>-<number>: the year's counter row is locked, so parallel creations queue."""
    try:
        with transaction.atomic():
            TicketCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created meanwhile by a parallel transaction: lock it below
    counter = TicketCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"HD-{year}-{counter.last:05d}"


@transaction.atomic
def ticket_create(
    *, actor, title, description, category, priority, attachments=(), recommendation=None
):
    """A DSI files a ticket for their structure; it gets its reference and SLA due times, and
    the requester and the agents who hear of it (routing.agent_recipients) are told by e-mail."""
    if not can_file_ticket(actor):
        raise PermissionDenied
    if not title.strip() or not description.strip():
        raise ValidationError(_("Indiquez l'objet et la description de votre demande."))
    now = timezone.now()
    response_due, resolution_due = due_times(created_at=now, priority=priority)
    ticket = Ticket.objects.create(
        reference=_next_reference(timezone.localtime(now).year),
        title=title.strip(),
        description=description.strip(),
        requester=actor,
        structure_id=actor.structure_id,
        category=category,
        priority=priority,
        assignee=routed_assignee(category),
        recommendation=recommendation,
        created_at=now,
        response_due_at=response_due,
        resolution_due_at=resolution_due,
    )
    store_attachments(ticket=ticket, message=None, actor=actor, files=attachments)
    audit_record(ticket, actor=actor, changes={"status": ("", ticket.get_status_display())})
    # The category gave the ticket its agent, not a person: no actor.
    audit_record(ticket, actor=None, changes={"assignee": ("", ticket.assignee)})
    ticket_created_notify(ticket=ticket)
    return ticket


def _lock(ticket):
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _resume_clock(ticket, actor, now, calendar):
    """End a pause of the SLA clock: the due times move on by the working time it lasted."""
    calendar = calendar or WorkingCalendar.load()
    paused = calendar.between(ticket.paused_since, now)
    ticket.paused_working_time += paused
    ticket.paused_since = None
    for field in DUE_FIELDS:
        old = getattr(ticket, field)
        new = shift_by(due_at=old, working_time=paused, calendar=calendar)
        setattr(ticket, field, new)
        record_moment(ticket, actor, field, old, new)


def apply_status(ticket, actor, new_status, *, calendar=None):
    """Apply a status change with its timestamps, the SLA pause and the history. The caller
    checks who may do it and holds the ticket's row lock.

    The clock stops while waiting for the requester and while resolved; leaving either moves
    the due times on, except closing a resolved ticket (its resolution time is known). A
    reopened ticket loses its rating: the requester rates the service again once it is done.
    """
    old, new_status = Status(ticket.status), Status(new_status)
    if new_status == old:
        return ticket
    if new_status not in TRANSITIONS[old]:
        raise ValidationError(
            _("Une demande « %(old)s » ne peut pas passer à « %(new)s ».")
            % {"old": old.label, "new": new_status.label},
            code="illegal_transition",
        )
    audit_record(ticket, actor=actor, changes={"status": (old.label, new_status.label)})
    now = timezone.now()
    if ticket.paused_since and not (old == Status.RESOLVED and new_status == Status.CLOSED):
        _resume_clock(ticket, actor, now, calendar)
    ticket.paused_since = now if new_status in PAUSED_STATUSES else None
    if new_status == Status.RESOLVED:
        ticket.resolved_at = now
    elif new_status == Status.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
    elif old == Status.RESOLVED:
        ticket.resolved_at = None
        audit_record(ticket, actor=actor, changes={"satisfaction": (ticket.satisfaction, "")})
        ticket.satisfaction, ticket.satisfaction_comment = None, ""
    ticket.status = new_status
    ticket.save()
    return ticket


@transaction.atomic
def ticket_transition(*, actor, ticket, status):
    """Agents move tickets through the allowed statuses; illegal moves are refused."""
    require_agent(actor)
    ticket = _lock(ticket)
    old = ticket.status
    apply_status(ticket, actor, status)
    if ticket.status != old:
        status_changed_notify(ticket=ticket)
    return ticket


@transaction.atomic
def ticket_bulk_transition(*, actor, tickets, status):
    """Every ticket moves or none: an illegal move for one refuses the whole batch. Each
    requester whose ticket moved is told, one e-mail per ticket."""
    require_agent(actor)
    calendar = WorkingCalendar.load()
    moved = []
    locked = Ticket.objects.select_for_update().filter(pk__in=[t.pk for t in tickets])
    for ticket in locked.order_by("pk"):  # one lock order for every writer: no deadlock
        old = ticket.status
        try:
            moved.append(apply_status(ticket, actor, status, calendar=calendar))
        except ValidationError as error:
            raise ValidationError(f"{ticket.reference} : {' '.join(error.messages)}") from error
        if ticket.status != old:
            status_changed_notify(ticket=ticket)
    return moved


@transaction.atomic
def ticket_assign(*, actor, ticket, assignee):
    """Give a ticket to an agent ("take it" is assigning it to oneself); a new ticket opens."""
    require_agent(actor)
    if assignee is not None and not is_agent(assignee):
        raise ValidationError(_("Une demande ne peut être confiée qu'à un agent de l'ANPTIC."))
    ticket = _lock(ticket)
    if ticket.is_done:
        raise ValidationError(_("Cette demande est résolue ou clôturée : rouvrez-la d'abord."))
    old = ticket.assignee
    ticket.assignee = assignee
    audit_record(ticket, actor=actor, changes={"assignee": (old, assignee)})
    if assignee is not None and assignee == old == actor:
        # The category's agent takes their own ticket: nothing changes hands, but it is taken.
        audit_record(ticket, actor=actor, changes={"taken": ("", actor)})
    if assignee is not None and ticket.status == Status.NEW:
        apply_status(ticket, actor, Status.OPEN)
    ticket.save()
    return ticket


@transaction.atomic
def ticket_bulk_assign(*, actor, tickets, assignee):
    """Every ticket is assigned or none; a refusal names the ticket."""
    assigned = []
    for ticket in sorted(tickets, key=lambda t: t.pk):
        try:
            assigned.append(ticket_assign(actor=actor, ticket=ticket, assignee=assignee))
        except ValidationError as error:
            raise ValidationError(f"{ticket.reference} : {' '.join(error.messages)}") from error
    return assigned


@transaction.atomic
def ticket_triage(*, actor, ticket, priority=None, category=None):
    """An agent corrects a ticket's priority and/or category. A new priority gives new due
    times: its targets counted from the ticket's creation, plus the working time the clock has
    been stopped so far (a pause under way moves them when it ends)."""
    require_agent(actor)
    ticket = _lock(ticket)
    if ticket.is_done:
        raise ValidationError(_("Cette demande est résolue ou clôturée : rouvrez-la d'abord."))
    if category is not None and category.pk != ticket.category_id:
        audit_record(ticket, actor=actor, changes={"category": (ticket.category, category)})
        ticket.category = category
    if priority is not None and priority.pk != ticket.priority_id:
        audit_record(ticket, actor=actor, changes={"priority": (ticket.priority, priority)})
        ticket.priority = priority
        new_dues = due_times(
            created_at=ticket.created_at, priority=priority, paused=ticket.paused_working_time
        )
        for field, due in zip(DUE_FIELDS, new_dues, strict=True):
            record_moment(ticket, actor, field, getattr(ticket, field), due)
            setattr(ticket, field, due)
    ticket.save()
    return ticket


@transaction.atomic
def ticket_confirm_resolution(*, actor, ticket):
    """The requester's side agrees that the problem is solved: the ticket closes."""
    if not is_requester_side(actor, ticket):
        raise PermissionDenied
    ticket = _lock(ticket)
    if ticket.status != Status.RESOLVED:
        raise ValidationError(_("Seule une demande résolue peut être confirmée."))
    return apply_status(ticket, actor, Status.CLOSED)


@transaction.atomic
def ticket_reopen(*, actor, ticket):
    """The requester's side reopens a resolved ticket within the allowed number of days; the
    due times move on by the time it spent resolved, and its agent (or team) is told."""
    if not is_requester_side(actor, ticket):
        raise PermissionDenied
    ticket = _lock(ticket)
    if ticket.status != Status.RESOLVED:
        raise ValidationError(_("Seule une demande résolue peut être rouverte."))
    if timezone.now() > ticket.reopen_until:
        raise ValidationError(
            _(
                "Le délai de %(days)s jours pour rouvrir cette demande est dépassé : déposez "
                "une nouvelle demande."
            )
            % {"days": settings.HELPDESK_REOPEN_DAYS}
        )
    apply_status(ticket, actor, Status.OPEN)
    reopened_notify(ticket=ticket)
    return ticket


@transaction.atomic
def ticket_rate(*, actor, ticket, satisfaction, comment=""):
    """The requester's side rates the service once, when the ticket is resolved or closed."""
    if not is_requester_side(actor, ticket):
        raise PermissionDenied
    ticket = _lock(ticket)
    if not ticket.is_done:
        raise ValidationError(_("Vous pourrez noter le service une fois la demande résolue."))
    if ticket.satisfaction is not None:
        raise ValidationError(_("Le service a déjà été noté pour cette demande."))
    if satisfaction not in range(1, 6):
        raise ValidationError({"satisfaction": _("Choisissez une note de 1 à 5.")})
    ticket.satisfaction = satisfaction
    ticket.satisfaction_comment = comment.strip()
    ticket.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
    audit_record(ticket, actor=actor, changes={"satisfaction": ("", satisfaction)})
    return ticket


def ticket_merge_check(*, duplicate, into):
    """The rules of a merge, checked before asking for confirmation and again when merging."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("Une demande ne peut pas être fusionnée avec elle-même."))
    if duplicate.status == Status.CLOSED:
        raise ValidationError(
            _("Cette demande est déjà clôturée : elle ne peut plus être fusionnée.")
        )
    if duplicate.structure_id != into.structure_id:
        raise ValidationError(
            _("Seules les demandes d'une même structure peuvent être fusionnées.")
        )
    if into.status == Status.CLOSED:
        raise ValidationError(_("La demande cible est clôturée : choisissez une demande ouverte."))


@transaction.atomic
def ticket_merge(*, actor, duplicate, into):
    """Close a duplicate into another ticket of the same structure, keeping its messages."""
    require_agent(actor)
    # Both rows locked in ascending pk order, as every writer does: two agents merging A into B
    # and B into A at the same time queue instead of deadlocking.
    locked = {
        pk: Ticket.objects.select_for_update().get(pk=pk) for pk in sorted({duplicate.pk, into.pk})
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    ticket_merge_check(duplicate=duplicate, into=into)
    duplicate.messages.update(ticket=into)
    duplicate.attachments.update(ticket=into)
    duplicate.merged_into = into
    apply_status(duplicate, actor, Status.CLOSED)
    duplicate.save()
    audit_record(duplicate, actor=actor, changes={"merged_into": ("", into.reference)})
    audit_record(into, actor=actor, changes={"merged": ("", duplicate.reference)})
    return into
