from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queue import enqueue_on_commit

from ..models import Status, Ticket, TicketCounter
from ..permissions import can_file_ticket, is_agent, is_requester_side
from ..sla import WorkingCalendar, due_times, shift_for_pause
from ._common import record, require_agent, store_attachments

# The only moves the transition service allows; everything else is refused with a message.
TRANSITIONS = {
    Status.NEW: {Status.OPEN, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.OPEN: {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.OPEN, Status.WAITING, Status.RESOLVED},
    Status.WAITING: {Status.OPEN, Status.IN_PROGRESS, Status.RESOLVED},
    Status.RESOLVED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: set(),
}


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
    the requester and the category's assignee or team are told by e-mail."""
    from ..tasks import notify_ticket_created

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
        assignee=category.default_assignee,
        recommendation=recommendation,
        created_at=now,
        response_due_at=response_due,
        resolution_due_at=resolution_due,
    )
    store_attachments(ticket=ticket, message=None, actor=actor, files=attachments)
    record(ticket, actor, "status", "", ticket.get_status_display())
    enqueue_on_commit(notify_ticket_created, ticket.pk)
    return ticket


def _lock(ticket):
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _move(ticket, actor, new_status, *, calendar=None):
    """Apply a status change with its timestamps and the SLA pause; no permission check."""
    old = Status(ticket.status)
    if new_status == old:
        return ticket
    if new_status not in TRANSITIONS[old]:
        raise ValidationError(
            _("Une demande « %(old)s » ne peut pas passer à « %(new)s ».")
            % {"old": old.label, "new": Status(new_status).label},
            code="illegal_transition",
        )
    now = timezone.now()
    if old == Status.WAITING and ticket.paused_since:
        calendar = calendar or WorkingCalendar.load()
        for field in ("response_due_at", "resolution_due_at"):
            due = shift_for_pause(
                due_at=getattr(ticket, field),
                paused_since=ticket.paused_since,
                resumed_at=now,
                calendar=calendar,
            )
            setattr(ticket, field, due)
        ticket.paused_since = None
    if new_status == Status.WAITING:
        ticket.paused_since = now
    if new_status == Status.RESOLVED:
        ticket.resolved_at = now
    elif new_status == Status.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
    elif old == Status.RESOLVED:
        ticket.resolved_at = None
    ticket.status = new_status
    ticket.save()
    record(ticket, actor, "status", old.label, Status(new_status).label)
    return ticket


@transaction.atomic
def ticket_transition(*, actor, ticket, status):
    """Agents move tickets through the allowed statuses; illegal moves are refused."""
    from ..tasks import notify_status_changed

    require_agent(actor)
    ticket = _lock(ticket)
    old = ticket.status
    _move(ticket, actor, Status(status))
    if ticket.status != old:
        enqueue_on_commit(notify_status_changed, ticket.pk)
    return ticket


@transaction.atomic
def ticket_bulk_transition(*, actor, tickets, status):
    """Every ticket moves or none: an illegal move for one refuses the whole batch."""
    require_agent(actor)
    calendar = WorkingCalendar.load()
    moved = []
    for ticket in Ticket.objects.select_for_update().filter(pk__in=[t.pk for t in tickets]):
        try:
            moved.append(_move(ticket, actor, Status(status), calendar=calendar))
        except ValidationError as error:
            raise ValidationError(f"{ticket.reference} : {' '.join(error.messages)}") from error
    return moved


@transaction.atomic
def ticket_assign(*, actor, ticket, assignee):
    """Give a ticket to an agent ("take it" is assigning it to oneself)."""
    require_agent(actor)
    if assignee is not None and not is_agent(assignee):
        raise ValidationError(_("Une demande ne peut être confiée qu'à un agent de l'ANPTIC."))
    ticket = _lock(ticket)
    if ticket.is_done:
        raise ValidationError(_("Cette demande est résolue ou clôturée : rouvrez-la d'abord."))
    old = ticket.assignee
    ticket.assignee = assignee
    if assignee is not None and ticket.status == Status.NEW:
        _move(ticket, actor, Status.OPEN)
    ticket.save()
    record(ticket, actor, "assignee", old, assignee)
    return ticket


@transaction.atomic
def ticket_bulk_assign(*, actor, tickets, assignee):
    """Every ticket is assigned or none; a refusal names the ticket."""
    assigned = []
    for ticket in tickets:
        try:
            assigned.append(ticket_assign(actor=actor, ticket=ticket, assignee=assignee))
        except ValidationError as error:
            raise ValidationError(f"{ticket.reference} : {' '.join(error.messages)}") from error
    return assigned


@transaction.atomic
def ticket_confirm_resolution(*, actor, ticket):
    """The requester's side agrees that the problem is solved: the ticket closes."""
    if not is_requester_side(actor, ticket):
        raise PermissionDenied
    ticket = _lock(ticket)
    if ticket.status != Status.RESOLVED:
        raise ValidationError(_("Seule une demande résolue peut être confirmée."))
    return _move(ticket, actor, Status.CLOSED)


@transaction.atomic
def ticket_reopen(*, actor, ticket):
    """The requester's side reopens a resolved ticket within the allowed number of days."""
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
    return _move(ticket, actor, Status.OPEN)


@transaction.atomic
def ticket_rate(*, actor, ticket, satisfaction, comment=""):
    """The requester's side rates the service once the ticket is resolved or closed."""
    if not is_requester_side(actor, ticket):
        raise PermissionDenied
    ticket = _lock(ticket)
    if not ticket.is_done:
        raise ValidationError(_("Vous pourrez noter le service une fois la demande résolue."))
    if satisfaction not in range(1, 6):
        raise ValidationError({"satisfaction": _("Choisissez une note de 1 à 5.")})
    ticket.satisfaction = satisfaction
    ticket.satisfaction_comment = comment.strip()
    ticket.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
    record(ticket, actor, "satisfaction", "", satisfaction)
    return ticket


def ticket_merge_check(*, duplicate, into):
    """The rules of a merge, checked before asking for confirmation and again when merging."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("Une demande ne peut pas être fusionnée avec elle-même."))
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
    duplicate = _lock(duplicate)
    into = _lock(into)
    ticket_merge_check(duplicate=duplicate, into=into)
    duplicate.messages.update(ticket=into)
    duplicate.attachments.update(ticket=into)
    duplicate.merged_into = into
    if duplicate.status != Status.CLOSED:
        if Status.CLOSED not in TRANSITIONS[Status(duplicate.status)]:
            _move(duplicate, actor, Status.RESOLVED)
        _move(duplicate, actor, Status.CLOSED)
    duplicate.save()
    record(duplicate, actor, "merged_into", "", into.reference)
    record(into, actor, "merged", "", duplicate.reference)
    return into
