from django.core.exceptions import ValidationError
from django.http import Http404

from ..permissions import can_manage_meetings


def require_manager_or_404(user):
    """Pages of the Secretariat answer 404 to others, like any object outside their scope."""
    if not can_manage_meetings(user):
        raise Http404


def apply_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form that triggered it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
