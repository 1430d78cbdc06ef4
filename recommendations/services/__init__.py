"""Every write on recommendations that has rules. Views, imports and tasks call these."""

from .recommendations import recommendation_create, recommendation_update
from .updates import (
    update_mark_reviewed,
    update_reject,
    update_resubmit,
    update_submit,
    update_validate,
)

__all__ = [
    "recommendation_create",
    "recommendation_update",
    "update_mark_reviewed",
    "update_reject",
    "update_resubmit",
    "update_submit",
    "update_validate",
]
