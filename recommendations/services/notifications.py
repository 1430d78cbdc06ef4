"""The e-mails about status updates are outbox rows (core.outbox), written with the update:
one per recipient, retried after a mail server failure, visible when they fail for good."""

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import outbox

UPDATE_SUBMITTED = "recommendations.update_submitted"
UPDATE_REJECTED = "recommendations.update_rejected"


def _schedule(kind, update, user):
    outbox.notification_schedule(
        kind=kind,
        recipient=user,
        due_at=timezone.now(),
        dedup_key=f"{kind}:{update.pk}:{user.pk}",
        target=update.recommendation,
        payload={"update": update.pk},
    )


def update_submitted_notify(*, update):
    """Each active member of the Secretariat learns that an update waits for validation."""
    for user in User.objects.active_with_role(Role.SECRETARIAT):
        _schedule(UPDATE_SUBMITTED, update, user)


def update_rejected_notify(*, update):
    """The author learns why their update was rejected."""
    if update.author is not None and update.author.is_active:
        _schedule(UPDATE_REJECTED, update, update.author)
