"""Searching tickets: titles, descriptions, replies; internal notes for agents only.

The behaviour common to both databases runs everywhere; the French full-text search runs on
PostgreSQL (CI's production pass) and the word-by-word fallback on any database.
"""

import pytest
from django.db import connection

from helpdesk.models import Ticket
from helpdesk.search import _fallback, tickets_matching
from helpdesk.services import message_add


@pytest.fixture
def tickets(cast, make_ticket):
    """Aïcha's webmail ticket with a reply and an internal note; Boubacar's file server one."""
    webmail = make_ticket(
        "Webmail inaccessible", description="Le navigateur affiche une erreur de certificat."
    )
    message_add(actor=cast.agent, ticket=webmail, body="Pouvez-vous vider le cache du navigateur ?")
    message_add(actor=cast.dsi_health, ticket=webmail, body="Le cache est vidé, rien ne change.")
    message_add(
        actor=cast.agent,
        ticket=webmail,
        body="Certificat expiré côté passerelle : voir avec l'équipe réseau de Kossodo.",
        is_internal=True,
    )
    files = make_ticket(
        "Partage inaccessible",
        description="Les imprimantes du service comptable ne fonctionnent plus.",
        requester=cast.dsi_health,
    )
    other = make_ticket("Serveur de fichiers lent", requester=cast.dsi_education)
    return {"webmail": webmail, "files": files, "other": other}


def found(text, *, include_internal=True):
    return set(
        tickets_matching(Ticket.objects.all(), text, include_internal=include_internal)
        .values_list("title", flat=True)
        .order_by()
    )


def listed(response):
    return {t.title for t in response.context["page_obj"].object_list}


def test_search_finds_titles_descriptions_and_replies(tickets):
    assert found("serveur") == {"Serveur de fichiers lent"}
    assert found("navigateur") == {"Webmail inaccessible"}
    assert found("cache") == {"Webmail inaccessible"}


def test_a_ticket_with_several_matching_replies_is_listed_once(tickets):
    matches = tickets_matching(Ticket.objects.all(), "cache", include_internal=True)
    assert matches.count() == 1


def test_an_empty_search_keeps_every_ticket(tickets):
    assert found("   ") == set(Ticket.objects.values_list("title", flat=True))


def test_the_reference_finds_its_ticket(tickets):
    assert found(tickets["files"].reference) == {"Partage inaccessible"}
    assert found(tickets["files"].reference.lower()) == {"Partage inaccessible"}


def test_internal_notes_are_searched_for_agents_only(tickets):
    assert found("Kossodo") == {"Webmail inaccessible"}
    assert found("Kossodo", include_internal=False) == set()


def test_an_internal_note_never_makes_a_ticket_appear_for_the_dsi(login, cast, tickets):
    assert listed(login(cast.dsi_health).get("/helpdesk/?q=Kossodo")) == set()
    assert listed(login(cast.dsi_health).get("/helpdesk/?q=cache")) == {"Webmail inaccessible"}
    assert listed(login(cast.agent).get("/helpdesk/?q=Kossodo")) == {"Webmail inaccessible"}


def test_the_dsi_search_stays_within_their_structure(login, cast, tickets):
    assert listed(login(cast.dsi_health).get("/helpdesk/?q=serveur")) == set()


def test_the_fallback_wants_every_word_in_any_case(tickets):
    queryset = Ticket.objects.all()

    def titles(text, internal=True):
        return {t.title for t in _fallback(queryset, _messages(internal), text)}

    assert titles("WEBMAIL cache") == {"Webmail inaccessible"}
    assert titles("webmail imprimantes") == set()
    assert titles("inaccessible -webmail") == {"Partage inaccessible"}
    assert titles("Kossodo", internal=False) == set()


def test_an_accented_word_is_found_whatever_its_case(cast, make_ticket):
    capital = make_ticket("Échec de connexion au webmail")
    shouting = make_ticket("Portail", description="ÉCHEC À L'AUTHENTIFICATION")
    message_add(actor=cast.dsi_health, ticket=make_ticket("Lenteurs"), body="Encore un échec.")
    make_ticket("Connexion rétablie")
    assert found("échec") == {"Échec de connexion au webmail", "Portail", "Lenteurs"}
    assert found("ÉCHEC") == found("Échec") == found("échec")
    assert found("authentification") == {"Portail"}
    assert {t.title for t in _fallback(Ticket.objects.all(), _messages(True), "échec")} == {
        capital.title,
        shouting.title,
        "Lenteurs",
    }


def test_a_search_without_accents_finds_accented_words_and_back(login, cast, make_ticket):
    """Both databases: the full-text search on PostgreSQL, the fallback on SQLite."""
    make_ticket("Échec de connexion")
    message_add(actor=cast.agent, ticket=make_ticket("Portail"), body="Un ECHEC de plus.")
    make_ticket("Connexion rétablie")
    assert found("echec") == {"Échec de connexion", "Portail"}
    assert found("échec") == found("ECHEC") == found("echec")
    assert found("retablie") == {"Connexion rétablie"}
    assert found("echec -connexion") == {"Portail"}
    # The agents' queue and a DSI's list search the same way.
    assert listed(login(cast.agent).get("/helpdesk/?q=echec")) == {"Échec de connexion", "Portail"}
    assert listed(login(cast.dsi_health).get("/helpdesk/?q=echec&status=")) == {
        "Échec de connexion",
        "Portail",
    }


def test_the_fallback_folds_accents_on_either_database(cast, make_ticket):
    make_ticket("Échec de connexion")
    message_add(actor=cast.agent, ticket=make_ticket("Portail"), body="Un ECHEC de plus.")
    queryset = Ticket.objects.all()
    for text in ("echec", "Échec", "ÉCHEC"):
        titles = {t.title for t in _fallback(queryset, _messages(True), text)}
        assert titles == {"Échec de connexion", "Portail"}, text


def _messages(include_internal):
    from helpdesk.models import Message

    messages = Message.objects.order_by()
    return messages if include_internal else messages.filter(is_internal=False)


@pytest.mark.postgresql
def test_french_full_text_search_matches_word_forms(tickets):
    assert connection.vendor == "postgresql"
    # "imprimante comptables" finds "Les imprimantes du service comptable" (French stems).
    assert found("imprimante comptables") == {"Partage inaccessible"}
    assert found("serveurs") == {"Serveur de fichiers lent"}
    assert found("certificats expirés") == {"Webmail inaccessible"}
    assert found("certificats expirés", include_internal=False) == set()
    # Web-search syntax: a quoted phrase, an excluded word, "or".
    assert found('"serveur de fichiers"') == {"Serveur de fichiers lent"}
    assert found("inaccessible -webmail") == {"Partage inaccessible"}
    assert found("webmail or serveur") == {"Webmail inaccessible", "Serveur de fichiers lent"}


@pytest.mark.postgresql
def test_full_text_search_lists_a_ticket_once_and_keeps_the_scope(login, cast, tickets):
    response = login(cast.dsi_health).get("/helpdesk/?q=cache")
    assert [t.title for t in response.context["page_obj"].object_list] == ["Webmail inaccessible"]
    client = login(cast.dsi_health)
    assert listed(client.get("/helpdesk/?q=certificats")) == {"Webmail inaccessible"}
    # Only the internal note says "expiré": the DSI's search does not read it.
    assert listed(client.get("/helpdesk/?q=certificat expiré")) == set()
    assert listed(client.get("/helpdesk/?q=passerelle")) == set()
