"""Caching figures that are costly to compute and change rarely: dashboards and statistics.

A cached value's key carries a *fingerprint* of the data it is computed from, read cheaply from
the database (the newest row and the latest change, each one index lookup). Whoever changes the
data — a web process, a Celery worker, the admin, another machine sharing the Redis cache — the
next request computes a new fingerprint and misses the stale entry: no signal, no
invalidation call to forget. The timeout bounds what a fingerprint cannot see: figures that move
with the clock (a recommendation becomes overdue at midnight) and rows deleted in the admin.

With ``REDIS_URL`` the cache is Redis, shared by every process; otherwise the local-memory cache
of each process.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

FIGURES_TIMEOUT = 300
_GENERATION = "figures:generation"


def cached_figures(name, fingerprint, compute, *, timeout=FIGURES_TIMEOUT):
    """``compute()``'s value, cached under ``name`` for as long as ``fingerprint`` (any value
    with a stable ``repr``) stays the same, and at most ``timeout`` seconds."""

    def key():
        generation = cache.get_or_set(_GENERATION, 1, timeout=None)
        digest = hashlib.sha256(repr((generation, fingerprint)).encode()).hexdigest()[:32]
        return f"figures:{name}:{digest}"

    return _kept(key, name, compute, timeout)


def _kept(key, name, compute, timeout):
    """The value cached under ``key()``, else ``compute()``'s, then kept for ``timeout``
    seconds. A cache outage slows the page down, never breaks it: the value is computed."""
    try:
        cache_key = key()
        value = cache.get(cache_key)
    except Exception:
        logger.exception("Cache unavailable: computing %s without it", name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(cache_key, value, timeout)
        except Exception:
            logger.exception("Cache unavailable: %s not kept", name)
    return value


def forget_figures():
    """Make every cached figure stale at once (the benchmark times pages with a cold cache)."""
    try:
        cache.incr(_GENERATION)
    except ValueError:
        cache.set(_GENERATION, 2, timeout=None)


def _value_key(name):
    generation = cache.get_or_set(_GENERATION, 1, timeout=None)
    return f"value:{name}:{generation}"


def cached_value(name, compute, *, timeout=FIGURES_TIMEOUT):
    """``compute()``'s value, cached under ``name`` until ``forget_value(name)`` (called by
    whoever changes it) or ``timeout`` seconds: settings edited rarely and read on every
    document, such as the letterhead. A cache outage computes the value each time."""
    return _kept(lambda: _value_key(name), name, compute, timeout)


def forget_value(name):
    """The next ``cached_value(name, ...)`` computes afresh."""
    try:
        cache.delete(_value_key(name))
    except Exception:  # the entry expires after its timeout
        logger.exception("Cache unavailable: %s not forgotten", name)
