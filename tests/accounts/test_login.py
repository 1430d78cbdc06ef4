import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def test_login_page_is_in_french(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Connexion" in page
    assert "Adresse e-mail" in page
    assert '<html lang="fr">' in page


def test_a_dsi_logs_in_by_email_whatever_its_case(client, cast):
    response = client.post(LOGIN, {"username": "Aicha.Kabore@SANTE.gov.bf", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get("/").context["user"] == cast.dsi_health


def test_a_wrong_password_shows_a_french_error(client, cast):
    response = client.post(LOGIN, {"username": cast.dsi_health.email, "password": "mauvais"})
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_log_in(client, cast):
    cast.dsi_health.is_active = False
    cast.dsi_health.save()
    response = client.post(LOGIN, {"username": cast.dsi_health.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(login, cast):
    client = login(cast.dsi_health)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "url",
    ["/", "/accounts/profile/", "/accounts/directory/", "/accounts/password_change/"],
)
def test_pages_require_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")


@pytest.mark.parametrize(
    "url",
    [LOGIN, "/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/"],
)
def test_login_and_reset_pages_are_open(client, db, url):
    assert client.get(url).status_code == 200


def test_after_login_the_user_goes_where_they_were_going(client, cast):
    response = client.post(
        f"{LOGIN}?next=/accounts/profile/",
        {"username": cast.dsi_health.email, "password": PASSWORD, "next": "/accounts/profile/"},
    )
    assert response["Location"] == "/accounts/profile/"


def test_a_login_never_redirects_to_another_site(client, cast):
    response = client.post(
        LOGIN,
        {"username": cast.dsi_health.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")
