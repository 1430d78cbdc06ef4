from datetime import UTC, datetime

import icalendar
import pytest
import time_machine

from meetings.models import CalendarFeed
from meetings.services import invitations_send, meeting_cancel
from tests.meetings.conftest import at


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_the_ics_of_a_meeting_has_its_utc_times_summary_location_and_alarm(
    login, cast, april_session
):
    response = login(cast.secretariat).get(f"/meetings/{april_session.pk}/event.ics")
    [event] = events(parse(response))
    # 09:00 in Ouagadougou is 09:00 UTC (no offset, no summer time).
    assert event.decoded("dtstart") == datetime(2022, 4, 21, 9, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2022, 4, 21, 13, tzinfo=UTC)
    assert str(event["summary"]) == "2ème rencontre 2022 entre le MTDPCE et les DSI"
    assert str(event["location"]) == "Salle de conférence du Ministère des Affaires étrangères"
    assert str(event["uid"]) == f"meeting-{april_session.pk}@portail-dsi"
    [alarm] = [c for c in event.walk() if c.name == "VALARM"]
    assert alarm["action"] == "DISPLAY"


def test_a_cancelled_meeting_is_published_as_cancelled(login, cast, april_session):
    meeting_cancel(actor=cast.secretariat, meeting=april_session, reason="Report")
    [event] = events(parse(login(cast.secretariat).get(f"/meetings/{april_session.pk}/event.ics")))
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 1


def test_the_ics_answers_404_outside_the_scope(login, cast, april_session):
    assert login(cast.dsi_health).get(f"/meetings/{april_session.pk}/event.ics").status_code == 404


