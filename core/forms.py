"""Form helpers that know no domain."""

from django import forms
from django.core.exceptions import ValidationError

# The largest id a database column holds (64-bit signed). SQLite raises OverflowError, instead
# of finding nothing, when a query holds a larger number.
MAX_ID = 2**63 - 1


def parse_id(text):
    """The id written in ``text``, or None when it is not one a database can hold."""
    if isinstance(text, str) and text.isdecimal() and int(text) <= MAX_ID:
        return int(text)
    return None


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


def apply_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form that triggered it: each field's errors on
    that field when the form has it, the others above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
