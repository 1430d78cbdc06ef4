from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..permissions import can_manage_meetings


def require_manager(actor):
    """Services refuse actors without the right, whatever the view checked before."""
    if not can_manage_meetings(actor):
        raise PermissionDenied


def require_not_cancelled(meeting):
    if meeting.is_cancelled:
        raise ValidationError(
            _("Cette réunion est annulée : elle ne peut plus être modifiée."), code="cancelled"
        )
