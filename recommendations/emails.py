"""The recommendations' e-mails: an update to validate, an update rejected."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.mail import absolute_url, build_templated_email

from .models import Recommendation, StatusUpdate
from .services.notifications import UPDATE_REJECTED, UPDATE_SUBMITTED
from .services.reminders import DUE_SOON, OVERDUE


def _url(recommendation):
    path = reverse("recommendations:detail", args=[recommendation.pk])
    return absolute_url(path)


def _update_email(notification, template):
    update = (
        StatusUpdate.objects.select_related("recommendation", "author")
        .filter(pk=notification.payload.get("update"))
        .first()
    )
    if update is None or not notification.recipient.is_active:
        return None
    return build_templated_email(
        to=[notification.recipient.email],
        template=template,
        context={
            "update": update,
            "recommendation": update.recommendation,
            "url": _url(update.recommendation),
        },
    )


@outbox.register(UPDATE_SUBMITTED, _("Mise à jour à valider"))
def build_update_submitted(notification):
    return _update_email(notification, "recommendations/email/update_submitted")


@outbox.register(UPDATE_REJECTED, _("Mise à jour rejetée"))
def build_update_rejected(notification):
    return _update_email(notification, "recommendations/email/update_rejected")


def _still_due(notification):
    """The recommendation the reminder is about, if it is still open with the same due date
    and the recipient can still act on it."""
    recommendation = (
        Recommendation.objects.open()
        .with_states()
        .filter(pk=notification.target_id)
        .select_related("meeting", "lead_structure")
        .first()
    )
    if recommendation is None or not notification.recipient.is_active:
        return None
    if recommendation.due_date is None:
        return None
    if recommendation.due_date.isoformat() != notification.payload.get("due_date"):
        return None
    return recommendation


def _reminder(notification, recommendation, template, **context):
    path = reverse("recommendations:update", args=[recommendation.pk])
    return build_templated_email(
        to=[notification.recipient.email],
        template=template,
        context={
            "recommendation": recommendation,
            "user": notification.recipient,
            "url": absolute_url(path),
            **context,
        },
    )


@outbox.register(DUE_SOON, _("Rappel d'échéance d'une recommandation"))
def build_due_soon(notification):
    recommendation = _still_due(notification)
    if recommendation is None:
        return None
    days_left = (recommendation.due_date - timezone.localdate()).days
    return _reminder(
        notification, recommendation, "recommendations/email/due_soon", days_left=days_left
    )


@outbox.register(OVERDUE, _("Recommandation en retard"))
def build_overdue(notification):
    recommendation = _still_due(notification)
    if recommendation is None or not recommendation.is_overdue:
        return None
    return _reminder(
        notification,
        recommendation,
        "recommendations/email/overdue",
        days_late=recommendation.days_late.days,
    )
