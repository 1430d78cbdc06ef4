"""Queueing Celery tasks from services, safely.

The data a task reports on (a ticket, a reply, published minutes) is already committed when the
task is queued; a broker that is down must not turn that success into an error page, nor lose
the data. The failure is logged for the operators (/healthz reports the broker too).
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args):
    """Queue ``task(*args)`` now; log, never raise, if the broker cannot be reached."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception:
        logger.exception("Could not queue %s%r", task.name, args)
        return False
    return True


def enqueue_on_commit(task, *args):
    """Queue ``task(*args)`` once the current transaction has committed."""
    transaction.on_commit(lambda: enqueue(task, *args))
