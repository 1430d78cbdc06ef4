"""A meeting as a calendar event, for its .ics download, the personal feed and reminders."""

from datetime import timedelta

from django.urls import reverse

from core.ics import CalendarEvent, build_calendar
from core.mail import absolute_url

DEFAULT_DURATION = timedelta(hours=3)


def meeting_event(meeting):
    url = absolute_url(reverse("meetings:detail", args=[meeting.pk]))
    return CalendarEvent(
        uid=f"meeting-{meeting.pk}@portail-dsi",
        summary=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at or meeting.starts_at + DEFAULT_DURATION,
        location=meeting.venue,
        description=meeting.description,
        url=url,
        status="CANCELLED" if meeting.is_cancelled else "CONFIRMED",
        sequence=meeting.changes.count(),
    )


def meeting_ics(meeting):
    """The .ics file of one dated meeting."""
    return build_calendar([meeting_event(meeting)], name=meeting.title)
