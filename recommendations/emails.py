"""The recommendations' e-mails: an update to validate, an update rejected."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core import outbox
from core.mail import build_templated_email, send_templated_email

from .models import Recommendation, StatusUpdate
from .services.reminders import DUE_SOON, OVERDUE


def _url(recommendation):
    path = reverse("recommendations:detail", args=[recommendation.pk])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_update_submitted(update_id):
    """Tell the Secretariat that a DSI's update waits for validation."""
    update = StatusUpdate.objects.select_related("recommendation", "author").get(pk=update_id)
    recipients = User.objects.filter(
        groups__name=Role.SECRETARIAT.value, is_active=True
    ).values_list("email", flat=True)
    context = {
        "update": update,
        "recommendation": update.recommendation,
        "url": _url(update.recommendation),
    }
    for email in recipients:
        send_templated_email(
            to=[email], template="recommendations/email/update_submitted", context=context
        )


def send_update_rejected(update_id):
    """Tell the DSI why their update was rejected."""
    update = StatusUpdate.objects.select_related("recommendation", "author").get(pk=update_id)
    if update.author is None or not update.author.is_active:
        return
    context = {
        "update": update,
        "recommendation": update.recommendation,
        "url": _url(update.recommendation),
    }
    send_templated_email(
        to=[update.author.email], template="recommendations/email/update_rejected", context=context
    )


def _still_due(notification):
    """The recommendation the reminder is about, if it is still open with the same due date
    and the recipient can still act on it."""
    recommendation = (
        Recommendation.objects.open()
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
            "url": settings.PORTAL_BASE_URL.rstrip("/") + path,
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
    if recommendation is None or recommendation.due_date >= timezone.localdate():
        return None
    days_late = (timezone.localdate() - recommendation.due_date).days
    return _reminder(
        notification, recommendation, "recommendations/email/overdue", days_late=days_late
    )
