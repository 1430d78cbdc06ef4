"""``{% sla_badge state %}``: the one drawing of an SLA state (queue rows, the ticket page)."""

from django import template

from ..models import SlaState

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
