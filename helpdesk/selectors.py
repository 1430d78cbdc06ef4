"""Reads of the helpdesk that are more than a one-liner: the queue, a structure's tickets, the
home page's lists and the statistics. Each answers in a fixed number of queries, whatever the
number of tickets."""

import logging
import statistics as stats
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connections
from django.db.models import Avg, Count, Func, IntegerField, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import Structure, User
from core.cache import cached_figures
from core.summaries import summary_read

from .models import STILL_TO_DO, Category, Status, Ticket, deadline_conditions
from .sla import WorkingCalendar, WorkingTimeline

logger = logging.getLogger(__name__)

STATISTICS_MONTHS = 12
SATISFACTION_SCORES = range(1, 6)


# The columns the queue's rows show (helpdesk/templatetags/helpdesk_queue.py); the rest (the
# description above all) stays in the database. The SLA state is computed by the query itself;
# the categories and priorities come from tickets_with_categories_and_priorities.
QUEUE_COLUMNS = (
    "reference",
    "title",
    "status",
    "resolution_due_at",
    "updated_at",
    "structure__acronym",
    "category",
    "priority",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
)


def tickets_for_queue(*, viewer):
    """The agents' queue: every ticket the viewer may see, with its SLA state and what the
    rows show (only that: ``QUEUE_COLUMNS``)."""
    return (
        Ticket.objects.visible_to(viewer)
        .with_sla_state()
        .select_related("structure", "assignee")
        .only(*QUEUE_COLUMNS)
    )


def tickets_with_categories_and_priorities(tickets, *, categories, priorities):
    """The queue's rows (a list) given their category and priority from ``categories`` and
    ``priorities``, every row of both tables, which the page has loaded for its filters: the
    page's query joins two tables less (its planning took four times as long with them)."""
    known = {
        Ticket.category.field: {category.pk: category for category in categories},
        Ticket.priority.field: {priority.pk: priority for priority in priorities},
    }
    for ticket in tickets:
        for field, rows in known.items():
            row = rows.get(getattr(ticket, field.attname))
            if row is not None:  # else read when shown: a row added since the lists were
                field.set_cached_value(ticket, row)
    return tickets


def tickets_of_structure(*, viewer):
    """A DSI's list: their structure's tickets (``visible_to`` is the one scoping rule)."""
    return Ticket.objects.visible_to(viewer).select_related("category")


def tickets_queue_counts(*, viewer):
    """How many tickets each saved view holds (``mine``, ``unassigned``, ``breached``), in one
    query: the backlog of the tickets the viewer sees, and theirs."""
    counts = Ticket.objects.visible_to(viewer).backlog_counts(
        mine=Count("pk", filter=Q(assignee=viewer))
    )
    return {**counts, "breached": counts["overdue"]}


def tickets_backlog_counts():
    """The backlog of the whole queue now: ``active``, ``overdue``, ``waiting``,
    ``unassigned``, each what the queue lists for the same filter (one query)."""
    return Ticket.objects.backlog_counts()


def tickets_for_home_requester(user, limit):
    """The home page of a DSI: their structure's tickets not yet closed, most recently updated
    first (at most ``limit``, one query)."""
    return list(
        Ticket.objects.visible_to(user)
        .exclude(status=Status.CLOSED)
        .order_by("-updated_at", "-pk")[:limit]
    )


def tickets_awaiting_requester(user, limit):
    """The home page of a DSI: their structure's tickets waiting for them
    (``awaiting_requester``), the longest waiting first (at most ``limit``, one query)."""
    return list(
        Ticket.objects.visible_to(user).awaiting_requester().order_by("updated_at", "pk")[:limit]
    )


def tickets_for_home_agent(user, limit):
    """The home page of an agent: their own open tickets, soonest due first, then unassigned
    ones up to ``limit`` (two queries)."""
    open_tickets = Ticket.objects.visible_to(user).order_by("resolution_due_at", "pk")
    mine = list(open_tickets.active().filter(assignee=user)[:limit])
    if len(mine) >= limit:
        return mine
    return mine + list(open_tickets.unassigned()[: limit - len(mine)])


def helpdesk_agents():
    """The agents a ticket may be given to."""
    return User.objects.helpdesk_agents().order_by("last_name", "first_name", "email")


@dataclass(frozen=True)
class Period:
    """The statistics cover the current month and the eleven before it (local dates)."""

    start: date
    months: list

    @classmethod
    def last_months(cls, today, count=STATISTICS_MONTHS):
        months = []
        year, month = today.year, today.month
        for _ in range(count):
            months.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.reverse()
        return cls(start=months[0], months=months)

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _hours(durations):
    """The median of working durations, in hours with one decimal; None without data."""
    if not durations:
        return None
    return round(stats.median(d.total_seconds() for d in durations) / 3600, 1)


