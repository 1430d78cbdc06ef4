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
from helpdesk.selectors import (
    tickets_awaiting_requester,
    tickets_for_home_agent,
    tickets_for_home_requester,
)
from meetings.selectors import (
    MINUTES_NEW_DAYS,
    invitations_to_answer,
    meetings_ahead,
    meetings_awaiting_answer,
    minutes_recently_published,
)
from recommendations.permissions import can_manage_recommendations
from recommendations.selectors import (
    pending_updates,
    recommendations_for_home,
    recommendations_implementation_figures_cached,
    recommendations_needing_update,
    updates_to_resubmit,
)

UPCOMING_MEETINGS = 5
HOME_LIST_SIZE = 5
# Each kind of thing waiting for a DSI lists at most this many; the count then says "n+".
ACTIONS_PER_KIND = 5


@dataclass
class PanelItem:
    label: str
    url: str
    detail: str = ""
    tag: Promise | str = ""


@dataclass
class Panel:
    key: str
    title: Promise
    empty_text: Promise
    items: list = field(default_factory=list)
    more_url: str = ""
    # The action panel: its count of items (``partial``: some kinds had more), full width.
    count: int | None = None
    partial: bool = False
    wide: bool = False


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


def _short(text, size=80):
    return Truncator(text).chars(size)


def _invitation_items(invitations):
    return [
        PanelItem(
            str(_("Répondre à l'invitation : %(title)s") % {"title": i.meeting.title}),
            reverse("meetings:detail", args=[i.meeting_id]) + "#my-invitation",
            formatted(i.meeting.starts_at, "datetime"),
            _("Invitation"),
        )
        for i in invitations
    ]


def _rejected_items(updates):
    return [
        PanelItem(
            str(
                _("%(reference)s — mise à jour rejetée, à corriger et renvoyer")
                % {"reference": u.recommendation.reference}
            ),
            reverse("recommendations:update_resubmit", args=[u.pk]),
            str(_("Motif : %(reason)s") % {"reason": _short(u.rejection_reason, 120)}),
            _("Rejetée"),
        )
        for u in updates
    ]


def _recommendation_items(recommendations, tag):
    return [
        PanelItem(
            f"{r.reference} — {_short(r.text)}",
            reverse("recommendations:update", args=[r.pk]),
            str(_("échéance le %(date)s") % {"date": formatted(r.due_date)})
            + f" · {r.get_status_display()} · {formatted(r.progress, 'percent')}",
            tag,
        )
        for r in recommendations
    ]


def _waiting_ticket_items(tickets):
    items = []
    for t in tickets:
        if t.reopen_until:
            detail = _("Résolue : confirmez la résolution, ou rouvrez-la avant le %(date)s") % {
                "date": formatted(t.reopen_until, "date")
            }
        else:
            detail = _("Un agent attend votre réponse depuis le %(date)s") % {
                "date": formatted(t.updated_at, "date")
            }
        items.append(
            PanelItem(
                f"{t.reference} — {_short(t.title, 70)}",
                reverse("helpdesk:ticket", args=[t.reference]),
                str(detail),
                t.get_status_display(),
            )
        )
    return items


def _minutes_items(meetings):
    return [
        PanelItem(
            str(_("Compte rendu publié : %(title)s") % {"title": m.title}),
            reverse("meetings:detail", args=[m.pk]) + "#minutes",
            str(_("publié le %(date)s") % {"date": formatted(m.minutes.published_at, "date")}),
            _("Compte rendu"),
        )
        for m in meetings
    ]


def _actions_panel(user):
    """What waits for the DSI's action, most urgent first, each line one click from the action:
    invitations to answer, rejected updates to send again, overdue recommendations, tickets
    waiting for them, recommendations due soon, then minutes published lately."""
    size = ACTIONS_PER_KIND + 1  # one more tells that there are more
    overdue, due_soon = recommendations_needing_update(user=user, limit=size)
    kinds = [
        _invitation_items(invitations_to_answer(user=user, limit=size)),
        _rejected_items(updates_to_resubmit(user=user, limit=size)),
        _recommendation_items(overdue, _("En retard")),
        _waiting_ticket_items(tickets_awaiting_requester(user, size)),
        _recommendation_items(due_soon, _("Échéance proche")),
        _minutes_items(minutes_recently_published(user=user, limit=size)),
    ]
    items = [item for kind in kinds for item in kind[:ACTIONS_PER_KIND]]
    return Panel(
        "actions",
        _("Ce qui attend votre action"),
        _(
            "Rien n'attend votre action : aucune invitation sans réponse, aucune mise à jour "
            "rejetée, aucune recommandation en retard ou proche de l'échéance, aucune demande "
            "en attente de vous, aucun compte rendu publié depuis %(days)s jours."
        )
        % {"days": MINUTES_NEW_DAYS},
        items,
        count=len(items),
        partial=any(len(kind) > ACTIONS_PER_KIND for kind in kinds),
        wide=True,
    )


def home_panels(user):
    """The panels for this user's role, most urgent first."""
    if has_role(user, Role.DSI):
        return [
            _actions_panel(user),
            _my_recommendations_panel(user),
            _meetings_panel(user),
            _my_tickets_panel(user),
        ]
    if has_role(user, Role.ANPTIC_AGENT):
        return [_queue_panel(user), _meetings_panel(user)]
    if can_manage_recommendations(user):
        return [_meetings_panel(user), _validation_panel(), _progress_panel()]
    if has_role(user, Role.SECRETARY_GENERAL):
        return [_progress_panel(), _meetings_panel(user)]
    return []
