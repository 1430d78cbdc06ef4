"""Liveness checks of the services the portal depends on. Each returns None or an error text.

The error text is for the logs only: it can name the database host, user or broker address, so
it is never sent to the client.
"""

from django.db import connection
from kombu import Connection


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
