import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
LOCKED = "Ce compte est temporairement bloqué après 5 tentatives"


def fail(client, email, times):
    for _ in range(times):
        response = client.post(LOGIN, {"username": email, "password": "mauvais-mot-de-passe"})
    return response


def test_five_wrong_passwords_lock_the_account_with_a_french_message(client, cast):
    assert fail(client, cast.dsi_health.email, 4).status_code == 200
    response = fail(client, cast.dsi_health.email, 1)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_the_right_password_fails_until_the_lockout_ends(client, cast):
    fail(client, cast.dsi_health.email, 5)
    response = client.post(LOGIN, {"username": cast.dsi_health.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(LOGIN, {"username": cast.dsi_health.email, "password": PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(cast.dsi_health.pk)


def test_changing_the_case_of_the_email_does_not_escape_the_lockout(client, cast):
    fail(client, cast.dsi_health.email, 5)
    response = client.post(LOGIN, {"username": cast.dsi_health.email.upper(), "password": PASSWORD})
    assert response.status_code == 429


def test_a_lockout_concerns_one_account_only(client, cast):
    fail(client, cast.dsi_health.email, 5)
    response = client.post(LOGIN, {"username": cast.dsi_education.email, "password": PASSWORD})
    assert response.status_code == 302


def test_resetting_the_password_lifts_the_lockout(client, cast):
    fail(client, cast.dsi_health.email, 5)
    client.post("/accounts/password_reset/", {"email": cast.dsi_health.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new_password = "un-nouveau-mot-de-passe-solide"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302

    response = client.post(LOGIN, {"username": cast.dsi_health.email, "password": new_password})
    assert response.status_code == 302
