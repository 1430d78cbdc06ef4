"""Thin Celery tasks: fetch, then call the e-mail builders in emails.py."""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_invitations(invitation_ids):
    emails.send_invitations(invitation_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_minutes_published(minutes_id):
    emails.send_minutes_published(minutes_id)
