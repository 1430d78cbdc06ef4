"""The e-mails about status updates are outbox rows (core.outbox), written with the update:
one per recipient, retried after a mail server failure, visible when they fail for good."""

from accounts.models import User
from accounts.roles import Role
from core import outbox

UPDATE_SUBMITTED = "recommendations.update_submitted"
UPDATE_REJECTED = "recommendations.update_rejected"


def _notify(kind, update, user_ids):
    outbox.notifications_due_now(
        kind=kind,
        target=update.recommendation,
        recipients=(
            (user_id, f"{kind}:{update.pk}:{user_id}", {"update": update.pk})
            for user_id in user_ids
        ),
    )


def update_submitted_notify(*, update):
    """Each active member of the Secretariat learns that an update waits for validation."""
    secretariat = User.objects.active_with_role(Role.SECRETARIAT).values_list("pk", flat=True)
    _notify(UPDATE_SUBMITTED, update, secretariat)


def update_rejected_notify(*, update):
    """The author learns why their update was rejected."""
    if update.author is not None and update.author.is_active:
        _notify(UPDATE_REJECTED, update, [update.author_id])
