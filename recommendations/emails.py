"""The recommendations' kinds of notification (core.outbox) and their e-mails: an update to
validate, an update rejected, a due date coming, a recommendation overdue."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.mail import absolute_url, build_templated_email

from .models import Recommendation, StatusUpdate


def _url(recommendation):
    path = reverse("recommendations:detail", args=[recommendation.pk])
    return absolute_url(path)


def _update_email(notification, recommendation, template):
    update = (
        StatusUpdate.objects.select_related("author")
        .filter(pk=notification.payload.get("update"), recommendation=recommendation)
        .first()
    )
    if update is None:
        return None
    update.recommendation = recommendation
    return build_templated_email(
        to=[notification.recipient.email],
        template=template,
        context={"update": update, "recommendation": recommendation, "url": _url(recommendation)},
    )


def build_update_submitted(notification, recommendation):
    return _update_email(notification, recommendation, "recommendations/email/update_submitted")


def build_update_rejected(notification, recommendation):
    return _update_email(notification, recommendation, "recommendations/email/update_rejected")


def _still_due(notification, recommendation):
    """The reminder is said only for the due date it was planned for."""
    return (
        recommendation.due_date is not None
        and recommendation.due_date.isoformat() == notification.payload.get("due_date")
    )


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


def build_due_soon(notification, recommendation):
    if not _still_due(notification, recommendation):
        return None
    days_left = (recommendation.due_date - timezone.localdate()).days
    return _reminder(
        notification, recommendation, "recommendations/email/due_soon", days_left=days_left
    )


def build_overdue(notification, recommendation):
    if not _still_due(notification, recommendation):
        return None
    # Overdue as the lists say it (RecommendationQuerySet.with_states), as of now.
    recommendation = (
        Recommendation.objects.with_states()
        .filter(pk=recommendation.pk, is_overdue=True)
        .select_related("meeting", "lead_structure")
        .first()
    )
    if recommendation is None:
        return None
    return _reminder(
        notification,
        recommendation,
        "recommendations/email/overdue",
        days_late=recommendation.days_late.days,
    )


RECOMMENDATIONS = Recommendation.objects.all()
# A reminder is about a recommendation still open: one implemented or abandoned since has
# nothing left to remind of.
OPEN_RECOMMENDATIONS = Recommendation.objects.open().select_related("meeting", "lead_structure")

# One per status update and recipient.
UPDATE_SUBMITTED = outbox.kind_declare(
    "recommendations.update_submitted",
    _("Mise à jour à valider"),
    build=build_update_submitted,
    targets=RECOMMENDATIONS,
    key=("update",),
)
UPDATE_REJECTED = outbox.kind_declare(
    "recommendations.update_rejected",
    _("Mise à jour rejetée"),
    build=build_update_rejected,
    targets=RECOMMENDATIONS,
    key=("update",),
)
# Once per due date (a new due date starts afresh), then once per week overdue.
DUE_SOON = outbox.kind_declare(
    "recommendations.due_soon",
    _("Rappel d'échéance d'une recommandation"),
    build=build_due_soon,
    targets=OPEN_RECOMMENDATIONS,
    key=("due_date",),
)
OVERDUE = outbox.kind_declare(
    "recommendations.overdue",
    _("Recommandation en retard"),
    build=build_overdue,
    targets=OPEN_RECOMMENDATIONS,
    key=("due_date", "week"),
)
