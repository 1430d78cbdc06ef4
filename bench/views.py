"""The minimal view of the load run: the same server and middleware as the portal's pages,
no database and no template. The portal's throughput is quoted as a share of this one's."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


def floor(request):
    """The floor of a signed-in page (issue 18): the middleware, the session and the user, read
    by the view; no template, no other query."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")
