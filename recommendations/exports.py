"""Rows of the list export and of the implementation report, for XLSX and CSV."""

from django.utils import timezone
from django.utils.translation import gettext as _


def list_headers():
    return [
        _("Référence"),
        _("Recommandation"),
        _("Session"),
        _("Thème"),
        _("Structure pilote"),
        _("Échéance"),
        _("Statut"),
        _("Avancement (%)"),
        _("En retard"),
        _("Jours de retard"),
    ]


def list_rows(recommendations):
    for r in recommendations:
        yield [
            r.reference,
            r.text,
            r.meeting.title,
            r.theme.name,
            r.lead_structure.name,
            r.due_date,
            r.get_status_display(),
            r.progress,
            _("oui") if r.is_overdue else _("non"),
            r.days_late.days if r.days_late else None,
        ]


def report_headers():
    return [
        _("Thème"),
        _("Référence"),
        _("Recommandation"),
        _("Structure pilote"),
        _("Point focal"),
        _("Structures contributrices"),
        _("Échéance"),
        _("Statut"),
        _("Avancement (%)"),
        _("Dernière mise à jour validée"),
        _("Commentaire"),
        _("Pièces justificatives"),
    ]


def report_rows(report):
    for theme, recommendations in report["groups"]:
        for r in recommendations:
            update = r.last_update
            yield [
                theme.name,
                r.reference,
                r.text,
                r.lead_structure.name,
                str(r.focal_person) if r.focal_person else "",
                ", ".join(s.acronym for s in r.contributors.all()),
                r.due_date,
                r.get_status_display(),
                r.progress,
                timezone.localtime(update.reviewed_at).date()
                if update and update.reviewed_at
                else None,
                update.comment if update else "",
                ", ".join(e.original_name for e in r.evidence_list),
            ]


def report_summary_headers():
    return [_("Indicateur"), _("Valeur")]


def report_summary_rows(report):
    """The report's summary figures, as on its title page."""
    meeting = report["meeting"]
    yield [_("Session"), meeting.title]
    yield [
        _("Date"),
        timezone.localtime(meeting.starts_at).date() if meeting.starts_at else None,
    ]
    yield [_("Recommandations"), report["total"]]
    yield [_("Taux de mise en œuvre (%)"), report["rate"]]
    yield [_("En retard"), report["overdue"]]
    for status, count in report["statuses"]:
        yield [str(status.label), count]
