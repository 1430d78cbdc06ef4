"""Thin Celery tasks of the meetings. Their e-mails are outbox rows (core.outbox), sent by the
dispatcher; the task here re-plans the reminders of the meetings ahead."""

from celery import shared_task

from .services.reminders import plan_upcoming_meeting_reminders


@shared_task
def plan_meeting_reminders():
    return plan_upcoming_meeting_reminders()
