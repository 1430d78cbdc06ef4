from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Notification
from core.outbox import kind_label
from core.scoping import get_visible_or_404

from .. import services
from ..models import Meeting
from ._helpers import require_manager_or_404


def notifications(request, pk):
    """The Secretariat's view of what the meeting sent, will send and failed to send."""
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    rows = list(
        Notification.objects.for_target(meeting)
        .select_related("recipient__structure")
        .order_by("-due_at", "-pk")
    )
    for row in rows:
        row.kind_label = kind_label(row.kind)
    counts = {state: 0 for state in Notification.State.values}
    for row in rows:
        counts[row.state] += 1
    return render(
        request,
        "meetings/notifications.html",
        {"meeting": meeting, "notifications": rows, "counts": counts},
    )


@require_POST
def notification_resend(request, pk, notification_pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    try:
        resent = services.meeting_notification_resend(
            actor=request.user, meeting=meeting, notification_id=notification_pk
        )
    except Notification.DoesNotExist:
        raise Http404 from None
    if resent:
        messages.success(request, _("La notification est remise en file d'envoi."))
    else:
        messages.info(
            request, _("Cette notification n'est pas en échec : il n'y a rien à renvoyer.")
        )
    return redirect("meetings:notifications", meeting.pk)
