"""What the recommendations app adds to a meeting's page and minutes PDF (meetings.extensions)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import has_role
from accounts.roles import Role
from core.mail import absolute_url
from meetings.extensions import ReportLinks, Section

from .models import Recommendation
from .permissions import can_manage_recommendations, can_read_report
from .selectors import adopts_recommendations, recommendations_of_structure


def _create_url(meeting, viewer):
    """The new-recommendation form with the session fixed, for the Secretariat, when the
    session may adopt recommendations (dated, not cancelled)."""
    if viewer is None or not can_manage_recommendations(viewer):
        return ""
    if not adopts_recommendations(meeting):
        return ""
    return reverse("recommendations:create") + f"?meeting={meeting.pk}"


def adopted_recommendations_section(meeting, viewer=None):
    """The recommendations adopted at the session, in one query; nothing when there are none
    (but the Secretariat's link to record one). The report's links are for a viewer who may
    open it."""
    adopted = list(
        Recommendation.objects.filter(meeting=meeting)
        .select_related("lead_structure", "theme")
        .order_by("number")
    )
    create_url = _create_url(meeting, viewer)
    if not adopted and not create_url:
        return None
    return Section(
        key="recommendations",
        title=_("Recommandations adoptées"),
        template="recommendations/_adopted_section.html",
        context={
            "recommendations": adopted,
            "list_url": reverse("recommendations:list") + f"?meeting={meeting.pk}",
            "report": report_links(meeting, viewer) if adopted else None,
            "create_url": create_url,
        },
    )


def report_links(meeting, viewer):
    """The session's implementation report, PDF and XLSX, when ``viewer`` may open it."""
    if viewer is None or not can_read_report(viewer, meeting):
        return None
    return ReportLinks(
        pdf=reverse("recommendations:report_pdf", args=[meeting.pk]),
        xlsx=reverse("recommendations:report_xlsx", args=[meeting.pk]),
    )


def open_recommendations_reminder_section(meeting, user):
    """In a follow-up meeting's reminder to a DSI whose structure leads or contributes to
    recommendations of the reviewed session: those not implemented yet, each with a link to its
    update form (or thanks, when all are done). Nothing for anyone else."""
    reviewed = meeting.follows_up
    if reviewed is None or not user.structure_id or not has_role(user, Role.DSI):
        return None
    theirs = list(
        recommendations_of_structure(user=user).filter(meeting=reviewed).order_by("number")
    )
    if not theirs:
        return None
    items = [
        {
            "reference": r.reference,
            "text": r.text,
            "status": r.get_status_display(),
            "due_date": r.due_date,
            "url": absolute_url(reverse("recommendations:update", args=[r.pk])),
        }
        for r in theirs
        if not r.is_closed
    ]
    return Section(
        key="open_recommendations",
        title=_("Vos recommandations à mettre à jour"),
        template="recommendations/email/reminder_open_recommendations",
        context={"reviewed": reviewed, "recommendations": items},
    )
