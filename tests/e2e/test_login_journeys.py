import re

import pytest
from playwright.sync_api import expect

ROLES = [
    # (cast member, sections shown, sections hidden)
    ("dsi_health", ["Accueil", "Annuaire"], ["Administration"]),
    ("agent", ["Accueil", "Annuaire"], ["Administration"]),
    ("secretariat", ["Accueil", "Annuaire", "Administration"], []),
    ("secretary_general", ["Accueil", "Annuaire"], ["Administration"]),
    ("admin", ["Accueil", "Annuaire", "Administration"], []),
]


@pytest.mark.parametrize(("member", "shown", "hidden"), ROLES)
def test_each_role_logs_in_and_sees_its_own_navigation(page, log_in, cast, member, shown, hidden):
    user = getattr(cast, member)
    log_in(user.email)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("greeting")).to_contain_text(f"Bonjour {user.first_name}")
    nav = page.get_by_test_id("main-nav")
    for label in shown:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in hidden:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    if user.role:
        expect(page.get_by_test_id("user-menu")).to_contain_text(str(user.role.label))


def test_a_wrong_password_shows_a_french_error(page, log_in, cast):
    log_in(cast.dsi_health.email, password="pas-le-bon")
    expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_logout_returns_to_the_login_page(page, log_in, cast):
    log_in(cast.dsi_education.email)
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_five_wrong_passwords_lock_the_account(page, log_in, cast):
    for _ in range(5):
        log_in(cast.dsi_health.email, password="pas-le-bon")
    expect(page.get_by_test_id("lockout")).to_contain_text("temporairement bloqué")
    log_in(cast.dsi_health.email)
    expect(page.get_by_test_id("lockout")).to_be_visible()


def test_the_language_switch_shows_the_portal_in_english(page, log_in, cast):
    log_in(cast.secretariat.email)
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page.get_by_test_id("greeting")).to_contain_text("Hello Fatimata")
    expect(page.get_by_test_id("main-nav").get_by_role("link", name="Directory")).to_be_visible()
