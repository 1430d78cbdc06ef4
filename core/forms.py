"""Form helpers that know no domain."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

# The largest id a database column holds (64-bit signed). SQLite raises OverflowError, instead
# of finding nothing, when a query holds a larger number.
MAX_ID = 2**63 - 1


def parse_id(text):
    """The id written in ``text``, or None when it is not one a database can hold."""
    if isinstance(text, str) and text.isdecimal() and int(text) <= MAX_ID:
        return int(text)
    return None


# Django's empty choice of a select list ("---------"), which means nothing to a reader.
DJANGO_EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]
CHOOSE = _("— Choisir —")
NOT_GIVEN = _("— Non renseigné —")


class ChoiceLabels:
    """A form mixin: the empty choice of its select lists says something instead of Django's
    "---------": "— Choisir —" where a choice is required, "— Non renseigné —" where it is not,
    or what leaving it empty means, named in ``empty_labels`` ({field: label})."""

    empty_labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = self.empty_labels.get(name) or (CHOOSE if field.required else NOT_GIVEN)
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == DJANGO_EMPTY_LABEL:
                    field.empty_label = label
            elif isinstance(field, forms.ChoiceField) and isinstance(field.choices, list):
                field.choices = [
                    (value, label if value == "" and shown == DJANGO_EMPTY_LABEL else shown)
                    for value, shown in field.choices
                ]


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids past 64 bits before querying them."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check refuses it
            if abs(number) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class Checklist(forms.CheckboxSelectMultiple):
    """A long multiple choice shown as a list of checkboxes under a filter box
    (templates/partials/checklist.html, static/js/checklist.js): each choice reads whole on a
    phone, where a multiple select cuts its options at the width of the screen."""

    checklist = True

    def __init__(self, filter_label, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.filter_label = filter_label


def apply_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form that triggered it: each field's errors on
    that field when the form has it, the others above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def list_choices(field, objects):
    """Draw a ModelChoiceField's select from ``objects``, rows the page has already loaded,
    instead of a query of the field's own at each drawing (a server-side cursor on
    PostgreSQL). The options are those the field would draw: its empty choice, the "none"
    choice of a django-filter field that has one, then each object with the field's label.
    The field's queryset still checks what is sent."""
    iterator = field.iterator(field)
    head = []
    if field.empty_label is not None:
        head.append(("", field.empty_label))
    if getattr(field, "null_label", None) is not None:
        head.append((field.null_value, field.null_label))
    field.widget.choices = [*head, *(iterator.choice(obj) for obj in objects)]
