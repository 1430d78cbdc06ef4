from django.http import Http404

from ..permissions import can_manage_recommendations


def require_manager_or_404(user):
    """Pages of the Secretariat answer 404 to others, like any object outside their scope."""
    if not can_manage_recommendations(user):
        raise Http404
