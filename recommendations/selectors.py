from datetime import timedelta

from django.db.models import Avg, Count, F, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language

from core.cache import cached_figures
from core.scoping import get_visible_or_404
from meetings.models import Meeting

from .models import Change, Evidence, Recommendation, Status, StatusUpdate

DUE_SOON_DAYS = 30
DASHBOARD_LIST_SIZE = 10


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


def recommendations_of_structure(*, user):
    """ "Mes recommandations": what the user's structure leads or contributes to."""
    if user.structure_id is None:
        return Recommendation.objects.none()
    mine = Q(lead_structure_id=user.structure_id) | Q(contributors=user.structure_id)
    ids = Recommendation.objects.filter(mine).values("pk")
    return recommendations_for_list(viewer=user).filter(pk__in=ids)


def due_soon(queryset, days=DUE_SOON_DAYS):
    today = timezone.localdate()
    return queryset.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


def pending_updates():
    """Updates waiting for the Secretariat's validation, oldest first."""
    return (
        StatusUpdate.objects.filter(state=StatusUpdate.State.PENDING)
        .select_related("recommendation", "recommendation__lead_structure", "author")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )


def _rate(implemented, counted):
    return round(100 * implemented / counted, 1) if counted else None


def _grouped(queryset, *fields):
    """Implementation figures per group, computed by the database in one query."""
    rows = queryset.values(*fields).annotate(
        total=Count("pk"),
        implemented=Count("pk", filter=Q(status=Status.IMPLEMENTED)),
        abandoned=Count("pk", filter=Q(status=Status.ABANDONED)),
        avg_progress=Avg("progress"),
    )
    for row in rows:
        row["rate"] = _rate(row["implemented"], row["total"] - row["abandoned"])
    return list(rows)


def recommendations_dashboard_totals():
    """Headline figures in one query. Abandoned recommendations do not count in the rate."""
    totals = Recommendation.objects.with_states().aggregate(
        total=Count("pk"),
        implemented=Count("pk", filter=Q(status=Status.IMPLEMENTED)),
        abandoned=Count("pk", filter=Q(status=Status.ABANDONED)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
        stale=Count("pk", filter=Q(is_stale=True)),
    )
    totals["rate"] = _rate(totals["implemented"], totals["total"] - totals["abandoned"])
    return totals


def recommendations_dashboard_figures():
    """The Secretary General's figures. Abandoned recommendations do not count in the rates.

    A fixed number of queries, whatever the number of recommendations.
    """
    base = Recommendation.objects.with_states()
    totals = recommendations_dashboard_totals()
    # Grouped figures need no derived state: group the plain table.
    plain = Recommendation.objects.order_by()
    statuses = {row["status"]: row["n"] for row in plain.values("status").annotate(n=Count("pk"))}
    # Oldest session first: the trend reads from left to right.
    sessions = _grouped(
        plain.order_by(F("meeting__starts_at").asc(nulls_last=True), "meeting_id"),
        "meeting_id",
        "meeting__title",
        "meeting__starts_at",
    )
    themes = sorted(_grouped(plain, "theme_id", "theme__name"), key=lambda r: r["theme__name"])
    structures = sorted(
        _grouped(plain, "lead_structure_id", "lead_structure__name", "lead_structure__acronym"),
        key=lambda r: (-(r["rate"] or 0), -r["total"], r["lead_structure__name"]),
    )
    lists = base.select_related("lead_structure").order_by("due_date", "reference")
    return {
        "totals": totals,
        "statuses": [(status, statuses.get(status.value, 0)) for status in Status],
        "sessions": sessions,
        "themes": themes,
        "structures": structures,
        "overdue": list(lists.filter(is_overdue=True)[:DASHBOARD_LIST_SIZE]),
        "stale": list(lists.filter(is_stale=True)[:DASHBOARD_LIST_SIZE]),
    }


def _dashboard_fingerprint():
    """What the dashboard figures depend on, in one query: the newest change and the number of
    recommendations (a save moves ``updated_at``; a deletion the count), the newest change of a
    session (titles and dates label the trend), and the day (overdue starts at midnight)."""
    figures = Recommendation.objects.order_by().aggregate(last=Max("updated_at"), count=Count("pk"))
    sessions = Meeting.objects.order_by().aggregate(last=Max("updated_at"))
    return (timezone.localdate(), figures, sessions)


def recommendations_dashboard_cached(build):
    """``build(recommendations_dashboard_figures())`` (the figures and what the page draws
    from them), cached until a recommendation or a session changes (see core/cache.py), per
    language since the charts' labels are translated."""
    return cached_figures(
        f"recommendations-dashboard-{get_language()}",
        _dashboard_fingerprint(),
        lambda: build(recommendations_dashboard_figures()),
    )


def recommendations_dashboard_totals_cached():
    """The headline figures of the home pages, cached like the dashboard."""
    return cached_figures(
        "recommendations-totals", _dashboard_fingerprint(), recommendations_dashboard_totals
    )


def implementation_report(meeting):
    """A session's recommendations grouped by theme, each with its last validated update and
    its evidence, plus the summary figures. A fixed number of queries."""
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
    counts = {status: 0 for status in Status}
    for recommendation in recommendations:
        counts[Status(recommendation.status)] += 1
    counted = len(recommendations) - counts[Status.ABANDONED]
    return {
        "meeting": meeting,
        "groups": list(groups.items()),
        "recommendations": recommendations,
        "statuses": list(counts.items()),
        "total": len(recommendations),
        "rate": _rate(counts[Status.IMPLEMENTED], counted),
        "overdue": sum(1 for r in recommendations if r.is_overdue),
    }


def review_meetings(recommendation):
    """Sessions at which an update of this recommendation may be marked as reviewed."""
    return list(recommendation.meetings_for_review())


def sessions_adopting_recommendations():
    """The sessions a recommendation may be recorded for: dated and not cancelled, newest
    first."""
    return (
        Meeting.objects.exclude(starts_at=None)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
    )
