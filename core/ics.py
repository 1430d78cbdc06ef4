"""iCalendar (RFC 5545) feeds that know no domain: callers describe events, this writes them.

Times are written in UTC so that every calendar client shows the same instant whatever its own
time zone; UIDs come from the caller and stay stable, so that an updated or cancelled event
replaces the one already in the attendee's calendar (with a higher SEQUENCE).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

PRODID = "-//MTDPCE//Portail DSI//FR"
STATUSES = frozenset({"CONFIRMED", "CANCELLED", "TENTATIVE"})
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _require_aware(name, value):
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if timezone.is_naive(value):
        raise ValueError(f"{name} must be timezone-aware: {value!r}")


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a feed. Datetimes must be timezone-aware; they are written in UTC."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"
    sequence: int = 0
    alarm_before: timedelta | None = timedelta(days=1)

    def __post_init__(self):
        if not self.uid:
            raise ValueError("uid is required")
        _require_aware("starts_at", self.starts_at)
        _require_aware("ends_at", self.ends_at)
        if self.ends_at < self.starts_at:
            raise ValueError("ends_at is before starts_at")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {sorted(STATUSES)}: {self.status!r}")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        if self.alarm_before is not None and self.alarm_before <= timedelta(0):
            raise ValueError("alarm_before must be a positive duration")


def _utc(value):
    return value.astimezone(UTC)


def _vevent(event, stamp):
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _utc(event.starts_at))
    vevent.add("dtend", _utc(event.ends_at))
    vevent.add("summary", event.summary)
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("status", event.status)
    vevent.add("sequence", event.sequence)
    # A cancelled event must not ring: clients would remind people of a meeting that is off.
    if event.alarm_before is not None and event.status != "CANCELLED":
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -event.alarm_before)
        alarm.add("description", event.summary)
        vevent.add_component(alarm)
    return vevent


def build_calendar(events, *, name: str) -> bytes:
    """An iCalendar feed (METHOD:PUBLISH) named ``name`` holding ``events``, times in UTC.

    Each event carries DTSTAMP (now), its caller-given UID and SEQUENCE, and a DISPLAY alarm
    ``alarm_before`` its start unless that is None or the event is cancelled.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # A calendar's name is one line: icalendar does not escape this non-standard property, and
    # a line break in it (a meeting title typed with one) made the whole feed fail.
    calendar.add("x-wr-calname", " ".join(str(name).split()))
    stamp = _utc(timezone.now()).replace(microsecond=0)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()


def calendar_response(ics_bytes: bytes, *, filename: str) -> HttpResponse:
    """The feed as a download: text/calendar in UTF-8, as an attachment named ``filename``."""
    response = HttpResponse(ics_bytes, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
