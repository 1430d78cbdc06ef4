import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scoping import get_visible_or_404

from .. import services
from ..forms import AgendaItemForm
from ..models import AgendaItem, Meeting
from ._helpers import apply_errors, require_manager_or_404


def _meeting_and_item(request, pk, item_pk=None):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting) if item_pk else None
    return meeting, item


def agenda_item_form(request, pk, item_pk=None):
    meeting, item = _meeting_and_item(request, pk, item_pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                services.agenda_item_create(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
                messages.success(request, _("Le point est ajouté à l'ordre du jour."))
            else:
                services.agenda_item_update(actor=request.user, item=item, **form.cleaned_data)
                messages.success(request, _("Le point de l'ordre du jour est mis à jour."))
            return redirect("meetings:detail", meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
    title = _("Modifier le point") if item else _("Ajouter un point à l'ordre du jour")
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting, "title": title})


def agenda_item_delete(request, pk, item_pk):
    meeting, item = _meeting_and_item(request, pk, item_pk)
    if request.method == "POST":
        services.agenda_item_delete(actor=request.user, item=item)
        messages.success(request, _("Le point est retiré de l'ordre du jour."))
        return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/confirm.html",
        {
            "meeting": meeting,
            "title": _("Retirer ce point de l'ordre du jour ?"),
            "message": _("« %(title)s » et le lien vers ses documents seront retirés.")
            % {"title": item.title},
            "confirm_label": _("Retirer le point"),
        },
    )


# The drag-and-drop order of an agenda: a few hundred bytes for a real one; this bounds the work
# of parsing (100,000 nested brackets made the JSON parser recurse until it failed).
REORDER_BODY_MAX = 16 * 1024


def _ordered_ids(request):
    if len(request.body) > REORDER_BODY_MAX:
        raise ValueError("agenda order too long")
    order = json.loads(request.body)["order"]
    if not isinstance(order, list):
        raise TypeError("agenda order is not a list")
    return [int(pk) for pk in order]


@require_POST
def agenda_reorder(request, pk):
    """Either a JSON list of ids (drag and drop, no reload) or one item moved up or down."""
    meeting, _item = _meeting_and_item(request, pk)
    is_json = request.content_type == "application/json"
    try:
        if is_json:
            ordered = _ordered_ids(request)
            services.agenda_reorder(actor=request.user, meeting=meeting, ordered_ids=ordered)
        else:
            services.agenda_item_move(
                actor=request.user,
                meeting=meeting,
                item_id=int(request.POST["item"]),
                direction=request.POST.get("direction"),
            )
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as error:
        return _reorder_error(
            request, meeting, is_json, _("Ordre du jour illisible : rechargez la page."), error
        )
    except ValidationError as error:
        return _reorder_error(request, meeting, is_json, " ".join(error.messages), error)
    if is_json:
        return JsonResponse({"order": ordered})
    return redirect("meetings:detail", meeting.pk)


def _reorder_error(request, meeting, is_json, message, _error):
    if is_json:
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return redirect("meetings:detail", meeting.pk)
