"""``{% sla_badge state %}``: the one drawing of an SLA state (queue rows, the ticket page);
``{% pause_badge ticket requester_side %}`` and ``{% pause_label … %}``: the deadlines
suspended while the ticket waits for the requester, said in plain words to each side."""

from django import template
from django.utils.translation import gettext as _

from ..models import SlaState, Status

register = template.Library()

BADGE_CLASSES = {
    SlaState.ON_TIME: "text-bg-success",
    SlaState.AT_RISK: "text-bg-warning",
    SlaState.BREACHED: "text-bg-danger",
}


@register.inclusion_tag("helpdesk/_sla_badge.html")
def sla_badge(state):
    """The badge of a ``SlaState`` (or its value), labelled by the enumeration."""
    state = SlaState(state)
    return {"state": state, "badge_class": BADGE_CLASSES[state]}


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
