"""``{% sla_badge state %}``: the one drawing of an SLA state (queue rows, the ticket page);
``{% status_badge ticket %}``: a ticket's status in the lists;
``{% pause_badge ticket requester_side %}`` and ``{% pause_label … %}``: the deadlines
suspended while the ticket waits for the requester, said in plain words to each side."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import SlaState, Status

register = template.Library()

BADGE_CLASSES = {
    SlaState.ON_TIME: "text-bg-success",
    SlaState.AT_RISK: "text-bg-warning",
    SlaState.BREACHED: "text-bg-danger",
}


STATUS_BADGE_CLASSES = {
    Status.NEW: "text-bg-primary",
    Status.OPEN: "text-bg-info",
    Status.IN_PROGRESS: "text-bg-warning",
    Status.WAITING: "text-bg-light border",
    Status.RESOLVED: "text-bg-success",
    Status.CLOSED: "text-bg-secondary",
}


@register.simple_tag
def status_badge(ticket):
    """The badge of a ticket's status in the lists (the queue, a structure's tickets), one a
    row: written here rather than in an included template."""
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_BADGE_CLASSES.get(ticket.status, "text-bg-secondary"),
        ticket.status,
        ticket.get_status_display(),
    )


@register.simple_tag
def sla_badge(state):
    """The badge of a ``SlaState`` (or its value), labelled by the enumeration. Written here
    rather than in a template: the queue draws one a row (issue 18's profile)."""
    state = SlaState(state)
    return format_html(
        '<span class="badge {}" data-sla="{}" data-testid="sla-state">{}</span>',
        BADGE_CLASSES[state],
        state.value,
        state.label,
    )


@register.simple_tag
def pause_label(ticket, requester_side=False):
    """Why the deadlines stand still, or an empty string. Only a ticket waiting for the
    requester says so: a resolved ticket's clock stands too, but its status tells why."""
    if ticket.status != Status.WAITING:
        return ""
    if requester_side:
        return _("Délai suspendu (en attente de votre réponse)")
    return _("Délai suspendu (en attente du demandeur)")


@register.inclusion_tag("helpdesk/_pause_badge.html")
def pause_badge(ticket, requester_side=False):
    return {"label": pause_label(ticket, requester_side)}
