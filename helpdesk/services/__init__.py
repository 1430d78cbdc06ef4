"""Every write on tickets that has rules. Views and tasks call these."""

from .messages import message_add
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
    "message_add",
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
