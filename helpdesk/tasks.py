"""Thin Celery tasks of the helpdesk's timers. Its e-mails are outbox rows (core.outbox), sent
by the dispatcher."""

from celery import shared_task

from .services.timers import sla_alerts_plan, tickets_close_resolved


@shared_task
def plan_sla_alerts():
    return sla_alerts_plan()


@shared_task
def close_resolved_tickets():
    return tickets_close_resolved()
