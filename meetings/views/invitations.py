from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.forms import parse_id
from core.scoping import get_visible_or_404

from .. import services
from ..forms import AddLateForm, InviteForm, ReplyForm
from ..models import Invitation, Meeting
from ..permissions import sees_all_meetings
from ..selectors import (
    attendance_by_structure,
    meeting_for_page,
    register_history,
    replies_summary,
)
from ._helpers import apply_errors, require_manager_or_404


def invite(request, pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    # Nothing ticked is still an answer, which the form refuses with a message.
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.invitations_send(
                actor=request.user,
                meeting=meeting,
                structures=form.cleaned_data["structures"],
                structure_kinds=form.cleaned_data["kinds"],
                users=form.cleaned_data["users"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _report(request, summary)
            return redirect("meetings:replies", meeting.pk)
    return render(request, "meetings/invite.html", {"form": form, "meeting": meeting})


def _report(request, summary):
    count = len(summary.invited)
    messages.success(
        request,
        ngettext("%(count)d personne invitée.", "%(count)d personnes invitées.", count)
        % {"count": count},
    )
    if summary.already_invited:
        messages.info(
            request,
            ngettext(
                "%(count)d personne était déjà invitée.",
                "%(count)d personnes étaient déjà invitées.",
                summary.already_invited,
            )
            % {"count": summary.already_invited},
        )
    if summary.structures_without_dsi:
        names = ", ".join(s.acronym for s in summary.structures_without_dsi)
        messages.warning(
            request,
            _(
                "Sans compte sur le portail, invitées comme structures (aucun e-mail envoyé, "
                "leur présence se note au registre) : %(names)s."
            )
            % {"names": names},
        )


def replies(request, pk):
    require_manager_or_404(request.user)
    meeting = meeting_for_page(viewer=request.user, pk=pk)
    invitations = list(meeting.invitations.all())
    # A structure invited without an account has no one to answer: not awaited.
    people = [i for i in invitations if not i.without_account]
    return render(
        request,
        "meetings/replies.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "counts": replies_summary(people),
            "pending": [i for i in people if i.response == Invitation.Response.PENDING],
        },
    )


@require_POST
def reply(request, pk):
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    invitation = (
        meeting.invitations.filter(invitee=request.user)
        .select_related("meeting", "invitee")
        .first()
    )
    if invitation is None:
        raise Http404
    form = ReplyForm(request.POST, invitation=invitation)
    if form.is_valid():
        try:
            services.invitation_reply(
                actor=request.user,
                invitation=invitation,
                response=form.cleaned_data["response"],
                delegate=form.cleaned_data.get("delegate"),
            )
            messages.success(request, _("Votre réponse est enregistrée."))
            return redirect("meetings:detail", meeting.pk)
        except ValidationError as error:
            apply_errors(form, error)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("meetings:detail", meeting.pk)


def attendance(request, pk):
    require_manager_or_404(request.user)
    meeting = meeting_for_page(viewer=request.user, pk=pk)
    late_form = AddLateForm(meeting=meeting)
    if request.method == "POST":
        try:
            services.attendance_record(
                actor=request.user,
                meeting=meeting,
                attendance=_register_column(request.POST, "attendance"),
                names=_register_column(request.POST, "attendee_name"),
                notes=_register_column(request.POST, "note"),
            )
            messages.success(request, _("Le registre de présence est enregistré."))
            return redirect("meetings:attendance", meeting.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "choices": Invitation.Attendance.choices,
            "late_form": late_form,
            "history": register_history(meeting),
        },
    )


def _register_column(data, name):
    """{invitation id: value} from the register's fields named ``<name>-<id>``."""
    prefix = f"{name}-"
    column = {}
    for key in data:
        pk = parse_id(key.removeprefix(prefix)) if key.startswith(prefix) else None
        if pk is not None:
            column[pk] = data[key]
    return column


@require_POST
def attendance_add_late(request, pk):
    require_manager_or_404(request.user)
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    form = AddLateForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.attendance_add_late(
            actor=request.user, meeting=meeting, user=form.cleaned_data["user"]
        )
        messages.success(request, _("La personne est ajoutée au registre comme présente."))
    else:
        messages.error(request, _("Choisissez une personne qui n'est pas encore sur le registre."))
    return redirect("meetings:attendance", meeting.pk)


def attendance_statistics(request):
    if not sees_all_meetings(request.user):
        raise Http404
    return render(
        request, "meetings/attendance_statistics.html", {"rows": attendance_by_structure()}
    )
