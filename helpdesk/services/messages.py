from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Message, Status, Ticket
from ..permissions import is_agent, is_requester_side
from ._common import store_attachments
from .notifications import reply_notify
from .tickets import apply_status, ticket_transition


@transaction.atomic
def message_add(*, actor, ticket, body, is_internal=False, attachments=()):
    """A public reply (both ways) or an internal note (agents only, never sent to the requester).

    An agent's first public reply records the first response; a requester's reply to a ticket
    waiting for them starts the clock again.
    """
    agent = is_agent(actor)
    if not agent and not is_requester_side(actor, ticket):
        raise PermissionDenied
    if is_internal and not agent:
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Le message est vide.")})
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == Status.CLOSED:
        raise ValidationError(
            _("Cette demande est clôturée : déposez une nouvelle demande si besoin.")
        )
    message = Message.objects.create(
        ticket=ticket, author=actor, body=body.strip(), is_internal=is_internal
    )
    store_attachments(ticket=ticket, message=message, actor=actor, files=attachments)
    if agent and not is_internal and ticket.first_response_at is None:
        ticket.first_response_at = timezone.now()
        ticket.save(update_fields=["first_response_at", "updated_at"])
    if not agent and ticket.status == Status.WAITING:
        apply_status(ticket, actor, Status.OPEN)
    if not is_internal:
        reply_notify(message=message)
    return message


@transaction.atomic
def message_add_then_transition(*, actor, ticket, status=None, **message):
    """A reply or a note (``message_add``), then, when an agent asks for it, the ticket's move
    to ``status`` (``ticket_transition``): one transaction, both or neither. Each plans its
    e-mail as when made alone (the reply to its recipients, the new status to the requester)."""
    added = message_add(actor=actor, ticket=ticket, **message)
    if status is not None:
        ticket_transition(actor=actor, ticket=ticket, status=status)
    return added
