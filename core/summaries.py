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
import time
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
    version: int


def register(name, *, compute, fingerprint, version=1):
    """Declare the summary ``name``: ``compute()`` returns its figures (any picklable value),
    ``fingerprint()`` what they depend on, cheaply (any value with a stable ``repr``).

    ``version``: raise it when the figures change shape (a key added, a class changed): a row
    kept by the previous code is then computed afresh rather than handed to pages that would
    not read it."""
    _KINDS[name] = _Kind(compute, fingerprint, version)


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
    """The row's figures, or None when they cannot be read back or were kept by code that gave
    them another shape (``register``'s ``version``): they are computed again."""
    if row is None:
        return None
    try:
        version, figures = pickle.loads(bytes(row.figures))  # noqa: S301 - ours only
    except Exception:
        logger.exception("Summary %s unreadable: computed again", row.pk)
        return None
    if version != _KINDS[row.pk].version:
        logger.info("Summary %s kept in another shape: computed again", row.pk)
        return None
    return figures


def summary_refresh(name, *, fingerprint=None):
    """Compute the summary ``name`` now and keep it; its row."""
    kind = _KINDS[name]
    computed_at = timezone.now()
    fingerprint = fingerprint or _digest(kind)
    figures = kind.compute()
    row = FiguresSummary(
        name=name,
        fingerprint=fingerprint,
        day=timezone.localdate(computed_at),
        computed_at=computed_at,
        figures=pickle.dumps((kind.version, figures), protocol=pickle.HIGHEST_PROTOCOL),
    )
    # One statement, whoever else writes the same row at the same time (INSERT … ON CONFLICT).
    FiguresSummary.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["fingerprint", "day", "computed_at", "figures"],
    )
    # Forgotten once written, not before: readers during the computation do not ask again.
    _in_cache("delete", _pending_key(name))
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
    eagerly (the refresh is done).

    The mark of a refresh asked is kept PENDING_SECONDS even when the broker refused it: with
    the broker down (Redis down takes the cache with it), readers must not each wait on it.
    Without the cache, each process asks at most once in that time."""
    from .tasks import refresh_summary

    added = _in_cache("add", _pending_key(name), 1, PENDING_SECONDS)
    if not added:
        return False
    if added is _CACHE_DOWN:
        now = time.monotonic()
        if _asked_here.get(name, 0) > now:
            return False
        _asked_here[name] = now + PENDING_SECONDS
    try:
        refresh_summary.apply_async(args=(name,), retry=False)
    except Exception:
        # The broker is down: the page shows what is kept, and says how old it is.
        logger.exception("Summary %s: refresh not asked", name)
        return False
    return bool(refresh_summary.app.conf.task_always_eager)


# When each process may ask again, while the cache cannot keep the mark (see _ask_refresh).
_asked_here = {}


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
    tests between two stories) as well as once the refresh is written."""
    try:
        return _value_key(f"summary-refresh-asked:{name}")
    except Exception:
        logger.exception("Cache unavailable for the summaries")
        return f"summary-refresh-asked:{name}"


# What ``_in_cache`` answers when the cache is down: true, so that a refresh is asked.
_CACHE_DOWN = object()


def _in_cache(action, *args):
    """``cache.<action>(...)``; when the cache is down, _CACHE_DOWN, and nothing breaks."""
    try:
        return getattr(cache, action)(*args)
    except Exception:
        logger.exception("Cache unavailable for the summaries (%s)", action)
        return _CACHE_DOWN
