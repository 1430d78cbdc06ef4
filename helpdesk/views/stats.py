"""``/helpdesk/stats/``: the helpdesk's figures for agents and the Secretary General.

Charts are server-side SVG (core.charts). For agents each figure links to the queue filtered
on what it counts; the Secretary General has no queue, so the figures are not links for them.
Beside the rates, the backlog: the work still to do now, each figure what its link lists.
"""

import math
from datetime import timedelta
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.charts import Bar, Point, Segment, bar_chart, line_chart, stacked_bar
from core.formats import formatted, whole_number

from ..filters import BACKLOG, EVERY_STATUS
from ..models import SlaState
from ..permissions import can_read_statistics, is_agent
from ..selectors import helpdesk_statistics_cached, tickets_backlog_counts

SCORE_COLORS = ["#c8102e", "#e8743b", "#f2c200", "#7fb069", "#0b6b3a"]
COUNT = whole_number


@require_safe
def statistics(request):
    if not can_read_statistics(request.user):
        raise Http404
    agent = is_agent(request.user)

    def build(figures):
        links = _QueueLinks(figures["period"].start) if agent else _NoLinks()
        return {
            "figures": figures,
            "charts": _charts(figures, links),
            "queue_url": links.queue(),
            "breached_url": links.queue(sla=SlaState.BREACHED.value),
        }

    context, summary = helpdesk_statistics_cached(build, variant="agent" if agent else "reader")
    # The backlog is read now, not with the cached figures: each figure is what its link lists.
    counts = tickets_backlog_counts()
    backlog = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": _queue_url(query) if agent else None,
        }
        for key, label, query in BACKLOG
    ]
    return render(
        request, "helpdesk/stats.html", {**context, "summary": summary, "backlog": backlog}
    )


def _queue_url(query):
    return reverse("helpdesk:index") + "?" + urlencode(query)


class _QueueLinks:
    """Addresses of the queue filtered on one figure, over the statistics' period."""

    def __init__(self, start):
        self.start = start

    def queue(self, **filters):
        filters.setdefault("created_after", self.start.isoformat())
        # The figures count resolved and closed tickets too: so does the list they link to.
        filters.setdefault("status", EVERY_STATUS)
        return _queue_url(filters)

    def month(self, first_day):
        last_day = (first_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return self.queue(created_after=first_day.isoformat(), created_before=last_day.isoformat())


class _NoLinks:
    def queue(self, **filters):
        return None

    def month(self, first_day):
        return None


def _whole_quarters(largest):
    """An axis maximum whose four gridlines fall on whole numbers."""
    return max(4, math.ceil(largest / 4) * 4)


def _structure_label(row):
    return row["structure__acronym"] or row["structure__name"]


def _charts(figures, links):
    return {
        "categories": bar_chart(
            title=_("Demandes par catégorie"),
            legend=_("Nombre de demandes"),
            items=[
                Bar(row["category__name"], row["n"], links.queue(category=row["category_id"]))
                for row in figures["categories"]
            ],
            value_format=COUNT,
        ),
        "structures": bar_chart(
            title=_("Demandes par structure"),
            legend=_("Nombre de demandes"),
            items=[
                Bar(_structure_label(row), row["n"], links.queue(structure=row["structure_id"]))
                for row in figures["structures"]
            ],
            value_format=COUNT,
        ),
        "months": line_chart(
            title=_("Demandes par mois"),
            legend=_("Demandes reçues"),
            x_label=_("Mois de dépôt"),
            y_label=_("Nombre de demandes"),
            points=[
                Point(formatted(month, "month_short"), count, links.month(month))
                for month, count in figures["months"]
            ],
            y_max=_whole_quarters(max((count for _month, count in figures["months"]), default=0)),
            value_format=COUNT,
        ),
        "satisfaction": stacked_bar(
            title=_("Répartition des notes de satisfaction"),
            segments=[
                Segment(_("%(score)s sur 5") % {"score": score}, count, color)
                for (score, count), color in zip(figures["satisfaction"], SCORE_COLORS, strict=True)
            ],
        ),
    }
