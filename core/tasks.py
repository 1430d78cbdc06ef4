"""Thin Celery tasks for the outbox and the worker's heartbeat."""

from celery import shared_task

from . import health, outbox


@shared_task
def dispatch_notifications():
    return outbox.notifications_dispatch()


@shared_task
def heartbeat():
    health.heartbeat_record()


@shared_task
def purge_notifications():
    """The outbox's old rows, and the tokens of forms sent days ago (core.submissions)."""
    from .submissions import submissions_purge

    submissions_purge()
    return outbox.notifications_purge()


@shared_task
def refresh_summary(name):
    """A reader found the summary ``name`` behind the data (core.summaries)."""
    from .summaries import summary_refresh_if_behind

    return summary_refresh_if_behind(name)


@shared_task
def refresh_summaries():
    """Every summary computed afresh (core.summaries.REFRESH_MINUTES, by beat)."""
    from .summaries import summaries_refresh

    summaries_refresh()
