"""Thin Celery tasks: fetch, then call the e-mail builders in emails.py.

One task per recipient, each retried on its own: when the mail server fails for one message, a
retry sends that message again and nobody else's.
"""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_invitation(invitation_id):
    emails.send_invitation(invitation_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_minutes_published_to(minutes_id, email):
    emails.send_minutes_published_to(minutes_id, email)
