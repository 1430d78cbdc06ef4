from django.http import Http404

from core.forms import apply_errors  # noqa: F401 - the views of this package import it from here

from ..permissions import can_manage_meetings


def require_manager_or_404(user):
    """Pages of the Secretariat answer 404 to others, like any object outside their scope."""
    if not can_manage_meetings(user):
        raise Http404
