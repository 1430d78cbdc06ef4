"""Form helpers that know no domain."""

from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form that triggered it: each field's errors on
    that field when the form has it, the others above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
