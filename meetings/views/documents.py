from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.downloads import protected_file_response
from core.scoping import get_visible_or_404

from .. import services
from ..forms import DocumentForm
from ..models import Document, Meeting
from ..permissions import is_participant
from ._helpers import apply_errors, require_manager_or_404


def document_upload(request, pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                actor=request.user,
                meeting=meeting,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
            )
            messages.success(request, _("Le document est déposé."))
            return redirect("meetings:detail", meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
    context = {
        "form": form,
        "meeting": meeting,
        "title": _("Déposer un document"),
        "multipart": True,
    }
    return render(request, "meetings/form.html", context)


def document_download(request, pk, document_pk):
    """Documents are served only here, to the meeting's participants, as attachments."""
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    if not is_participant(request.user, meeting):
        raise Http404
    document = get_object_or_404(Document, pk=document_pk, meeting=meeting)
    return protected_file_response(
        document.file, download_name=document.original_name, content_type=document.content_type
    )


def document_delete(request, pk, document_pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    document = get_object_or_404(Document, pk=document_pk, meeting=meeting)
    if request.method == "POST":
        services.document_delete(actor=request.user, document=document)
        messages.success(request, _("Le document est supprimé."))
        return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/confirm.html",
        {
            "meeting": meeting,
            "title": _("Supprimer ce document ?"),
            "message": _("« %(title)s » sera définitivement supprimé.") % {"title": document.title},
            "confirm_label": _("Supprimer le document"),
        },
    )
