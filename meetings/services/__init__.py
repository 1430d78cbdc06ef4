"""Every write on meetings that has rules. Views and tasks call these; see each module."""

from .agenda import (
    agenda_item_create,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    agenda_reorder,
)
from .calendar import calendar_feed_get_or_create, calendar_feed_rotate
from .documents import document_delete, document_upload
from .invitations import (
    attendance_add_late,
    attendance_record,
    invitation_reply,
    invitations_send,
)
from .meetings import (
    meeting_cancel,
    meeting_create,
    meeting_duplicate,
    meeting_mark_held,
    meeting_postpone,
    meeting_update,
)
from .minutes import minutes_approve, minutes_correct, minutes_publish, minutes_save_draft
from .reminders import (
    meeting_cancellation_notify,
    meeting_notification_resend,
    meeting_reminders_sync,
)
from .situations import situation_submit

__all__ = [
    "agenda_item_create",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_reorder",
    "attendance_add_late",
    "attendance_record",
    "calendar_feed_get_or_create",
    "calendar_feed_rotate",
    "document_delete",
    "document_upload",
    "invitation_reply",
    "invitations_send",
    "meeting_cancel",
    "meeting_cancellation_notify",
    "meeting_create",
    "meeting_duplicate",
    "meeting_mark_held",
    "meeting_notification_resend",
    "meeting_postpone",
    "meeting_reminders_sync",
    "meeting_update",
    "minutes_approve",
    "minutes_correct",
    "minutes_publish",
    "minutes_save_draft",
    "situation_submit",
]
