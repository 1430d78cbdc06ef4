"""The recommendations' e-mails: an update to validate, an update rejected."""

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.mail import send_templated_email

from .models import StatusUpdate


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
