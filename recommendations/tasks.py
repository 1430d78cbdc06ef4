"""Thin Celery tasks: fetch, then call the e-mail builders in emails.py."""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_update_submitted(update_id):
    emails.send_update_submitted(update_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_update_rejected(update_id):
    emails.send_update_rejected(update_id)


@shared_task
def plan_recommendation_reminders():
    from .services.reminders import recommendation_reminders_plan

    return recommendation_reminders_plan()
