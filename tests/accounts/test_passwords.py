import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from accounts.models import User
from tests.conftest import PASSWORD


def reset_link(client, email):
    client.post("/accounts/password_reset/", {"email": email})
    return re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)


def test_password_reset_sends_a_french_email_with_a_link(client, cast):
    response = client.post("/accounts/password_reset/", {"email": cast.dsi_health.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.dsi_health.email]
    assert message.subject == "Portail DSI : choisir un nouveau mot de passe"
    assert "Bonjour Aïcha Kaboré" in message.body
    assert "/accounts/reset/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Choisir un nouveau mot de passe" in html


def test_password_reset_does_not_reveal_unknown_addresses(client, cast):
    response = client.post("/accounts/password_reset/", {"email": "inconnu@example.bf"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_reset_link_sets_a_new_password_once(client, cast):
    link = reset_link(client, cast.dsi_health.email)
    form_url = client.get(link)["Location"]
    new_password = "un-nouveau-mot-de-passe-solide"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == "/accounts/reset/done/"
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.check_password(new_password)

    again = client.get(link, follow=True)
    assert "Lien invalide ou expiré" in again.content.decode()


def test_the_reset_link_expires_after_a_day(client, cast):
    link = reset_link(client, cast.dsi_health.email)
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1)):
        response = client.get(link, follow=True)
    assert "Lien invalide ou expiré" in response.content.decode()


def test_a_user_changes_their_password(login, cast):
    client = login(cast.dsi_education)
    new_password = "encore-un-mot-de-passe-solide"
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == "/accounts/password_change/done/"
    cast.dsi_education.refresh_from_db()
    assert cast.dsi_education.check_password(new_password)


def test_a_weak_new_password_is_refused_in_french(login, cast):
    client = login(cast.dsi_education)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()


RESET_TEMPLATES = [
    "registration/password_reset_done.html",
    "registration/password_reset_email.txt",
    "registration/password_reset_email.html",
]


def render_reset_template(name, valid_hours):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    # The page is seen by an anonymous visitor; the e-mails greet the account's owner.
    user = AnonymousUser() if name.endswith("done.html") else User(email="awa@finances.gov.bf")
    context = {
        "valid_hours": valid_hours,
        "user": user,
        "protocol": "https",
        "domain": "portail-dsi.gov.bf",
        "uid": "MQ",
        "token": "abc-123",
    }
    return render_to_string(name, context)


@pytest.mark.parametrize("name", RESET_TEMPLATES)
def test_the_reset_pages_state_the_configured_validity(name, db):
    assert "valable 2 heures" in render_reset_template(name, valid_hours=2)
    assert "valable 1 heure." in render_reset_template(name, valid_hours=1)


def test_the_reset_email_and_page_follow_password_reset_timeout(client, cast, settings):
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    response = client.post("/accounts/password_reset/", {"email": cast.dsi_health.email})
    assert f"valable {hours} heures" in mail.outbox[0].body
    done = client.get(response["Location"])
    assert done.context["valid_hours"] == hours
    assert f"valable {hours} heures" in done.content.decode()


def test_the_html_reset_email_is_marked_in_the_reader_s_language(db):
    with translation.override("en"):
        assert '<html lang="en">' in render_reset_template(RESET_TEMPLATES[2], valid_hours=24)
