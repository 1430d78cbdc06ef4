"""Reads of the ticket pages: one ticket with everything its page shows, what the viewer may do
on it, and the attachments a viewer may download.

Internal notes are filtered out here for the requester's side, not merely hidden by a template.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import TRANSITIONS, Attachment, CannedReply, Event, Message, Status, Ticket
from .permissions import is_agent, is_requester_side


def _messages_for(viewer):
    messages = Message.objects.select_related("author__structure").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    return messages if is_agent(viewer) else messages.filter(is_internal=False)


def ticket_for_page(viewer, reference):
    """One ticket the viewer may see (404 otherwise), with its SLA state, its own attachments,
    its conversation (without internal notes for the requester's side) and, for agents, its
    history. The number of queries does not depend on the number of messages."""
    agent = is_agent(viewer)
    prefetches = [
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(message__isnull=True).order_by("pk"),
            to_attr="own_attachments",
        ),
        Prefetch("messages", queryset=_messages_for(viewer), to_attr="conversation"),
        Prefetch("merged", queryset=Ticket.objects.order_by("reference"), to_attr="duplicates"),
    ]
    if agent:
        prefetches.append(
            Prefetch("events", queryset=Event.objects.select_related("actor"), to_attr="history")
        )
    queryset = (
        Ticket.objects.visible_to(viewer)
        .with_sla_state()
        .select_related(
            "requester",
            "structure",
            "category",
            "priority",
            "assignee",
            "recommendation",
            "merged_into",
        )
        .prefetch_related(*prefetches)
    )
    ticket = get_object_or_404(queryset, reference=reference)
    return ticket


@dataclass(frozen=True)
class TicketActions:
    """What the page offers the viewer; the services check the same rules again on POST."""

    is_agent: bool
    is_requester_side: bool
    can_reply: bool
    can_take: bool
    can_assign: bool
    can_triage: bool
    can_merge: bool
    next_statuses: list
    can_confirm: bool
    can_reopen: bool
    reopen_until: object
    can_rate: bool


def ticket_actions(viewer, ticket):
    agent = is_agent(viewer)
    requester = is_requester_side(viewer, ticket)
    current = Status(ticket.status)
    deadline = ticket.reopen_until if requester else None
    resolved = current == Status.RESOLVED
    return TicketActions(
        is_agent=agent,
        is_requester_side=requester,
        can_reply=(agent or requester) and current != Status.CLOSED,
        can_take=agent and not ticket.is_done and ticket.assignee_id != viewer.pk,
        can_assign=agent and not ticket.is_done,
        can_triage=agent and not ticket.is_done,
        can_merge=agent and current != Status.CLOSED,
        next_statuses=[s for s in Status if s in TRANSITIONS[current]] if agent else [],
        can_confirm=requester and resolved,
        can_reopen=bool(deadline and timezone.now() <= deadline),
        reopen_until=deadline,
        can_rate=requester and ticket.is_done and ticket.satisfaction is None,
    )


def canned_replies():
    return list(CannedReply.objects.filter(is_active=True))


def attachment_for_download(viewer, pk):
    """An attachment of a ticket the viewer may see; an internal note's attachment only for
    agents. Anything else is a 404."""
    attachments = Attachment.objects.filter(ticket__in=Ticket.objects.visible_to(viewer))
    if not is_agent(viewer):
        attachments = attachments.filter(Q(message__isnull=True) | Q(message__is_internal=False))
    return get_object_or_404(attachments, pk=pk)
