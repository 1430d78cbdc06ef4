from datetime import timedelta

from django.db.models import Avg, Count, F, Func, Max, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from core.cache import cached_figures
from core.scoping import get_visible_or_404
from core.summaries import summary_read
from meetings.models import Meeting

from .models import Change, Evidence, Recommendation, Status, StatusUpdate

DUE_SOON_DAYS = 30
DASHBOARD_LIST_SIZE = 10
# The dashboard draws the session trend and the structure ranking a window at a time, with
# links to the others: its HTML stays the same size whatever the years of sessions and the
# number of structures (issue 17: under 100 KB with 300 sessions and 100 structures).
DASHBOARD_SESSIONS = 8
DASHBOARD_STRUCTURES = 20


def recommendations_for_list(*, viewer):
    """Every recommendation the viewer may read, with its derived states and what lists show."""
    return (
        Recommendation.objects.visible_to(viewer)
        .with_states()
        .select_related("meeting", "theme", "lead_structure")
        .order_by("reference")
    )


def recommendation_for_page(*, viewer, pk):
    """One recommendation with its timeline (updates and evidence) and its audit trail."""
    queryset = (
        Recommendation.objects.with_states()
        .select_related("meeting", "theme", "lead_structure", "focal_person", "agenda_item")
        .prefetch_related(
            "contributors",
            Prefetch(
                "updates",
                queryset=StatusUpdate.objects.select_related(
                    "author", "reviewed_by", "reviewed_at_meeting"
                ).prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))),
            ),
            Prefetch("changes", queryset=Change.objects.select_related("actor")),
        )
    )
    return get_visible_or_404(queryset, viewer, pk=pk)


def recommendation_ids_of_structure(structure_id):
    """The ids of what the structure leads or contributes to (its DSIs' "Mes recommandations",
    the list's structure filter, the tickets' linked recommendation): two index lookups joined by a
    UNION (an OR across the contributors' join read both tables whole: 23 ms at scale 3)."""
    led = Recommendation.objects.filter(lead_structure_id=structure_id).order_by().values("pk")
    contributed = Recommendation.contributors.through.objects.filter(
        structure_id=structure_id
    ).values("recommendation_id")
    return led.union(contributed)


def recommendations_of_structure(*, user):
    """ "Mes recommandations": what the user's structure leads or contributes to."""
    if user.structure_id is None:
        return Recommendation.objects.none()
    return recommendations_for_list(viewer=user).filter(
        pk__in=recommendation_ids_of_structure(user.structure_id)
    )


def updates_to_resubmit(*, user, limit):
    """The home page of a DSI: their structure's rejected updates not followed by another
    (``awaiting_resubmission``), of recommendations it still reports on, the latest rejected
    first (at most ``limit``, one query)."""
    if user.structure_id is None:
        return []
    return list(
        StatusUpdate.objects.awaiting_resubmission(user.structure_id)
        .filter(recommendation__in=recommendation_ids_of_structure(user.structure_id))
        .select_related("recommendation")
        .order_by(F("reviewed_at").desc(nulls_last=True), "-pk")[:limit]
    )


def recommendations_needing_update(*, user, limit):
    """The home page of a DSI: their structure's overdue recommendations (``overdue``), then
    those due within DUE_SOON_DAYS (``due_soon``), each the earliest due first (at most
    ``limit`` of each, two queries)."""
    mine = recommendations_of_structure(user=user).order_by("due_date", "reference")
    return list(mine.overdue()[:limit]), list(due_soon(mine)[:limit])


def recommendations_for_home(user, limit):
    """The home page of a DSI: their structure's open recommendations, soonest due first
    (undated last), at most ``limit``."""
    return list(
        recommendations_of_structure(user=user)
        .open()
        .order_by(F("due_date").asc(nulls_last=True), "reference")[:limit]
    )


def due_soon(queryset, days=DUE_SOON_DAYS):
    today = timezone.localdate()
    return queryset.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


def _late_first_due(queryset):
    return queryset.select_related("lead_structure").order_by("due_date", "reference")


