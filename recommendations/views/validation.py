from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.models import Meeting

from .. import services
from ..forms import RejectForm
from ..models import StatusUpdate
from ..selectors import pending_updates
from ..services.updates import completed_progress_note
from ._helpers import require_manager_or_404
from .pages import PAGE_SIZE


def validation_queue(request):
    """The updates waiting for validation, oldest first, 25 a page: each is two forms, and a
    busy week leaves hundreds (400 at scale 1)."""
    require_manager_or_404(request.user)
    page = Paginator(pending_updates(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/validations.html",
        {"page_obj": page, "updates": page.object_list, "reject_form": RejectForm()},
    )


@require_POST
def update_validate(request, pk):
    require_manager_or_404(request.user)
    update = get_object_or_404(StatusUpdate, pk=pk)
    try:
        services.update_validate(actor=request.user, update=update)
        messages.success(
            request, _("Mise à jour validée : la recommandation a pris son nouveau statut.")
        )
        if update.progress_completed:
            messages.info(request, completed_progress_note(update))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request))


@require_POST
def update_reject(request, pk):
    require_manager_or_404(request.user)
    update = get_object_or_404(StatusUpdate, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez le motif du rejet : le DSI le recevra."))
        return redirect(_back(request))
    try:
        services.update_reject(
            actor=request.user, update=update, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Mise à jour rejetée ; le DSI en est informé."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request))


def _back(request):
    target = request.POST.get("next", "")
    return target if target.startswith("/recommendations/") else "recommendations:validations"


@require_POST
def update_mark_reviewed(request, pk):
    """Record the session at which an update was reviewed."""
    require_manager_or_404(request.user)
    update = get_object_or_404(StatusUpdate, pk=pk)
    meeting_id = request.POST.get("meeting", "")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    meeting = Meeting.objects.filter(pk=meeting_id).first() if meeting_id.isdecimal() else None
    try:
        services.update_mark_reviewed(actor=request.user, update=update, meeting=meeting)
        messages.success(request, _("La mise à jour est marquée comme examinée."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("recommendations:detail", update.recommendation_id)