@pytest.fixture
def feed(login, cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    login(cast.dsi_health).get("/meetings/feed/")
    return CalendarFeed.objects.get(user=cast.dsi_health)


def test_the_personal_feed_lists_the_users_meetings_without_login(
    client, cast, feed, april_session
):
    with time_machine.travel(at(2022, 4, 1)):
        response = client.get(f"/meetings/feed/{feed.token}.ics")
    assert [str(e["summary"]) for e in events(parse(response))] == [april_session.title]


def test_a_revoked_feed_address_stops_working(login, client, cast, feed):
    old = feed.token
    login(cast.dsi_health).post("/meetings/feed/rotate/")
    feed.refresh_from_db()
    assert feed.token != old
    client.logout()
    assert client.get(f"/meetings/feed/{old}.ics").status_code == 404
    assert client.get(f"/meetings/feed/{feed.token}.ics").status_code == 200


def test_a_deactivated_users_feed_answers_404(client, cast, feed):
    cast.dsi_health.is_active = False
    cast.dsi_health.save()
    assert client.get(f"/meetings/feed/{feed.token}.ics").status_code == 404


def test_the_month_view_shows_the_meetings_of_the_month(
    login, cast, april_session, january_session
):
    response = login(cast.secretariat).get("/meetings/calendar/?month=2022-04")
    page = response.content.decode()
    assert april_session.title in page
    assert january_session.title not in page
    assert response.context["previous"] == "2022-03"
    assert response.context["next"] == "2022-05"


@pytest.mark.usefixtures("still_clock")
@pytest.mark.parametrize("month", ["n'importe-quoi", "0001-01", "1899-12", "2101-01", "9999-12"])
def test_a_bad_or_far_away_month_falls_back_to_the_current_month(login, cast, month):
    from django.utils import timezone

    response = login(cast.secretariat).get("/meetings/calendar/", {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


@pytest.mark.parametrize("month", ["1900-01", "2100-12"])
def test_the_first_and_last_months_of_the_range_are_shown(login, cast, month):
    response = login(cast.secretariat).get("/meetings/calendar/", {"month": month})
    assert response.status_code == 200
    assert response.context["month"].strftime("%Y-%m") == month


def test_the_personal_feed_leaves_out_meetings_open_only_through_their_minutes(
    client, cast, feed, january_session
):
    from meetings.services import minutes_publish, minutes_save_draft

    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    with time_machine.travel(at(2022, 4, 1)):
        response = client.get(f"/meetings/feed/{feed.token}.ics")
    assert january_session.title not in [str(e["summary"]) for e in events(parse(response))]


def test_a_new_password_revokes_the_feed_address(client, cast):
    """Issue 15, defect 7: the personal feed survived a password change."""
    from tests.conftest import PASSWORD

    old = CalendarFeed.objects.create(user=cast.dsi_health).token
    assert client.get(f"/meetings/feed/{old}.ics").status_code == 200
    client.force_login(cast.dsi_health)
    new_password = "un-autre-mot-de-passe-solide"
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(f"/meetings/feed/{old}.ics").status_code == 404
    renewed = CalendarFeed.objects.get(user=cast.dsi_health).token
    assert renewed != old
    assert client.get(f"/meetings/feed/{renewed}.ics").status_code == 200
    # Saving the account for anything else keeps the address; a user without a feed gets none.
    cast.dsi_health.job_title = "DSI"
    cast.dsi_health.save()
    assert CalendarFeed.objects.get(user=cast.dsi_health).token == renewed
    cast.dsi_education.set_password(new_password)
    cast.dsi_education.save()
    assert not CalendarFeed.objects.filter(user=cast.dsi_education).exists()


def _agenda(page):
    """The phone's agenda of the month page: the section shown below the md breakpoint."""
    start = page.index('data-testid="calendar-agenda"')
    return page[start : page.index("</section>", start)]


def test_on_a_phone_the_month_is_an_agenda_of_its_days_with_meetings_in_order(
    login, cast, april_session
):
    from meetings.models import Meeting

    def meeting(title, starts_at, **fields):
        return Meeting.objects.create(
            title=title, starts_at=starts_at, created_by=cast.secretariat, **fields
        )

    # 31 March is in the grid's first week, not in the month: the agenda leaves it out.
    meeting("Atelier de mars", at(2022, 3, 31, 10))
    sunday = meeting("Atelier du dimanche", at(2022, 4, 3, 15, 30), venue="Salle 2")
    early = meeting("Point avant la session", at(2022, 4, 21, 8))
    cancelled = meeting("Comité annulé", at(2022, 4, 28, 9), status=Meeting.Status.CANCELLED)
    meeting("Atelier de mai", at(2022, 5, 2, 9))

    response = login(cast.secretariat).get("/meetings/calendar/", {"month": "2022-04"})

    assert [(day, [m.title for m in meetings]) for day, meetings in response.context["agenda"]] == [
        (at(2022, 4, 3).date(), [sunday.title]),
        (at(2022, 4, 21).date(), [early.title, april_session.title]),
        (at(2022, 4, 28).date(), [cancelled.title]),
    ]
    agenda = _agenda(response.content.decode())
    assert "Réunions du mois" in agenda
    assert '<time datetime="2022-04-03">dimanche 3 avril 2022</time>' in agenda
    assert '<time datetime="2022-04-21">jeudi 21 avril 2022</time>' in agenda
    assert 'datetime="2022-04-03T15:30:00+00:00">15:30</time>' in agenda
    assert "Salle 2" in agenda
    positions = [
        agenda.index(title)
        for title in (sunday.title, early.title, april_session.title, cancelled.title)
    ]
    assert positions == sorted(positions)
    assert f'href="/meetings/{sunday.pk}/"' in agenda
    assert "Atelier de mars" not in agenda
    assert "Atelier de mai" not in agenda
    assert "Aucune réunion ce mois-ci." not in agenda
    # The grid is still there for wider screens, hidden on a phone.
    assert 'class="d-none d-md-block table-responsive"' in response.content.decode()


def test_on_a_phone_an_empty_month_says_so_and_keeps_the_navigation(login, cast, april_session):
    response = login(cast.secretariat).get("/meetings/calendar/", {"month": "2022-02"})
    page = response.content.decode()
    assert response.context["agenda"] == []
    assert "Aucune réunion ce mois-ci." in _agenda(page)
    assert 'href="?month=2022-01" rel="prev"' in page
    assert 'href="?month=2022-03" rel="next"' in page
