"""Thin Celery tasks of the recommendations. Their e-mails are outbox rows (core.outbox), sent
by the dispatcher; the task here plans the due-date reminders."""

from celery import shared_task

from .services.reminders import recommendation_reminders_plan


@shared_task
def plan_recommendation_reminders():
    return recommendation_reminders_plan()