def sla_rate_counts(now):
    """Count expressions of the SLA rates at ``now``, per deadline: met, and missed — answered
    or resolved late, or not by a due time already passed (``deadline_conditions``), so that
    overdue tickets lower the rate. A duplicate merged into another ticket is judged on that
    ticket: it is not counted."""
    deadlines = deadline_conditions(now)
    counted = Q(merged_into__isnull=True)
    return {
        name: Count("pk", filter=counted & deadlines[name])
        for name in ("response_met", "response_missed", "resolution_met", "resolution_missed")
    }


def sla_rate(counts, deadline):
    """The share of ``deadline`` ("response", "resolution") met, of those met or missed."""
    met, missed = counts[f"{deadline}_met"], counts[f"{deadline}_missed"]
    return _share(met, met + missed)


def helpdesk_digest_figures(*, since, now):
    """The weekly digest's figures: the tickets resolved from ``since`` to ``now`` and how many
    within their SLA (``sla_rate_counts``), and the tickets overdue now, as the queue's
    « En dépassement » lists them. Two queries."""
    counts = Ticket.objects.filter(resolved_at__gte=since, resolved_at__lte=now).aggregate(
        **sla_rate_counts(now)
    )
    return {
        "resolved": counts["resolution_met"] + counts["resolution_missed"],
        "on_time": counts["resolution_met"],
        "compliance": sla_rate(counts, "resolution"),
        "breached_open": Ticket.objects.overdue(now).count(),
    }


def _totals(tickets, now, **extra):
    """Volumes, SLA compliance and satisfaction in one aggregate query (merged duplicates count
    in the volumes, not in the SLA figures), with the ``extra`` counts asked for (the months).
    On PostgreSQL it reads the period's entries of one covering index (migration 0015), not
    the table."""
    rated = Q(satisfaction__isnull=False)
    return tickets.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=STILL_TO_DO),
        resolved=Count("pk", filter=Q(merged_into__isnull=True, resolved_at__isnull=False)),
        responded=Count("pk", filter=Q(first_response_at__isnull=False)),
        **sla_rate_counts(now),
        rated=Count("pk", filter=rated),
        satisfaction_average=Avg("satisfaction", filter=rated),
        **{f"score_{n}": Count("pk", filter=Q(satisfaction=n)) for n in SATISFACTION_SCORES},
        **extra,
    )


def statistics_timeline(period, calendar=None):
    """The working timeline the medians count in: the statistics' period, and a margin past
    today (an instant after its last span would count as that span's end)."""
    last_day = timezone.localdate() + timedelta(days=CALENDAR_MARGIN_DAYS)
    return WorkingTimeline.build(calendar or WorkingCalendar.load(), period.start, last_day)


CALENDAR_MARGIN_DAYS = 7


def _timed_rows(tickets):
    """The tickets answered or resolved, and the five columns the medians need."""
    return tickets.filter(
        Q(first_response_at__isnull=False) | Q(resolved_at__isnull=False, merged_into=None)
    ).values_list(
        "created_at", "first_response_at", "resolved_at", "merged_into", "paused_working_time"
    )


def _medians(tickets, timeline):
    """Median first-response and resolution times, in working hours of the timeline.

    A resolution time leaves out the working time the ticket's clock was stopped (waiting for
    the requester, or resolved before a reopening: ``paused_working_time``), as the SLA due
    times do, so the median and the compliance rate measure the same thing. A first-response
    time is counted from the filing to the first public reply.

    This runs in Python (SQLite), over the statistics' period and the tickets answered or
    resolved only: one query, whatever the number of tickets.
    """
    responses, resolutions = [], []
    for created, responded, resolved, merged_into, paused in _timed_rows(tickets):
        if responded:
            responses.append(timeline.between(created, responded))
        if resolved and merged_into is None:
            resolutions.append(max(timeline.between(created, resolved) - paused, timedelta(0)))
    return _hours(responses), _hours(resolutions)


_MEDIAN_COLUMNS = ("created_at", "first_response_at", "resolved_at")


def _medians_in_database(tickets, timeline):
    """The same medians as ``_medians``, computed by PostgreSQL with the timeline's SQL form,
    so no ticket row travels to Python. One query."""
    if not timeline:
        return None, None
    inner, params = _timed_rows(tickets).query.sql_with_params()
    # W of each instant is computed once per row: its span first (the ``b_`` columns), then
    # W itself (the ``w_`` columns), each level behind OFFSET 0 so that PostgreSQL does not
    # flatten it and compute it again at each use (about 40 % of the query's time).
    buckets = ", ".join(
        f"{WorkingTimeline.sql_bucket(f'r.{name}')} AS b_{name}" for name in _MEDIAN_COLUMNS
    )
    working_seconds = ", ".join(
        f"{WorkingTimeline.sql_working_seconds(f't.{name}', f't.b_{name}')} AS w_{name}"
        for name in _MEDIAN_COLUMNS
    )
    # Only our own SQL text and the ORM's compiled subquery are formatted in; every value is a
    # parameter.
    sql = f"""
        WITH {WorkingTimeline.SQL_TABLE}
        SELECT
            percentile_cont(0.5) WITHIN GROUP (
                ORDER BY u.w_first_response_at - u.w_created_at)
                FILTER (WHERE u.first_response_at IS NOT NULL),
            percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(
                u.w_resolved_at - u.w_created_at
                - date_part('epoch', u.paused_working_time), 0))
                FILTER (WHERE u.resolved_at IS NOT NULL AND u.merged_into IS NULL)
        FROM (
            SELECT t.*, {working_seconds}
            FROM (SELECT r.*, {buckets} FROM ({inner}) AS r, cal OFFSET 0) AS t, cal
            OFFSET 0
        ) AS u
    """  # noqa: S608
    with connections[tickets.db].cursor() as cursor:
        cursor.execute(sql, [*timeline.sql_params(), *params])
        response, resolution = cursor.fetchone()
    return tuple(None if v is None else round(v / 3600, 1) for v in (response, resolution))


