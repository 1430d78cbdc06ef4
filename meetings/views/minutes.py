from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.markdown import diff_marked, render_markdown
from core.pdf import pdf_document
from core.scoping import get_visible_or_404

from .. import services
from ..extensions import sections_for
from ..forms import MinutesForm
from ..models import Meeting
from ..permissions import can_read_minutes, is_participant, minutes_correction_refused
from ..selectors import (
    latest_minutes_version,
    meeting_for_page,
    minutes_attendance,
    minutes_skeleton,
    minutes_versions_for,
)
from ._helpers import apply_errors, require_manager_or_404


def minutes_edit(request, pk):
    """Write the minutes: the first draft starts from the agenda's skeleton, later drafts from
    the newest version; once published, a change is a correction with its reason."""
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(
        Meeting.objects.select_related("minutes__approved_at_meeting"), request.user, pk=pk
    )
    minutes = getattr(meeting, "minutes", None)
    latest = minutes.versions.first() if minutes else None
    correcting = minutes_correction_refused(minutes) is None
    form = MinutesForm(
        request.POST or None,
        initial={"body": latest.body if latest else minutes_skeleton(meeting)},
        correcting=correcting,
    )
    preview = ""
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                _save(request, meeting, form, correcting)
                return redirect("meetings:detail", meeting.pk)
            except ValidationError as error:
                apply_errors(form, error)
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "form": form,
            "meeting": meeting,
            "minutes": minutes,
            "correcting": correcting,
            "from_skeleton": latest is None,
            "preview": preview,
        },
    )


def _save(request, meeting, form, correcting):
    body = form.cleaned_data["body"]
    if correcting:
        _minutes, version = services.minutes_correct(
            actor=request.user,
            meeting=meeting,
            body=body,
            reason=form.cleaned_data["correction_reason"],
        )
        message = _("Correction enregistrée (version %(number)s) ; les invités en sont avertis.")
    else:
        _minutes, version = services.minutes_save_draft(
            actor=request.user, meeting=meeting, body=body
        )
        message = _("Compte rendu enregistré (version %(number)s).")
    messages.success(request, message % {"number": version.number})


@require_POST
def minutes_publish(request, pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    try:
        services.minutes_publish(actor=request.user, meeting=meeting)
        messages.success(
            request, _("Le compte rendu est publié ; les invités en sont avertis par e-mail.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:detail", meeting.pk)


@require_POST
def minutes_approve(request, pk):
    """Approve, at this follow-up meeting, the minutes of the session it reviews."""
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    try:
        services.minutes_approve(actor=request.user, at_meeting=meeting)
        messages.success(request, _("Le compte rendu de la session précédente est approuvé."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:detail", meeting.pk)


def minutes_versions(request, pk):
    """Every version of the minutes, and the differences between two of them: by default
    the newest against the one before (a correction against the text it corrects)."""
    meeting = get_visible_or_404(
        Meeting.objects.select_related("minutes__approved_at_meeting"), request.user, pk=pk
    )
    minutes = getattr(meeting, "minutes", None)
    if not can_read_minutes(request.user, minutes):
        raise Http404
    versions = list(minutes_versions_for(viewer=request.user, minutes=minutes))
    if not versions:
        raise Http404
    by_number = {v.number: v for v in versions}
    newest = versions[0].number
    new = by_number.get(_number(request.GET.get("b"), newest), versions[0])
    old = by_number.get(_number(request.GET.get("a"), new.number - 1))
    diff = diff_marked(old.body if old else "", new.body)
    return render(
        request,
        "meetings/minutes_versions.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": diff,
        },
    )


def _number(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def minutes_pdf(request, pk):
    """The minutes in the portal's print layout, with the agenda and the attendance list."""
    meeting = meeting_for_page(viewer=request.user, pk=pk)
    minutes = getattr(meeting, "minutes", None)
    if not can_read_minutes(request.user, minutes):
        raise Http404
    version = latest_minutes_version(meeting, viewer=request.user)
    if version is None:
        raise Http404
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "version": version,
        "minutes_html": render_markdown(version.body),
        # The attendance is shown to the meeting's participants only, as on its page.
        "invitations": (
            minutes_attendance(meeting) if is_participant(request.user, meeting) else None
        ),
        "sections": sections_for(meeting),
    }
    return pdf_document(
        request,
        "meetings/pdf/minutes.html",
        context,
        filename=f"compte-rendu-reunion-{meeting.pk}.pdf",
    )
