"""The e-mails about status updates are outbox rows (core.outbox), written with the update:
one per recipient, retried after a mail server failure, visible when they fail for good."""

from accounts.models import User
from accounts.roles import Role
from core import outbox

from ..emails import UPDATE_REJECTED, UPDATE_SUBMITTED


def update_submitted_notify(*, update):
    """Each active member of the Secretariat learns that an update waits for validation."""
    secretariat = User.objects.active_with_role(Role.SECRETARIAT).values_list("pk", flat=True)
    outbox.notifications_plan(
        UPDATE_SUBMITTED.to(secretariat, target=update.recommendation, update=update.pk)
    )


def update_rejected_notify(*, update):
    """The author learns why their update was rejected."""
    if update.author_id is not None:
        outbox.notifications_plan(
            UPDATE_REJECTED.to([update.author_id], target=update.recommendation, update=update.pk)
        )