def recommendations_newly_overdue(*, today=None):
    """Overdue recommendations in their first week late (``newly_overdue``), the earliest due
    first: what became overdue since last week."""
    return _late_first_due(Recommendation.objects.newly_overdue(today=today))


def recommendations_escalated(*, today=None):
    """Overdue for more than RECOMMENDATION_ESCALATION_DAYS days, the earliest due first."""
    return _late_first_due(Recommendation.objects.escalated(today=today))


def pending_updates():
    """Updates waiting for the Secretariat's validation, oldest first."""
    return (
        StatusUpdate.objects.filter(state=StatusUpdate.State.PENDING)
        .select_related("recommendation", "recommendation__lead_structure", "author")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )


def _implementation_rate(implemented, counted):
    """The implementation rate in percent, to one decimal: implemented out of counted; None when
    nothing counts."""
    return round(100 * implemented / counted, 1) if counted else None


IMPLEMENTATION_GROUPS = {
    "session": ("meeting_id", "meeting__title", "meeting__starts_at"),
    "theme": ("theme_id", "theme__name"),
    "structure": ("lead_structure_id", "lead_structure__name", "lead_structure__acronym"),
}
# Oldest session first (a trend reads from left to right), sessions still undated last.
SESSIONS_IN_ORDER = (F("meeting__starts_at").asc(nulls_last=True), "meeting_id")


def _status_counts():
    return {f"n_{status.value}": Count("pk", filter=Q(status=status)) for status in Status}


def _with_rate(row):
    """Abandoned recommendations do not count in the rate: counted = total - abandoned."""
    row["statuses"] = [(status, row.pop(f"n_{status.value}")) for status in Status]
    by_status = dict(row["statuses"])
    row["implemented"] = by_status[Status.IMPLEMENTED]
    row["abandoned"] = by_status[Status.ABANDONED]
    row["counted"] = row["total"] - row["abandoned"]
    row["rate"] = _implementation_rate(row["implemented"], row["counted"])
    return row


def recommendations_implementation_figures(*, meeting=None, per=None):
    """The implementation figures, the one definition every page, report and e-mail shows:
    ``total``, ``statuses`` [(Status, count)], ``implemented``, ``abandoned``, ``counted``
    (total less abandoned) and ``rate`` (implemented out of counted, None when nothing counts).

    Of every recommendation, or of one session's (``meeting``). Without ``per``, the overall
    figures with ``overdue`` and ``stale`` counts, in one query; with ``per`` ("session",
    "theme" or "structure", see IMPLEMENTATION_GROUPS), one row per group with its
    ``avg_progress``, also in one query (sessions oldest first).
    """
    recommendations = Recommendation.objects.order_by()
    if meeting is not None:
        recommendations = recommendations.filter(meeting=meeting)
    if per is None:
        return _with_rate(
            recommendations.with_states().aggregate(
                total=Count("pk"),
                overdue=Count("pk", filter=Q(is_overdue=True)),
                stale=Count("pk", filter=Q(is_stale=True)),
                **_status_counts(),
            )
        )
    rows = recommendations.values(*IMPLEMENTATION_GROUPS[per]).annotate(
        total=Count("pk"), avg_progress=Avg("progress"), **_status_counts()
    )
    if per == "session":
        rows = rows.order_by(*SESSIONS_IN_ORDER)
    return [_with_rate(row) for row in rows]


def recommendations_dashboard_figures():
    """The Secretary General's figures, each from ``recommendations_implementation_figures``.

    A fixed number of queries, whatever the number of recommendations.
    """
    totals = recommendations_implementation_figures()
    themes = sorted(
        recommendations_implementation_figures(per="theme"), key=lambda r: r["theme__name"]
    )
    structures = sorted(
        recommendations_implementation_figures(per="structure"),
        key=lambda r: (-(r["rate"] or 0), -r["total"], r["lead_structure__name"]),
    )
    lists = (
        Recommendation.objects.with_states()
        .select_related("lead_structure")
        .order_by("due_date", "reference")
    )
    return {
        "totals": totals,
        "statuses": totals["statuses"],
        "sessions": recommendations_implementation_figures(per="session"),
        "themes": themes,
        "structures": structures,
        "overdue": list(lists.filter(is_overdue=True)[:DASHBOARD_LIST_SIZE]),
        "stale": list(lists.filter(is_stale=True)[:DASHBOARD_LIST_SIZE]),
    }


