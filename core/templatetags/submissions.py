from django import template
from django.utils.html import format_html

from core.submissions import FIELD, submission_token_new

register = template.Library()


@register.simple_tag
def submission_token():
    """The hidden one-time token of a form that creates or changes something
    (core.submissions): a new one each time the form is rendered."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, submission_token_new())