def _month_counts(period):
    """Count expressions of the tickets created each month of the period (keys ``m0``…), for
    ``_totals``'s query: no second pass over the period's tickets."""
    zone = timezone.get_current_timezone()
    starts = [timezone.make_aware(datetime.combine(m, time.min), zone) for m in period.months]
    last = period.months[-1]
    after = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    ends = [*starts[1:], timezone.make_aware(datetime.combine(after, time.min), zone)]
    return {
        f"m{i}": Count("pk", filter=Q(created_at__gte=start, created_at__lt=end))
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
    }


def _by_month(counts, period):
    """``(first day, tickets created)`` for each month of the period, taken out of ``counts``
    (the totals with ``_month_counts``)."""
    return [(month, counts.pop(f"m{i}")) for i, month in enumerate(period.months)]


def _count_per(tickets, field):
    """The number of ``tickets`` of the outer row (a category, a structure): each is one range
    of the (field, -created_at) index, read without the table."""
    return Subquery(
        tickets.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(n=Func(template="COUNT(*)", output_field=IntegerField()))
    )


# The rows without tickets are left out here, not by ``.filter(n__gt=0)``: in SQL the filter
# repeats the count subquery, so each count would be made twice.


def _by_category(tickets):
    rows = (
        Category.objects.annotate(n=_count_per(tickets, "category"))
        .order_by("-n", "name")
        .values("pk", "name", "n")
    )
    return [
        {"category_id": r["pk"], "category__name": r["name"], "n": r["n"]} for r in rows if r["n"]
    ]


def _by_structure(tickets):
    rows = (
        Structure.objects.annotate(n=_count_per(tickets, "structure"))
        .order_by("-n", "name")
        .values("pk", "name", "acronym", "n")
    )
    return [
        {
            "structure_id": r["pk"],
            "structure__name": r["name"],
            "structure__acronym": r["acronym"],
            "n": r["n"],
        }
        for r in rows
        if r["n"]
    ]


def helpdesk_statistics(*, today=None):
    """The helpdesk's figures over the last twelve months (tickets created since the first day
    of the eleventh month before this one). Six queries, whatever the number of tickets."""
    period = Period.last_months(today or timezone.localdate())
    tickets = Ticket.objects.filter(created_at__gte=period.starts_at).order_by()
    totals = _totals(tickets, timezone.now(), **_month_counts(period))
    months = _by_month(totals, period)
    timeline = statistics_timeline(period)
    if connections[tickets.db].vendor == "postgresql":
        response_median, resolution_median = _medians_in_database(tickets, timeline)
    else:
        response_median, resolution_median = _medians(tickets, timeline)
    return {
        "period": period,
        "totals": totals,
        "resolved_on_time_rate": sla_rate(totals, "resolution"),
        "responded_on_time_rate": sla_rate(totals, "response"),
        "median_response_hours": response_median,
        "median_resolution_hours": resolution_median,
        "satisfaction": [(n, totals[f"score_{n}"]) for n in SATISFACTION_SCORES],
        "categories": _by_category(tickets),
        "structures": _by_structure(tickets),
        "months": months,
    }


# The statistics read a year of tickets (about half a second at national scale, more as the
# data grows): the worker computes them and keeps them as a summary (core.summaries, declared
# in apps.py), and a request reads what is kept.
STATISTICS_SUMMARY = "helpdesk-statistics"


def tickets_fingerprint():
    """The newest change and the newest ticket: two index lookups, one query."""
    return Ticket.objects.aggregate(last=Max("updated_at"), newest=Max("pk"))


def helpdesk_statistics_cached(build, *, variant=""):
    """``(build(figures), summary)``: ``figures`` are ``helpdesk_statistics()`` as the worker
    last computed them, ``summary`` says when (``computed_at``), whether a ticket was filed or
    changed since (``is_current``) and whether the worker is late (``is_late``).

    What ``build`` makes of the figures is cached until they are computed again. ``variant``
    keeps apart what differs by viewer (the charts link to the queue for agents only) and the
    language of the labels."""
    summary = summary_read(STATISTICS_SUMMARY)
    context = cached_figures(
        f"helpdesk-statistics-{variant}-{get_language()}",
        (summary.computed_at, summary.fingerprint),
        lambda: build(summary.figures),
    )
    return context, summary
