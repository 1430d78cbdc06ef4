"""Every write on tickets that has rules. Views and tasks call these."""

from .canned import canned_reply_delete, canned_reply_save
from .messages import message_add, message_add_then_transition
from .tickets import (
    ticket_assign,
    ticket_bulk_assign,
    ticket_bulk_transition,
    ticket_confirm_resolution,
    ticket_create,
    ticket_merge,
    ticket_merge_check,
    ticket_rate,
    ticket_reopen,
    ticket_transition,
    ticket_triage,
)

__all__ = [
    "canned_reply_delete",
    "canned_reply_save",
    "message_add",
    "message_add_then_transition",
    "ticket_assign",
    "ticket_bulk_assign",
    "ticket_bulk_transition",
    "ticket_confirm_resolution",
    "ticket_create",
    "ticket_merge",
    "ticket_merge_check",
    "ticket_rate",
    "ticket_reopen",
    "ticket_transition",
    "ticket_triage",
]
