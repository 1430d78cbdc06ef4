"""What the recommendations app adds to a meeting's page and minutes PDF (meetings.extensions)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.extensions import Section

from .models import Recommendation


def adopted_recommendations_section(meeting):
    """The recommendations adopted at the session, in one query; nothing when there are none."""
    adopted = list(
        Recommendation.objects.filter(meeting=meeting)
        .select_related("lead_structure", "theme")
        .order_by("number")
    )
    if not adopted:
        return None
    return Section(
        key="recommendations",
        title=_("Recommandations adoptées"),
        template="recommendations/_adopted_section.html",
        context={
            "recommendations": adopted,
            "list_url": reverse("recommendations:list") + f"?meeting={meeting.pk}",
            "report_url": report_url(meeting),
        },
    )


def report_url(meeting):
    return reverse("recommendations:report_pdf", args=[meeting.pk])
