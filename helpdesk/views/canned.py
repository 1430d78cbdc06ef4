"""``/helpdesk/canned/``: the helpdesk supervisors keep the canned replies (list, create, edit,
delete after confirmation). Anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import apply_errors

from .. import services
from ..forms import CannedReplyForm
from ..models import CannedReply
from ..permissions import can_manage_canned_replies


def _for_supervisor(request, pk=None):
    if not can_manage_canned_replies(request.user):
        raise Http404
    return get_object_or_404(CannedReply, pk=pk) if pk is not None else None


def canned_list(request):
    _for_supervisor(request)
    return render(request, "helpdesk/canned_list.html", {"replies": CannedReply.objects.all()})


def canned_new(request):
    _for_supervisor(request)
    return _edit(request, None, _("Nouvelle réponse type"))


def canned_edit(request, pk):
    reply = _for_supervisor(request, pk)
    return _edit(request, reply, _("Modifier la réponse type « %(title)s »") % {"title": reply})


def _edit(request, reply, title):
    initial = (
        {"title": reply.title, "body": reply.body, "is_active": reply.is_active}
        if reply
        else {"is_active": True}
    )
    form = CannedReplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            saved = services.canned_reply_save(actor=request.user, reply=reply, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Réponse type « %(title)s » enregistrée.") % {"title": saved}
            )
            return redirect("helpdesk:canned_list")
    return render(
        request,
        "helpdesk/canned_form.html",
        {"form": form, "title": title, "cancel_url": reverse("helpdesk:canned_list")},
    )


def canned_delete(request, pk):
    """GET asks for confirmation; POST deletes."""
    reply = _for_supervisor(request, pk)
    if request.method == "POST":
        services.canned_reply_delete(actor=request.user, reply=reply)
        messages.success(request, _("Réponse type « %(title)s » supprimée.") % {"title": reply})
        return redirect("helpdesk:canned_list")
    return render(request, "helpdesk/canned_delete.html", {"reply": reply})