def dashboard_fingerprint():
    """What the dashboard figures depend on, in one query: the newest change and the number of
    recommendations (a save moves ``updated_at``; a deletion the count), and the newest change of
    a session (titles and dates label the trend). The day is the summary's own
    (core.summaries: overdue starts at midnight)."""
    # The sessions' newest change, an uncorrelated subquery computed once (MAX of a constant).
    sessions = Meeting.objects.order_by().values(last=Func("updated_at", function="MAX"))
    return Recommendation.objects.order_by().aggregate(
        last=Max("updated_at"), count=Count("pk"), sessions=Max(Subquery(sessions))
    )


# The figures read every recommendation: the worker computes them and keeps them as summaries
# (core.summaries, declared in apps.py), and a request reads what is kept.
DASHBOARD_SUMMARY = "recommendations-dashboard"
IMPLEMENTATION_SUMMARY = "recommendations-implementation"


def recommendations_dashboard_cached(build):
    """``(build(figures), summary)``: ``figures`` are ``recommendations_dashboard_figures()``
    as the worker last computed them, ``summary`` says when and whether they are behind. What
    ``build`` makes of them is cached until they are computed again, per language since the
    charts' labels are translated."""
    summary = summary_read(DASHBOARD_SUMMARY)
    built = cached_figures(
        f"recommendations-dashboard-{get_language()}",
        (summary.computed_at, summary.fingerprint),
        lambda: build(summary.figures),
    )
    return built, summary


def recommendations_implementation_figures_cached():
    """The overall implementation figures (the home pages' card), kept like the dashboard's."""
    return summary_read(IMPLEMENTATION_SUMMARY).figures


def implementation_report(meeting):
    """A session's recommendations grouped by theme, each with its last validated update and
    its evidence, plus the session's implementation figures. A fixed number of queries."""
    recommendations = list(
        Recommendation.objects.filter(meeting=meeting)
        .with_states()
        .select_related("theme", "lead_structure", "focal_person")
        .prefetch_related(
            "contributors",
            Prefetch(
                "updates",
                # The last validated is the last the Secretariat validated, whenever the DSI
                # wrote it.
                queryset=StatusUpdate.objects.filter(state=StatusUpdate.State.VALIDATED)
                .select_related("author")
                .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
                .order_by(F("reviewed_at").desc(nulls_last=True), "-created_at", "-pk"),
                to_attr="validated_updates",
            ),
        )
        .order_by("theme__name", "number")
    )
    groups = {}
    for recommendation in recommendations:
        validated = recommendation.validated_updates
        recommendation.last_update = validated[0] if validated else None
        recommendation.evidence_list = [e for u in validated for e in u.evidence.all()]
        groups.setdefault(recommendation.theme, []).append(recommendation)
    figures = recommendations_implementation_figures(meeting=meeting)
    return {
        "meeting": meeting,
        "groups": list(groups.items()),
        "recommendations": recommendations,
        "statuses": figures["statuses"],
        "total": figures["total"],
        "rate": figures["rate"],
        "overdue": figures["overdue"],
    }


def review_meetings(recommendation):
    """Sessions at which an update of this recommendation may be marked as reviewed."""
    return list(recommendation.meetings_for_review())


def adopts_recommendations(meeting):
    """Whether a recommendation may be recorded for this session: dated and not cancelled.
    The same rule as ``sessions_adopting_recommendations``, for a meeting already read."""
    return meeting.starts_at is not None and not meeting.is_cancelled


def sessions_adopting_recommendations():
    """The sessions a recommendation may be recorded for: dated and not cancelled
    (``adopts_recommendations``), newest first."""
    return (
        Meeting.objects.exclude(starts_at=None)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
    )
