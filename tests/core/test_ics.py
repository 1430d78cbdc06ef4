"""Calendar feeds: what we write is what a calendar client reads back, in UTC."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from core.ics import PRODID, CalendarEvent, build_calendar, calendar_response

OUAGADOUGOU = ZoneInfo("Africa/Ouagadougou")
PARIS = ZoneInfo("Europe/Paris")


def april_session(**overrides):
    """The 2nd 2022 meeting between the MTDPCE and the DSIs, 21 April 2022 in Ouagadougou."""
    fields = {
        "uid": "meeting-12@portail-dsi",
        "summary": "« Réunion des DSI » : 2ème rencontre",
        "starts_at": datetime(2022, 4, 21, 9, 0, tzinfo=OUAGADOUGOU),
        "ends_at": datetime(2022, 4, 21, 13, 0, tzinfo=OUAGADOUGOU),
        "location": "Salle de conférence du ministère des Affaires étrangères",
    }
    fields.update(overrides)
    return CalendarEvent(**fields)


def parse(ics_bytes):
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    return calendar, list(calendar.walk("VEVENT"))


def test_calendar_header_says_who_wrote_it_and_how_to_read_it():
    calendar, _ = parse(build_calendar([april_session()], name="Réunions MTDPCE – DSI"))

    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Réunions MTDPCE – DSI"


def test_meeting_in_ouagadougou_is_written_at_the_same_hour_in_utc():
    ics = build_calendar([april_session()], name="Réunions")
    _, (event,) = parse(ics)

    assert b"DTSTART:20220421T090000Z" in ics
    assert b"DTEND:20220421T130000Z" in ics
    assert event.decoded("DTSTART") == datetime(2022, 4, 21, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2022, 4, 21, 13, 0, tzinfo=UTC)


def test_a_time_given_in_another_zone_is_converted_to_utc():
    # Paris is one hour ahead of UTC in January (the 1st 2022 session).
    january = april_session(
        starts_at=datetime(2022, 1, 20, 10, 0, tzinfo=PARIS),
        ends_at=datetime(2022, 1, 20, 12, 30, tzinfo=PARIS),
    )
    ics = build_calendar([january], name="Réunions")
    _, (event,) = parse(ics)

    assert b"DTSTART:20220120T090000Z" in ics
    assert event.decoded("DTSTART") == datetime(2022, 1, 20, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2022, 1, 20, 11, 30, tzinfo=UTC)


def test_event_carries_its_stable_uid_stamp_and_sequence():
    with time_machine.travel(datetime(2022, 4, 1, 8, 30, 15, 123456, tzinfo=UTC), tick=False):
        ics = build_calendar([april_session(sequence=3)], name="Réunions")
    _, (event,) = parse(ics)

    assert str(event["UID"]) == "meeting-12@portail-dsi"
    assert event.decoded("DTSTAMP") == datetime(2022, 4, 1, 8, 30, 15, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 3
    assert str(event["STATUS"]) == "CONFIRMED"


def test_french_text_with_commas_semicolons_and_newlines_round_trips():
    description = (
        "Ordre du jour :\n"
        "1. e-Conseil des Ministres ; circuit intégré des missions\n"
        "2. Messagerie professionnelle, serveur de fichiers partagé\n"
        "Présidée par le Ministre, modérée par le Secrétaire général — « état de mise en œuvre »"
    )
    meeting = april_session(
        summary="« Réunion des DSI », 2ème rencontre ; Ouagadougou",
        location="Salle de conférence, ministère des Affaires étrangères",
        description=description,
        url="https://portail-dsi.bf/meetings/12/",
    )
    ics = build_calendar([meeting], name="Réunions")
    _, (event,) = parse(ics)

    assert b"\\," in ics and b"\\;" in ics and b"\\n" in ics
    assert str(event["SUMMARY"]) == "« Réunion des DSI », 2ème rencontre ; Ouagadougou"
    assert str(event["LOCATION"]) == "Salle de conférence, ministère des Affaires étrangères"
    assert str(event["DESCRIPTION"]) == description
    assert str(event["URL"]) == "https://portail-dsi.bf/meetings/12/"


def test_empty_optional_fields_are_left_out():
    _, (event,) = parse(build_calendar([april_session(location="")], name="Réunions"))

    assert "LOCATION" not in event
    assert "DESCRIPTION" not in event
    assert "URL" not in event


def test_alarm_reminds_a_day_before_by_default():
    _, (event,) = parse(build_calendar([april_session()], name="Réunions"))
    (alarm,) = event.walk("VALARM")

    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    assert str(alarm["DESCRIPTION"]) == "« Réunion des DSI » : 2ème rencontre"


def test_alarm_follows_the_requested_delay():
    ics = build_calendar([april_session(alarm_before=timedelta(hours=2))], name="Réunions")
    _, (event,) = parse(ics)
    (alarm,) = event.walk("VALARM")

    assert b"TRIGGER:-PT2H" in ics
    assert alarm.decoded("TRIGGER") == timedelta(hours=-2)


def test_no_alarm_when_none_is_asked():
    _, (event,) = parse(build_calendar([april_session(alarm_before=None)], name="Réunions"))

    assert event.walk("VALARM") == []


def test_cancelled_meeting_is_published_as_cancelled_without_alarm():
    cancelled = april_session(status="CANCELLED", sequence=1)
    _, (event,) = parse(build_calendar([cancelled], name="Réunions"))

    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert event.walk("VALARM") == []


def test_tentative_status_is_kept():
    _, (event,) = parse(build_calendar([april_session(status="TENTATIVE")], name="Réunions"))

    assert str(event["STATUS"]) == "TENTATIVE"


def test_one_feed_holds_several_meetings():
    january = april_session(
        uid="meeting-11@portail-dsi",
        summary="1ère rencontre 2022",
        starts_at=datetime(2022, 1, 20, 9, 0, tzinfo=OUAGADOUGOU),
        ends_at=datetime(2022, 1, 20, 13, 0, tzinfo=OUAGADOUGOU),
    )
    _, events = parse(build_calendar([january, april_session()], name="Réunions"))

    assert [str(e["UID"]) for e in events] == ["meeting-11@portail-dsi", "meeting-12@portail-dsi"]
    assert [e.decoded("DTSTART").month for e in events] == [1, 4]


def test_an_empty_feed_is_still_a_calendar():
    calendar, events = parse(build_calendar([], name="Réunions"))

    assert events == []
    assert str(calendar["X-WR-CALNAME"]) == "Réunions"


@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
def test_naive_datetime_is_refused(field):
    with pytest.raises(ValueError, match="timezone-aware"):
        april_session(**{field: datetime(2022, 4, 21, 9, 0)})


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="status"):
        april_session(status="POSTPONED")


def test_end_before_start_is_refused():
    with pytest.raises(ValueError, match="before"):
        april_session(ends_at=datetime(2022, 4, 21, 8, 0, tzinfo=OUAGADOUGOU))


def test_event_is_immutable():
    meeting = april_session()

    with pytest.raises(AttributeError):
        meeting.summary = "Autre"


def test_response_is_a_utf8_calendar_attachment():
    ics = build_calendar([april_session()], name="Réunions")
    response = calendar_response(ics, filename="reunion-12.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reunion-12.ics"'
    assert response.content == ics
    assert "Réunion" in response.content.decode("utf-8")


def test_response_filename_cannot_break_out_of_the_header():
    response = calendar_response(b"", filename='a"b.ics')

    assert response["Content-Disposition"] == 'attachment; filename="a\\"b.ics"'
