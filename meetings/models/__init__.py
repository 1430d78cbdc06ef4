"""The meetings' models, one topic a module; every model is importable from here."""

from .calendar import CalendarFeed, new_feed_token
from .documents import Document
from .invitations import Invitation, InvitationChange
from .meetings import AgendaItem, Meeting, MeetingChange, MeetingQuerySet, rank_label
from .minutes import Minutes, MinutesVersion
from .situations import Adoption, SharedService, Situation, Trend, adoption_field

__all__ = [
    "Adoption",
    "AgendaItem",
    "CalendarFeed",
    "Document",
    "Invitation",
    "InvitationChange",
    "Meeting",
    "MeetingChange",
    "MeetingQuerySet",
    "Minutes",
    "MinutesVersion",
    "SharedService",
    "Situation",
    "Trend",
    "adoption_field",
    "new_feed_token",
    "rank_label",
]
