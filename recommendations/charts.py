"""The dashboard's charts, built from the figures of selectors.py; every figure links to the
filtered list behind it. The same SVG shows on the page and in the report PDF."""

from urllib.parse import urlencode

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from core.charts import Bar, Point, Segment, Series, bar_chart, line_chart, stacked_bar
from core.formats import formatted

from .models import Status

STATUS_COLORS = {
    Status.NOT_STARTED: "#9aa5b1",
    Status.IN_PROGRESS: "#f2c200",
    Status.IMPLEMENTED: "#0b6b3a",
    Status.ABANDONED: "#6c757d",
    Status.BLOCKED: "#c8102e",
}


def list_url(**filters):
    return _list_path() + "?" + urlencode(filters)


def _list_path():
    """The list's address, resolved once per URL configuration: a dashboard holds hundreds of
    links to it, and resolving each one costs as much as the rest of the chart."""
    key = (get_script_prefix(), get_urlconf())
    if key not in _LIST_PATHS:
        _LIST_PATHS[key] = reverse("recommendations:list")
    return _LIST_PATHS[key]


_LIST_PATHS = {}


def _session_label(row):
    when = row["meeting__starts_at"]
    day = formatted(when, "month_short")
    return f"{row['meeting__title']} ({day})" if day else row["meeting__title"]


def _session_points(sessions, value):
    return [
        Point(
            row["label"],
            row[value],
            list_url(meeting=row["meeting_id"]),
            tick=formatted(row["meeting__starts_at"], "month_short") or None,
        )
        for row in sessions
    ]


def status_chart(statuses, **filters):
    """One bar split by status; each part links to the list of that status."""
    return stacked_bar(
        title=_("Répartition par statut"),
        segments=[
            Segment(
                status.label,
                count,
                STATUS_COLORS[status],
                list_url(status=status.value, **filters),
            )
            for status, count in statuses
        ],
    )


def dashboard_charts(figures):
    """The charts whose size does not grow with the years: statuses and themes. The trend and
    the ranking are drawn a window at a time (``trend_chart``, ``ranking_chart``)."""
    return {
        "statuses": status_chart(figures["statuses"]),
        "themes": bar_chart(
            title=_("Taux de mise en œuvre par thème"),
            legend=_("Taux de mise en œuvre (%)"),
            items=[
                Bar(row["theme__name"], row["rate"], list_url(theme=row["theme_id"]))
                for row in figures["themes"]
            ],
            max_value=100,
        ),
    }


def trend_chart(sessions):
    """The implementation rate and the average progress of ``sessions`` (rows of
    ``recommendations_implementation_figures(per="session")``, oldest first): one chart with
    two lines over the same sessions, each point linking to the session's list."""
    sessions = [{**row, "label": _session_label(row)} for row in sessions]
    return line_chart(
        title=_("Mise en œuvre et avancement par session"),
        x_label=_("Session (date de la rencontre)"),
        y_label=_("Pourcentage"),
        series=[
            Series(_("Recommandations mises en œuvre (%)"), _session_points(sessions, "rate")),
            Series(
                _("Avancement moyen déclaré (%)"),
                _session_points(sessions, "avg_progress"),
                color="#1f5fa8",
            ),
        ],
    )


def ranking_chart(structures):
    """The lead structures of ``structures`` (rows of the ranking), each linking to the list of
    what it leads."""
    return bar_chart(
        title=_("Classement des structures pilotes"),
        legend=_("Taux de mise en œuvre (%)"),
        items=[
            Bar(row["lead_structure__name"], row["rate"], list_url(lead=row["lead_structure_id"]))
            for row in structures
        ],
        max_value=100,
    )
