"""What each role finds on its home page: the panels of things that need its attention.

The meetings, recommendations and helpdesk apps fill these panels as they are delivered; until
then each panel says plainly that it has nothing to show yet.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_role
from accounts.roles import Role
from core.formats import formatted
from helpdesk.selectors import tickets_for_home_agent, tickets_for_home_requester
from meetings.selectors import meetings_ahead, meetings_awaiting_answer
from recommendations.permissions import can_manage_recommendations
from recommendations.selectors import (
    pending_updates,
    recommendations_for_home,
    recommendations_implementation_figures_cached,
)

UPCOMING_MEETINGS = 5
HOME_LIST_SIZE = 5


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
    more_url: str = ""


def _meetings_panel(user):
    """The next meetings the user may see, and whether they still have to answer."""
    meetings = list(meetings_ahead(viewer=user)[:UPCOMING_MEETINGS])
    pending = meetings_awaiting_answer(user=user, meetings=meetings)
    items = []
    for meeting in meetings:
        detail = formatted(meeting.starts_at, "datetime")
        if meeting.pk in pending:
            detail += " · " + str(_("réponse attendue"))
        items.append(
            PanelItem(meeting.title, reverse("meetings:detail", args=[meeting.pk]), detail)
        )
    return Panel("meetings", _("Prochaines réunions"), _("Aucune réunion à venir."), items)


def _my_recommendations_panel(user):
    """Open recommendations of the user's structure, soonest due first, each one click away
    from its update form."""
    items = []
    for r in recommendations_for_home(user, HOME_LIST_SIZE):
        detail = f"{r.get_status_display()} · {formatted(r.progress, 'percent')}"
        if r.due_date:
            detail += " · " + str(_("échéance le %(date)s") % {"date": formatted(r.due_date)})
        if r.is_overdue:
            detail += " · " + str(_("en retard"))
        items.append(
            PanelItem(
                f"{r.reference} — {Truncator(r.text).chars(80)}",
                reverse("recommendations:update", args=[r.pk]),
                detail,
            )
        )
    return Panel(
        "my_recommendations",
        _("Recommandations de ma structure"),
        _("Aucune recommandation à mettre à jour."),
        items,
        more_url=reverse("recommendations:mine"),
    )


def _ticket_items(tickets):
    return [
        PanelItem(
            f"{t.reference} — {Truncator(t.title).chars(70)}",
            reverse("helpdesk:ticket", args=[t.reference]),
            f"{t.get_status_display()} · {formatted(t.updated_at, 'date')}",
        )
        for t in tickets
    ]


def _my_tickets_panel(user):
    """The structure's open tickets, most recently updated first."""
    return Panel(
        "my_tickets",
        _("Mes demandes d'assistance"),
        _("Aucune demande en cours."),
        _ticket_items(tickets_for_home_requester(user, HOME_LIST_SIZE)),
        more_url=reverse("helpdesk:index"),
    )


def _queue_panel(user):
    """The agent's own open tickets, soonest due first, then the unassigned ones."""
    return Panel(
        "queue",
        _("File des demandes"),
        _("Aucune demande en attente de traitement."),
        _ticket_items(tickets_for_home_agent(user, HOME_LIST_SIZE)),
        more_url=reverse("helpdesk:index"),
    )


def _validation_panel():
    items = [
        PanelItem(
            f"{u.recommendation.reference} — {u.get_status_display()} · "
            f"{formatted(u.progress, 'percent')}",
            reverse("recommendations:detail", args=[u.recommendation_id]),
            f"{u.author or ''} · {formatted(u.created_at, 'date')}",
        )
        for u in pending_updates()[:HOME_LIST_SIZE]
    ]
    return Panel(
        "validations",
        _("Mises à jour à valider"),
        _("Aucune mise à jour de recommandation en attente de validation."),
        items,
        more_url=reverse("recommendations:validations"),
    )


def _progress_panel():
    totals = recommendations_implementation_figures_cached()
    items = []
    if totals["total"]:
        items = [
            PanelItem(
                str(
                    _("Taux de mise en œuvre : %(rate)s")
                    % {"rate": formatted(totals["rate"], "percent")}
                ),
                reverse("recommendations:dashboard"),
                str(
                    _("%(total)s recommandations, dont %(overdue)s en retard")
                    % {"total": totals["total"], "overdue": totals["overdue"]}
                ),
            )
        ]
    return Panel(
        "progress",
        _("Mise en œuvre des recommandations"),
        _("Aucune recommandation enregistrée pour l'instant."),
        items,
    )


def home_panels(user):
    """The panels for this user's role, most urgent first."""
    if has_role(user, Role.DSI):
        return [_my_recommendations_panel(user), _meetings_panel(user), _my_tickets_panel(user)]
    if has_role(user, Role.ANPTIC_AGENT):
        return [_queue_panel(user), _meetings_panel(user)]
    if can_manage_recommendations(user):
        return [_meetings_panel(user), _validation_panel(), _progress_panel()]
    if has_role(user, Role.SECRETARY_GENERAL):
        return [_progress_panel(), _meetings_panel(user)]
    return []
