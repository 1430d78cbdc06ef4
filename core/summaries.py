"""Figures read from a whole table, kept in the database (issue 18: a worker outage must not
make a page slow).

A dashboard's figures read every recommendation, the helpdesk statistics a year of tickets: the
cost of computing them grows with the data. The worker computes them (every REFRESH_MINUTES
through beat, and when a reader finds them behind) and keeps them in ``FiguresSummary``; a page
reads the latest row, whatever the size of the data, and says when it was computed.

A summary is *current* when the data's fingerprint (newest change and newest row: one query,
read before the computation so that a change made during it leaves the figures behind, never
ahead) is still the one it was computed from; it is *late* when it is older than MAX_AGE or of
an earlier day (figures that move with the clock: SLA compliance, overdue from midnight). A
reader finding a summary behind asks the worker for a refresh — once: a refresh asked and not
yet started is not asked again — and shows what is kept, saying so. The request computes the
figures only when nothing is kept yet (the first visit after installation).

Each kind of summary is declared by its app (``register`` in ``AppConfig.ready``).
"""

import hashlib
import logging
import pickle
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from .cache import _value_key
from .models import FiguresSummary

logger = logging.getLogger(__name__)

MAX_AGE = timedelta(minutes=15)
REFRESH_MINUTES = 5
# A refresh asked of the worker is not asked again for this long (the worker may be down: the
# next reader after it asks again).
PENDING_SECONDS = 120

_KINDS = {}


@dataclass(frozen=True)
class _Kind:
    compute: object
    fingerprint: object


def register(name, *, compute, fingerprint):
    """Declare the summary ``name``: ``compute()`` returns its figures (any picklable value),
    ``fingerprint()`` what they depend on, cheaply (any value with a stable ``repr``)."""
    _KINDS[name] = _Kind(compute, fingerprint)


def registered():
    return sorted(_KINDS)


@dataclass(frozen=True)
class Summary:
    figures: object
    computed_at: datetime
    fingerprint: str
    # Computed from the data as it is now (no change since).
    is_current: bool
    # Older than MAX_AGE or of an earlier day: the worker has not refreshed it in time.
    is_late: bool


def _digest(kind):
    return hashlib.sha256(repr(kind.fingerprint()).encode()).hexdigest()


def _summary(row, figures, fingerprint):
    late = row.day != timezone.localdate() or timezone.now() - row.computed_at > MAX_AGE
    return Summary(
        figures=figures,
        computed_at=row.computed_at,
        fingerprint=row.fingerprint,
        is_current=row.fingerprint == fingerprint,
        is_late=late,
    )


def _figures(row):
    """The row's figures, or None when they cannot be read back (written by another version of
    the code: they are computed again)."""
    if row is None:
        return None
    try:
        return pickle.loads(bytes(row.figures))  # noqa: S301 - written by summary_refresh only
    except Exception:
        logger.exception("Summary %s unreadable: computed again", row.pk)
        return None


def summary_refresh(name, *, fingerprint=None):
    """Compute the summary ``name`` now and keep it; its row."""
    kind = _KINDS[name]
    _in_cache("delete", _pending_key(name))
    computed_at = timezone.now()
    fingerprint = fingerprint or _digest(kind)
    figures = kind.compute()
    row = FiguresSummary(
        name=name,
        fingerprint=fingerprint,
        day=timezone.localdate(computed_at),
        computed_at=computed_at,
        figures=pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL),
    )
    # One statement, whoever else writes the same row at the same time (INSERT … ON CONFLICT).
    FiguresSummary.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["fingerprint", "day", "computed_at", "figures"],
    )
    return row, figures


def summary_refresh_if_behind(name):
    """What the worker does when a reader asks: compute the summary unless it is current and on
    time already (a second request for the same change, or beat got there first)."""
    kind = _KINDS[name]
    fingerprint = _digest(kind)
    row = FiguresSummary.objects.filter(name=name).first()
    figures = _figures(row)
    if figures is not None:
        summary = _summary(row, figures, fingerprint)
        if summary.is_current and not summary.is_late:
            _in_cache("delete", _pending_key(name))
            return False
    summary_refresh(name, fingerprint=fingerprint)
    return True


def summary_read(name):
    """The summary ``name`` as kept (``Summary``); two queries. When it is behind the data, the
    worker is asked to refresh it (with tasks run eagerly, as in the tests, it is refreshed
    before this returns)."""
    kind = _KINDS[name]
    fingerprint = _digest(kind)
    row = FiguresSummary.objects.filter(name=name).first()
    figures = _figures(row)
    if figures is None:
        row, figures = summary_refresh(name, fingerprint=fingerprint)
        return _summary(row, figures, fingerprint)
    summary = _summary(row, figures, fingerprint)
    if summary.is_current and not summary.is_late:
        return summary
    if _ask_refresh(name):
        row = FiguresSummary.objects.filter(name=name).first()
        figures = _figures(row)
        if figures is not None:
            summary = _summary(row, figures, fingerprint)
    return summary


def _ask_refresh(name):
    """Ask the worker to refresh ``name`` unless that is asked already. True when the tasks run
    eagerly (the refresh is done)."""
    from .tasks import refresh_summary

    if not _in_cache("add", _pending_key(name), 1, PENDING_SECONDS):
        return False
    try:
        refresh_summary.delay(name)
    except Exception:
        # The broker is down: the page shows what is kept; the next reader asks again.
        logger.exception("Summary %s: refresh not asked", name)
        _in_cache("delete", _pending_key(name))
        return False
    return bool(refresh_summary.app.conf.task_always_eager)


def summaries_refresh():
    """Beat's round: every summary computed afresh (figures move with the clock too)."""
    for name in registered():
        summary_refresh(name)


def summaries_forget():
    """Delete every kept summary: the next reader computes it (the benchmark's rows of a first
    computation, the tests' stories)."""
    FiguresSummary.objects.all().delete()
    for name in registered():
        _in_cache("delete", _pending_key(name))


def _pending_key(name):
    """The mark of a refresh asked, forgotten with the cached figures (``forget_figures``: the
    tests between two stories) as well as when the refresh starts."""
    try:
        return _value_key(f"summary-refresh-asked:{name}")
    except Exception:
        logger.exception("Cache unavailable for the summaries")
        return f"summary-refresh-asked:{name}"


def _in_cache(action, *args):
    """``cache.<action>(...)``; when the cache is down, a refresh is asked each time (add is
    taken as done) and nothing breaks."""
    try:
        return getattr(cache, action)(*args)
    except Exception:
        logger.exception("Cache unavailable for the summaries (%s)", action)
        return True
