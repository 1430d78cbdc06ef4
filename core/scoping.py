"""Fetching objects through a user's scope.

Every model that users may not all see offers ``QuerySet.visible_to(user)``; views fetch through
these helpers so that an object outside the scope answers 404, never 403, and references cannot
be probed.
"""

from django.shortcuts import get_object_or_404


def get_visible_or_404(queryset, user, **lookup):
    """One object of ``queryset.visible_to(user)``, or Http404."""
    return get_object_or_404(queryset.visible_to(user), **lookup)


class VisibleQuerysetMixin:
    """For generic views: restricts ``get_queryset()`` to what the requesting user may see."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)
