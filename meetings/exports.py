"""The meetings' spreadsheets: the consolidated situation of the DSIs."""

from django.utils.translation import gettext as _

from core.formats import formatted
from core.spreadsheets import build_workbook

from .models import SharedService
from .selectors import situations_overview


def situations_headers():
    return [
        _("Structure"),
        _("Sigle"),
        _("Répondu le"),
        _("Par"),
        _("Ingénieurs"),
        _("Techniciens"),
        _("Autres"),
        *[service.label for service in SharedService],
        _("Difficultés"),
        _("Propositions"),
    ]


def situations_rows(meeting):
    """One row per structure expected to answer: its latest answer, or "Sans réponse"."""
    rows = []
    for structure, situation in situations_overview(meeting).rows:
        if situation is None:
            rows.append([structure.name, structure.acronym, _("Sans réponse")])
            continue
        rows.append(
            [
                structure.name,
                structure.acronym,
                formatted(situation.submitted_at, "datetime_numeric"),
                str(situation.submitted_by or ""),
                situation.staff_engineers,
                situation.staff_technicians,
                situation.staff_other,
                *[situation.adoption_label(service) for service in SharedService],
                situation.difficulties,
                situation.proposals,
            ]
        )
    return rows


def situations_workbook(meeting):
    """The consolidated table of the session as an XLSX file (bytes)."""
    return build_workbook(
        title=_("Situation des DSI"), headers=situations_headers(), rows=situations_rows(meeting)
    )
