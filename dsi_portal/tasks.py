"""Thin Celery tasks of what combines the apps: the weekly digest."""

from celery import shared_task


@shared_task
def plan_weekly_digest():
    from .digest import weekly_digest_plan

    return weekly_digest_plan()
