"""Every list reads a search the same way, word by word (core.search.text_condition), and finds
the same rows on SQLite and on PostgreSQL: CI runs this file on both, with the same expectations.

Capitals with accents ("KABORÉ") find Aïcha although SQLite folds the case of ASCII letters only;
her full name finds her although her first and last names are two fields; "or" joins two
alternatives, as PostgreSQL's web search syntax does in the helpdesk.
"""

import pytest

from helpdesk.models import Ticket
from helpdesk.search import tickets_matching
from meetings.models import Meeting
from tests.conftest import at

DIRECTORY = {
    "KABORÉ": {"Kaboré"},
    "kaboré": {"Kaboré"},
    "Aïcha Kaboré": {"Kaboré"},
    "AÏCHA KABORÉ": {"Kaboré"},
    "Kaboré Aïcha": {"Kaboré"},
    "Aïcha Ilboudo": set(),
    "kaboré or ilboudo": {"Kaboré", "Ilboudo"},
    "-kaboré ministère": set(),
    "santé -kaboré": set(),
}
MEETINGS = {
    "ÉTAT": {"Atelier de suivi"},
    "atelier JANVIER": {"Atelier de suivi"},
    "atelier or conférence": {"Atelier de suivi", "1ère rencontre 2022 entre le MTDPCE et les DSI"},
    "salle -conférence": {"Atelier de suivi"},
}
RECOMMENDATIONS = {
    "MESSAGERIE": {"Généraliser la messagerie professionnelle"},
    "GÉNÉRALISER messagerie": {"Généraliser la messagerie professionnelle"},
    "messagerie or serveur": {
        "Généraliser la messagerie professionnelle",
        "Mettre en place un serveur de fichiers partagé",
    },
}
TICKETS = {
    "ÉCHEC": {"Échec de connexion au webmail"},
    "échec WEBMAIL": {"Échec de connexion au webmail"},
    "webmail or imprimante": {"Échec de connexion au webmail", "Imprimante hors service"},
    # As in PostgreSQL's web search, "or" separates groups of words: (webmail, not échec) or
    # imprimante.
    "webmail -échec or imprimante": {"Imprimante hors service"},
    "webmail or imprimante -échec": {"Échec de connexion au webmail", "Imprimante hors service"},
    "webmail or imprimante -bourrage": {"Échec de connexion au webmail"},
    "échec imprimante": set(),
    "« échec de connexion »": {"Échec de connexion au webmail"},
    "“Échec” -« imprimante »": {"Échec de connexion au webmail"},
    "l’imprimante": {"Imprimante hors service"},
}


def listed(login, member, path, text):
    response = login(member).get(path, {"q": text})
    assert response.status_code == 200
    return response.context["page_obj"].object_list


@pytest.mark.parametrize("text", DIRECTORY)
def test_the_directory_finds_the_same_people_on_every_database(login, cast, text):
    people = listed(login, cast.secretariat, "/accounts/directory/", text)
    assert {person.last_name for person in people} == DIRECTORY[text]


@pytest.mark.parametrize("text", MEETINGS)
def test_the_meetings_list_finds_the_same_meetings_on_every_database(
    login, cast, january_session, text
):
    Meeting.objects.create(
        title="Atelier de suivi",
        description="Revue de l'état des recommandations de janvier",
        starts_at=at(2022, 3, 10, 9),
        ends_at=at(2022, 3, 10, 12),
        venue="Salle de réunion de l'ANPTIC",
        created_by=cast.secretariat,
    )
    meetings = listed(login, cast.secretariat, "/meetings/", text)
    assert {meeting.title for meeting in meetings} == MEETINGS[text]


@pytest.mark.parametrize("text", RECOMMENDATIONS)
def test_the_recommendations_list_finds_the_same_ones_on_every_database(
    login, cast, make_recommendation, text
):
    make_recommendation()
    make_recommendation("Mettre en place un serveur de fichiers partagé")
    found = listed(login, cast.dsi_health, "/recommendations/", text)
    assert {recommendation.text for recommendation in found} == RECOMMENDATIONS[text]


@pytest.mark.parametrize("text", TICKETS)
def test_the_helpdesk_finds_the_same_tickets_on_every_database(cast, make_ticket, text):
    make_ticket("Échec de connexion au webmail", description="Le certificat a expiré.")
    make_ticket("Imprimante hors service", description="Le bourrage revient chaque matin.")
    make_ticket("Serveur de fichiers lent", description="Les copies prennent une heure.")
    found = tickets_matching(Ticket.objects.all(), text, include_internal=True)
    assert {ticket.title for ticket in found} == TICKETS[text]
