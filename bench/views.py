"""The minimal view of the load run: the same server and middleware as the portal's pages,
no database and no template. The portal's throughput is quoted as a share of this one's."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


def floor(request):
    """The floor of a signed-in page: the same middleware, a view that reads ``request.user``
    and renders no template. Issue 18 asks that it cost at most two queries."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")
