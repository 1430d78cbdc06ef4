"""Thin Celery tasks: fetch, then call the e-mail builders in emails.py. One recipient per task
where it matters, so that a retry never mails anyone twice."""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_acknowledgement(ticket_id):
    emails.send_acknowledgement(ticket_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_ticket_created(ticket_id):
    for email in emails.agent_recipients(ticket_id):
        notify_new_ticket_to.delay(ticket_id, email)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_new_ticket_to(ticket_id, email):
    emails.send_new_ticket_notice(ticket_id, email)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_reply(message_id):
    for email in emails.reply_recipients(message_id):
        notify_reply_to.delay(message_id, email)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_reply_to(message_id, email):
    emails.send_reply(message_id, email)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_status_changed(ticket_id):
    emails.send_status_change(ticket_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_reopened(ticket_id):
    for email in emails.agent_recipients(ticket_id):
        notify_reopened_to.delay(ticket_id, email)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_reopened_to(ticket_id, email):
    emails.send_reopened_notice(ticket_id, email)


@shared_task
def plan_sla_alerts():
    from .services.timers import sla_alerts_plan

    return sla_alerts_plan()


@shared_task
def close_resolved_tickets():
    from .services.timers import tickets_close_resolved

    return tickets_close_resolved()
