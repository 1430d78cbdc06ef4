"""What each role finds on its home page: the panels of things that need its attention.

The meetings, recommendations and helpdesk apps fill these panels as they are delivered; until
then each panel says plainly that it has nothing to show yet.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_role
from accounts.roles import Role
from meetings.models import Invitation, Meeting

UPCOMING_MEETINGS = 5


@dataclass
class PanelItem:
    label: str
    url: str
    detail: str = ""


@dataclass
class Panel:
    key: str
    title: Promise
    empty_text: Promise
    items: list = field(default_factory=list)


def _meetings_panel(user):
    """The next meetings the user may see, and whether they still have to answer."""
    meetings = list(
        Meeting.objects.visible_to(user).upcoming().order_by("starts_at")[:UPCOMING_MEETINGS]
    )
    pending = set(
        Invitation.objects.filter(
            invitee=user, meeting__in=meetings, response=Invitation.Response.PENDING
        ).values_list("meeting_id", flat=True)
    )
    items = []
    for meeting in meetings:
        detail = date_format(timezone.localtime(meeting.starts_at), "j F Y, H:i")
        if meeting.pk in pending:
            detail = f"{detail} · {_('réponse attendue')}"
        items.append(
            PanelItem(meeting.title, reverse("meetings:detail", args=[meeting.pk]), detail)
        )
    return Panel("meetings", _("Prochaines réunions"), _("Aucune réunion à venir."), items)


def _my_recommendations_panel():
    return Panel(
        "my_recommendations",
        _("Recommandations de ma structure"),
        _("Aucune recommandation à mettre à jour."),
    )


def _my_tickets_panel():
    return Panel("my_tickets", _("Mes demandes d'assistance"), _("Aucune demande en cours."))


def _queue_panel():
    return Panel("queue", _("File des demandes"), _("Aucune demande en attente de traitement."))


def _validation_panel():
    return Panel(
        "validations",
        _("Mises à jour à valider"),
        _("Aucune mise à jour de recommandation en attente de validation."),
    )


def _progress_panel():
    return Panel(
        "progress",
        _("Mise en œuvre des recommandations"),
        _("Aucune recommandation enregistrée pour l'instant."),
    )


def home_panels(user):
    """The panels for this user's role, most urgent first."""
    if has_role(user, Role.DSI):
        return [_my_recommendations_panel(), _meetings_panel(user), _my_tickets_panel()]
    if has_role(user, Role.ANPTIC_AGENT):
        return [_queue_panel(), _meetings_panel(user)]
    if has_role(user, Role.SECRETARIAT) or user.is_superuser:
        return [_meetings_panel(user), _validation_panel(), _progress_panel()]
    if has_role(user, Role.SECRETARY_GENERAL):
        return [_progress_panel(), _meetings_panel(user)]
    return []
