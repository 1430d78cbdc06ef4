from pathlib import Path

import polib
import pytest
from django.conf import settings

from core.catalogues import catalogue_sources, compiled_bytes

LOCALE = Path(settings.LOCALE_PATHS[0])


def test_the_portal_speaks_french_even_to_an_english_browser(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Connexion" in response.content.decode()


def test_the_language_switch_turns_the_portal_to_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page
    assert '<html lang="en">' in page
    client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})
    assert "Connexion" in client.get("/accounts/login/").content.decode()


def test_the_english_catalogue_is_complete():
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", catalogue_sources(LOCALE), ids=lambda p: p.parts[-3])
def test_the_committed_compiled_catalogues_match_their_sources(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run `make messages` to compile the catalogues"
    assert mo_path.read_bytes() == compiled_bytes(po_path), "run `make messages`"


def test_french_says_zero_in_the_singular(client, db):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("fr"):
        text = ngettext("%(count)d personne invitée.", "%(count)d personnes invitées.", 0)
    assert text == "%(count)d personne invitée."
