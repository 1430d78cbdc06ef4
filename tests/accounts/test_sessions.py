from datetime import timedelta

import time_machine
from django.utils import timezone


def test_a_session_lasts_a_working_day(login, cast):
    client = login(cast.dsi_health)
    with time_machine.travel(timezone.now() + timedelta(hours=7)):
        assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=9)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_session_cookie_ends_with_the_browser(client, cast):
    from tests.conftest import PASSWORD

    response = client.post(
        "/accounts/login/", {"username": cast.dsi_health.email, "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["httponly"]
