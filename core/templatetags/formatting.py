"""``{% load formatting %}``, then ``{{ value|formatted:"percent" }}``,
``{{ meeting.starts_at|formatted:"weekday_datetime" }}``: the one filter for numbers,
percentages and dates (styles in core/formats.py)."""

from django import template

from core.formats import formatted as _formatted

register = template.Library()


@register.filter
def formatted(value, style=None):
    return _formatted(value, style)
