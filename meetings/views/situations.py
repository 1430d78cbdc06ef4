from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.scoping import get_visible_or_404
from core.spreadsheets import workbook_response

from .. import services
from ..exports import situations_workbook
from ..forms import SituationForm
from ..models import Meeting, SharedService
from ..permissions import (
    answers_closed,
    can_report_situation,
    is_situation_respondent,
    sees_all_meetings,
)
from ..selectors import situation_latest_of_structure, situations_overview
from ._helpers import apply_errors


def situation_form(request, pk):
    """A DSI fills in, or confirms as it stands, their structure's situation for the session."""
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    if not is_situation_respondent(request.user, meeting):
        raise Http404
    if not can_report_situation(request.user, meeting):
        messages.error(request, answers_closed(meeting).message)
        return redirect("meetings:detail", meeting.pk)
    latest = situation_latest_of_structure(request.user.structure_id)
    form = SituationForm(request.POST or None, instance=_copy(latest))
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_submit(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(
                request, _("La situation de votre DSI est enregistrée pour cette session.")
            )
            return redirect("meetings:detail", meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "meetings/situation_form.html",
        {"form": form, "meeting": meeting, "latest": latest},
    )


def _copy(situation):
    """Start from the last answer (of any session), so confirming it is one click."""
    if situation is None:
        return None
    situation.pk = None
    return situation


def situations(request, pk):
    if not sees_all_meetings(request.user):
        raise Http404
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    return render(
        request,
        "meetings/situations.html",
        {
            "meeting": meeting,
            "situations": situations_overview(meeting),
            "services": list(SharedService),
        },
    )


def situations_xlsx(request, pk):
    if not sees_all_meetings(request.user):
        raise Http404
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    return workbook_response(
        situations_workbook(meeting), filename=f"situation-dsi-reunion-{meeting.pk}.xlsx"
    )
