"""The security journal: every login, failure, lockout, password reset and change of role is
recorded with its time, account, address and browser, and staff review it in the admin."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from accounts.models import SecurityEvent
from accounts.roles import Role
from tests.conftest import PASSWORD

Kind = SecurityEvent.Kind
LOGIN = "/accounts/login/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/156.0"


@pytest.fixture
def client(client):
    """A browser with a recognisable user agent, from the address 198.51.100.7."""
    client.defaults.update(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.7")
    return client


def events(kind, after=0):
    return list(SecurityEvent.objects.filter(kind=kind, pk__gt=after).order_by("pk"))


def last_event_id():
    return SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_login_is_recorded_with_time_account_address_and_browser(client, cast):
    before = timezone.now()
    client.post(LOGIN, {"username": cast.dsi_health.email, "password": PASSWORD})
    [event] = events(Kind.LOGIN)
    assert event.user == cast.dsi_health
    assert event.email == cast.dsi_health.email
    assert event.ip_address == "198.51.100.7"
    assert event.user_agent == BROWSER
    assert before <= event.at <= timezone.now()


def test_a_failed_login_records_the_typed_address_even_for_an_unknown_account(client, cast):
    client.post(LOGIN, {"username": "Aicha.Kabore@sante.gov.bf", "password": "mauvais"})
    client.post(LOGIN, {"username": "personne@nulle-part.bf", "password": "mauvais"})
    known, unknown = events(Kind.LOGIN_FAILED)
    assert (known.user, known.email) == (cast.dsi_health, "Aicha.Kabore@sante.gov.bf")
    assert (unknown.user, unknown.email) == (None, "personne@nulle-part.bf")
    assert unknown.ip_address == "198.51.100.7"
    # The password typed is never kept.
    assert not SecurityEvent.objects.filter(detail__contains="mauvais").exists()
    assert events(Kind.LOGIN) == []


def test_the_fifth_failure_records_a_lockout_and_later_attempts_say_so(client, cast):
    for _ in range(5):
        client.post(LOGIN, {"username": cast.dsi_health.email, "password": "mauvais"})
    [lockout] = events(Kind.LOCKOUT)
    assert lockout.user == cast.dsi_health
    assert lockout.ip_address == "198.51.100.7"
    assert lockout.user_agent == BROWSER

    client.post(LOGIN, {"username": cast.dsi_health.email, "password": PASSWORD})
    last_failure = events(Kind.LOGIN_FAILED)[-1]
    assert last_failure.detail == "compte bloqué"
    assert events(Kind.LOGIN) == []


def test_a_password_reset_is_recorded_when_asked_and_when_done(client, cast):
    client.post("/accounts/password_reset/", {"email": cast.dsi_health.email})
    client.post("/accounts/password_reset/", {"email": "inconnu@example.bf"})
    asked, unknown = events(Kind.PASSWORD_RESET_REQUESTED)
    assert (asked.user, asked.ip_address) == (cast.dsi_health, "198.51.100.7")
    assert (unknown.user, unknown.email) == (None, "inconnu@example.bf")
    assert events(Kind.PASSWORD_RESET) == []

    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    new_password = "un-nouveau-mot-de-passe-2022"
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    [done] = events(Kind.PASSWORD_RESET)
    assert done.user == cast.dsi_health
    assert done.user_agent == BROWSER


def test_a_role_given_and_taken_in_the_admin_names_who_did_it_and_from_where(client, cast, login):
    secretariat = Group.objects.get(name=Role.SECRETARIAT.value)
    login(cast.admin)
    start = last_event_id()
    response = client.post(
        f"/admin/accounts/user/{cast.dsi_education.pk}/change/",
        admin_user_form(cast.dsi_education, groups=[secretariat.pk], is_staff=True),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    removed = events(Kind.ROLE_REMOVED, after=start)
    added = events(Kind.ROLE_ADDED, after=start)
    assert [(e.user, e.detail) for e in removed] == [(cast.dsi_education, Role.DSI.value)]
    assert [(e.user, e.detail) for e in added] == [(cast.dsi_education, Role.SECRETARIAT.value)]
    [privilege] = events(Kind.PRIVILEGE_CHANGED, after=start)
    assert privilege.user == cast.dsi_education
    assert "accès à l'administration" in privilege.detail
    for event in (*removed, *added, privilege):
        assert event.actor == cast.admin
        assert event.ip_address == "198.51.100.7"
        assert event.user_agent == BROWSER


def test_role_changes_outside_a_request_are_recorded_without_an_address(cast):
    agents = Group.objects.get(name=Role.ANPTIC_AGENT.value)
    agents.user_set.add(cast.dsi_health)
    cast.dsi_health.groups.clear()
    added = events(Kind.ROLE_ADDED)[-1]
    assert (added.user, added.detail, added.ip_address) == (
        cast.dsi_health,
        Role.ANPTIC_AGENT.value,
        None,
    )
    removed = {event.detail for event in events(Kind.ROLE_REMOVED)}
    assert removed == {Role.DSI.value, Role.ANPTIC_AGENT.value}


def test_becoming_superuser_or_losing_staff_access_is_recorded(cast):
    cast.secretariat.is_superuser = True
    cast.secretariat.save()
    cast.admin.is_staff = False
    cast.admin.save()
    granted, revoked = events(Kind.PRIVILEGE_CHANGED)[-2:]
    assert (granted.user, granted.detail) == (cast.secretariat, "+ superutilisateur")
    assert revoked.user == cast.admin
    assert revoked.detail == "- accès à l'administration"


def test_saving_a_user_without_changing_privileges_records_nothing(cast):
    before = SecurityEvent.objects.count()
    cast.dsi_health.job_title = "Directeur des services informatiques"
    cast.dsi_health.save()
    assert SecurityEvent.objects.count() == before


def test_the_forwarded_address_is_used_only_behind_a_trusted_proxy(client, cast, settings):
    spoofed = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    client.post(LOGIN, {"username": "x@y.bf", "password": "mauvais"}, **spoofed)
    settings.PROXY_COUNT = 1
    client.post(LOGIN, {"username": "x@y.bf", "password": "mauvais"}, **spoofed)
    untrusted, trusted = events(Kind.LOGIN_FAILED)
    assert untrusted.ip_address == "198.51.100.7"
    # The proxy appended the address it saw; what the client wrote before it is ignored.
    assert trusted.ip_address == "203.0.113.9"


def test_staff_review_the_journal_filtered_and_searched(client, cast, login):
    client.post(LOGIN, {"username": "intrus@exemple.bf", "password": "mauvais"})
    client.post(LOGIN, {"username": cast.dsi_health.email, "password": PASSWORD})
    login(cast.admin)
    page = client.get("/admin/accounts/securityevent/", {"kind__exact": Kind.LOGIN_FAILED})
    assert page.status_code == 200
    assert "intrus@exemple.bf" in page.content.decode()
    assert cast.dsi_health.email not in page.content.decode()
    found = client.get("/admin/accounts/securityevent/", {"q": "198.51.100.7"})
    assert "intrus@exemple.bf" in found.content.decode()


def test_nobody_adds_edits_or_deletes_an_event_in_the_admin(client, cast, login):
    client.post(LOGIN, {"username": "intrus@exemple.bf", "password": "mauvais"})
    event = SecurityEvent.objects.get(kind=Kind.LOGIN_FAILED)
    login(cast.admin)
    assert client.get("/admin/accounts/securityevent/add/").status_code == 403
    detail = client.get(f"/admin/accounts/securityevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert "intrus@exemple.bf" in detail.content.decode()
    client.post(
        f"/admin/accounts/securityevent/{event.pk}/change/",
        {"email": "autre@exemple.bf", "kind": Kind.LOGIN},
    )
    assert client.get(f"/admin/accounts/securityevent/{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert (event.email, event.kind) == ("intrus@exemple.bf", Kind.LOGIN_FAILED)


def test_a_dsi_cannot_read_the_journal(client, cast, login):
    login(cast.dsi_health)
    response = client.get("/admin/accounts/securityevent/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def admin_user_form(user, *, groups, is_staff):
    local = timezone.localtime(user.date_joined)
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "structure": user.structure_id,
        "receives_digest": "on",
        "is_active": "on",
        "is_staff": "on" if is_staff else "",
        "groups": groups,
        "date_joined_0": local.strftime("%d/%m/%Y"),
        "date_joined_1": local.strftime("%H:%M:%S"),
    }


def test_the_secretariat_keeps_accounts_but_does_not_read_the_journal(client, cast, login):
    login(cast.secretariat)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/securityevent/").status_code == 403


def test_the_lockout_records_the_same_address_as_the_journal(client, cast, settings):
    from axes.models import AccessAttempt

    settings.PROXY_COUNT = 1
    client.post(
        LOGIN,
        {"username": cast.dsi_health.email, "password": "mauvais"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
