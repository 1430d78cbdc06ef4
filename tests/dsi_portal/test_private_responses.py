"""Every response the portal builds is private and not stored (issue 15, defect 8): pages,
exports and calendar files carry one person's view of the programme."""

import pytest

from meetings.models import CalendarFeed

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def _check(response):
    assert response["Cache-Control"] == PRIVATE, response.get("Cache-Control")
    assert "Expires" not in response
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url",
    ["/", "/recommendations/", "/recommendations/export.csv", "/recommendations/export.xlsx"],
)
def test_pages_and_exports_of_a_signed_in_user_are_private(client, cast, url):
    client.force_login(cast.secretariat)
    response = client.get(url)
    assert response.status_code == 200
    _check(response)


def test_the_calendar_feed_read_by_its_secret_address_is_private(client, cast):
    feed = CalendarFeed.objects.create(user=cast.dsi_health)
    response = client.get(f"/meetings/feed/{feed.token}.ics")
    assert response.status_code == 200
    _check(response)


def test_the_login_page_and_errors_are_private_too(client, cast):
    _check(client.get("/accounts/login/"))
    client.force_login(cast.dsi_health)
    response = client.get("/helpdesk/REQ-0000-00000/")
    assert response.status_code == 404
    _check(response)
