"""Liveness checks of the services the portal depends on. Each returns None or an error text.

The error text is for the logs only: it can name the database host, user or broker address, so
it is never sent to the client.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Subquery
from django.utils import timezone
from kombu import Connection

from .models import Heartbeat


def database_error():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return f"{type(exc).__name__}: {exc}"
    return None


def broker_error(url, transport_options=None, timeout=2.0):
    """Open a connection to the Celery broker and close it again."""
    if not url:
        return None
    try:
        with Connection(
            url, transport_options=transport_options or {}, connect_timeout=timeout
        ) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=timeout
            )
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


WORKER_HEARTBEAT = "worker"


def heartbeat_record(now=None):
    """The periodic heartbeat task ran: the worker and beat are alive."""
    Heartbeat.objects.update_or_create(
        name=WORKER_HEARTBEAT, defaults={"beat_at": now or timezone.now()}
    )


def worker_beat_at():
    """The worker's last heartbeat as a subquery (NULL if it never ran), for a caller that asks
    it together with other questions in one query."""
    return Subquery(Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values("beat_at")[:1])


def heartbeat_is_late(beat_at, now=None, *, started_at=None):
    """True when the heartbeat has not run for NOTIFICATION_HEARTBEAT_LATE seconds (or never):
    then nothing sends the reminders.

    ``started_at`` is when the asking process started: for WORKER_START_GRACE seconds after it,
    the worker started alongside (``make run``, a deployment) has not had time for its first
    beat, and an old or missing heartbeat says nothing yet."""
    now = now or timezone.now()
    if started_at is not None and started_at <= now < started_at + timedelta(
        seconds=settings.WORKER_START_GRACE
    ):
        return False
    limit = timedelta(seconds=settings.NOTIFICATION_HEARTBEAT_LATE)
    return beat_at is None or beat_at < now - limit


def worker_is_late(now=None):
    beat_at = (
        Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("beat_at", flat=True).first()
    )
    return heartbeat_is_late(beat_at, now)
