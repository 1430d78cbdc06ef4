"""The main navigation: one list of sections, each shown only to the roles that may use it.

A section whose page does not exist yet (its app has not delivered it) is left out, so the menu
never leads to a dead end.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_use_admin
from helpdesk.permissions import can_read_statistics, uses_helpdesk
from recommendations.permissions import can_read_dashboard


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    url_name: str
    allowed: Callable


def _anyone(user):
    return True


SECTIONS = [
    Section("home", _("Accueil"), "home", _anyone),
    Section("meetings", _("Réunions"), "meetings:list", _anyone),
    Section("recommendations", _("Recommandations"), "recommendations:list", _anyone),
    Section("dashboard", _("Tableau de bord"), "recommendations:dashboard", can_read_dashboard),
    Section("helpdesk", _("Assistance"), "helpdesk:index", uses_helpdesk),
    Section("helpdesk_stats", _("Statistiques"), "helpdesk:stats", can_read_statistics),
    Section("directory", _("Annuaire"), "accounts:directory", _anyone),
    Section("admin", _("Administration"), "admin:index", can_use_admin),
]


def sections_for(user):
    """The sections this user may open, with their addresses, in menu order."""
    if not user.is_authenticated:
        return []
    visible = []
    for section in SECTIONS:
        if not section.allowed(user):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        visible.append({"key": section.key, "label": section.label, "url": url})
    return visible


def navigation(request):
    """Context processor: ``nav_sections`` for the base layout."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_sections": []}
    return {"nav_sections": sections_for(user)}
