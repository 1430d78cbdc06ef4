from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.markdown import render_markdown
from core.scoping import get_visible_or_404

from .. import services
from ..extensions import report_links_for, sections_for
from ..filters import MeetingFilter
from ..forms import CancelForm, MeetingForm, PostponeForm, ReplyForm
from ..models import Meeting
from ..permissions import (
    answers_closed,
    can_manage_meetings,
    can_read_minutes,
    can_reply_invitation,
    can_report_situation,
    is_participant,
    minutes_approval_refused,
    minutes_publication_refused,
    sees_all_meetings,
)
from ..selectors import (
    latest_minutes_version,
    meeting_for_page,
    meetings_for_list,
    meetings_openable,
    situations_overview,
)
from ._helpers import apply_errors, require_manager_or_404


def meeting_list(request):
    filterset = MeetingFilter(request.GET or None, queryset=meetings_for_list(viewer=request.user))
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/list.html",
        {
            "page_obj": page,
            "filter": filterset,
            "can_manage": can_manage_meetings(request.user),
            "sees_all": sees_all_meetings(request.user),
        },
    )


def meeting_detail(request, pk):
    meeting = meeting_for_page(viewer=request.user, pk=pk)
    minutes = getattr(meeting, "minutes", None)
    readable = can_read_minutes(request.user, minutes)
    version = latest_minutes_version(meeting, viewer=request.user) if readable else None
    invitation = next(
        (i for i in meeting.invitations.all() if i.invitee_id == request.user.pk), None
    )
    can_manage = can_manage_meetings(request.user)
    replies = invitation is not None and can_reply_invitation(request.user, invitation)
    context = {
        "meeting": meeting,
        # Published minutes open a meeting to every signed-in user; the rest is for participants.
        "participant": is_participant(request.user, meeting),
        "can_manage": can_manage,
        "invitation": invitation,
        "reply_form": ReplyForm(invitation=invitation) if replies else None,
        # An invitee who has not answered yet came for the reply: it comes first on the page.
        "reply_first": replies and invitation.response == invitation.Response.PENDING,
        # Why the reply and situation forms are not offered (held, started, undated…).
        "answers_closed": answers_closed(meeting),
        "publication_refused": _publication_refused(meeting, minutes, version, can_manage),
        "approval_refused": _approval_refused(meeting, can_manage),
        "minutes": minutes if readable else None,
        "minutes_version": version,
        "minutes_html": render_markdown(version.body) if version else "",
        "previous_minutes": _previous_minutes(meeting),
        "situations": situations_overview(meeting),
        "can_report_situation": can_report_situation(request.user, meeting),
        "sees_situations": sees_all_meetings(request.user),
        "sections": sections_for(meeting, request.user),
    }
    items = meeting.agenda_items.all()
    for item in items:
        item.report = report_links_for(item.reviews_meeting, request.user)
    context["openable_meetings"] = meetings_openable(
        viewer=request.user,
        meetings=[meeting.follows_up, *(item.reviews_meeting for item in items)],
    )
    return render(request, "meetings/detail.html", context)


def _publication_refused(meeting, minutes, version, can_manage):
    """The reason shown in place of "Publier" for a draft that cannot be published yet."""
    if not (can_manage and version and minutes.status == minutes.Status.DRAFT):
        return None
    return minutes_publication_refused(meeting, minutes)


def _approval_refused(meeting, can_manage):
    """The reason shown in place of "Approuver" for the minutes this meeting reviews."""
    previous = _previous_minutes(meeting)
    if not (can_manage and previous and previous.status == previous.Status.PUBLISHED):
        return None
    return minutes_approval_refused(meeting, previous)


def _previous_minutes(meeting):
    reviewed = meeting.follows_up
    return getattr(reviewed, "minutes", None) if reviewed else None


def meeting_form(request, pk=None):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk) if pk else None
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    _(
                        "La réunion est créée. Complétez l'ordre du jour et invitez les "
                        "participants."
                    ),
                )
            else:
                services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
                messages.success(request, _("La réunion est mise à jour."))
            return redirect("meetings:detail", meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
    title = _("Modifier la réunion") if meeting else _("Nouvelle réunion")
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting, "title": title})


@require_POST
def meeting_duplicate(request, pk):
    require_manager_or_404(request.user)
    source = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    copy = services.meeting_duplicate(actor=request.user, source=source)
    messages.success(request, _("Réunion dupliquée : indiquez ses dates."))
    return redirect("meetings:edit", copy.pk)


def meeting_postpone(request, pk):
    return _status_change(
        request,
        pk,
        PostponeForm,
        services.meeting_postpone,
        _("Reporter la réunion"),
        _("La réunion est reportée."),
    )


def meeting_cancel(request, pk):
    return _status_change(
        request,
        pk,
        CancelForm,
        services.meeting_cancel,
        _("Annuler la réunion"),
        _("La réunion est annulée."),
    )


def _status_change(request, pk, form_class, service, title, done):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, done)
            return redirect("meetings:detail", meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting, "title": title})


@require_POST
def meeting_mark_held(request, pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    try:
        services.meeting_mark_held(actor=request.user, meeting=meeting)
        messages.success(request, _("La réunion est marquée comme tenue."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:detail", meeting.pk)
