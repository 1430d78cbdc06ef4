from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scoping import get_visible_or_404
from core.spreadsheets import build_workbook, workbook_response

from .. import services
from ..forms import SituationForm
from ..models import Meeting, SharedService, Situation
from ..permissions import can_report_situation, sees_all_meetings
from ..selectors import situations_table
from ._helpers import apply_errors


def situation_form(request, pk):
    """A DSI fills in, or confirms as it stands, their structure's situation for the session."""
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    if not can_report_situation(request.user, meeting):
        raise Http404
    latest = (
        Situation.objects.filter(structure_id=request.user.structure_id)
        .order_by("-submitted_at", "-pk")
        .first()
    )
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
    rows = situations_table(meeting)
    return render(
        request,
        "meetings/situations.html",
        {
            "meeting": meeting,
            "rows": rows,
            "missing": [structure for structure, situation in rows if situation is None],
            "services": list(SharedService),
        },
    )


def situations_xlsx(request, pk):
    if not sees_all_meetings(request.user):
        raise Http404
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    headers = [
        _("Structure"),
        _("Sigle"),
        _("Répondu le"),
        _("Par"),
        _("Ingénieurs"),
        _("Techniciens"),
        _("Autres"),
    ]
    headers += [service.label for service in SharedService]
    headers += [_("Difficultés"), _("Propositions")]
    rows = []
    for structure, situation in situations_table(meeting):
        if situation is None:
            rows.append([structure.name, structure.acronym, _("Sans réponse")])
            continue
        rows.append(
            [
                structure.name,
                structure.acronym,
                timezone.localtime(situation.submitted_at).strftime("%d/%m/%Y %H:%M"),
                str(situation.submitted_by or ""),
                situation.staff_engineers,
                situation.staff_technicians,
                situation.staff_other,
                *[situation.adoption_label(service) for service in SharedService],
                situation.difficulties,
                situation.proposals,
            ]
        )
    content = build_workbook(title=_("Situation des DSI"), headers=headers, rows=rows)
    return workbook_response(content, filename=f"situation-dsi-reunion-{meeting.pk}.xlsx")
