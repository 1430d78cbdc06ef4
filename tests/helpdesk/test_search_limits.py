"""Searching tickets accepts any input (issue 13): thousands of words, control characters and
100 kB answer a page, never a 500, on SQLite as on PostgreSQL.

The search keeps its first 10 words and at most 200 characters and the page says so; the
tickets that match those first words are still found, for Aïcha (DSI) as for Karim (agent).
"""

import pytest

from helpdesk.models import Ticket
from helpdesk.search import tickets_matching
from helpdesk.services import message_add

WORDS_NOTICE = "Votre recherche a été raccourcie à ses 10 premiers mots"
CHARACTERS_NOTICE = "Votre recherche a été raccourcie à 200 caractères"
CONTROLS_NOTICE = "Des caractères invisibles (caractères de contrôle) de votre recherche"
# The first ten words all appear in the webmail ticket; the words after them appear nowhere.
# Were they searched, nothing would be found: finding the ticket proves the cut.
FIRST_WORDS = ["webmail", "inaccessible"] + ["navigateur"] * 8
FIVE_THOUSAND_WORDS = " ".join(FIRST_WORDS + ["introuvable"] * 4990)
CONTROLS = "\x00webmail\x01\x07inaccessible\x1b\x7f\x85navigateur\x00"
CONTROLS_IN_THOUSANDS_OF_WORDS = "\x00".join(FIRST_WORDS + ["\x1bintrouvable\x7f"] * 4990)
HUNDRED_KILOBYTES = "webmail inaccessible " + "x" * 100_000
# (what is typed, what is searched, the notice saying which cap cut it if any, and whether the
# page says that controls were ignored)
SEARCHES = {
    "5000 words": (FIVE_THOUSAND_WORDS, " ".join(FIRST_WORDS), WORDS_NOTICE, False),
    "control characters": (CONTROLS, "webmail inaccessible navigateur", None, True),
    "control characters in 5000 words": (
        CONTROLS_IN_THOUSANDS_OF_WORDS,
        " ".join(FIRST_WORDS),
        WORDS_NOTICE,
        True,
    ),
    "100 kB": (HUNDRED_KILOBYTES, "webmail inaccessible", CHARACTERS_NOTICE, False),
}


@pytest.fixture
def tickets(cast, make_ticket):
    """Aïcha's webmail ticket (with the agent's reply) and file share ticket; Boubacar's."""
    webmail = make_ticket(
        "Webmail inaccessible", description="Le navigateur affiche une erreur de certificat."
    )
    message_add(actor=cast.agent, ticket=webmail, body="Pouvez-vous vider le cache du navigateur ?")
    files = make_ticket("Partage inaccessible", description="Le partage ne répond plus.")
    other = make_ticket(
        "Webmail inaccessible au rectorat",
        description="Le navigateur refuse la connexion.",
        requester=cast.dsi_education,
    )
    return {"webmail": webmail, "files": files, "other": other}


def listed(response):
    return {t.reference for t in response.context["page_obj"].object_list}


@pytest.mark.parametrize("member", ["dsi_health", "agent"])
@pytest.mark.parametrize("case", SEARCHES, ids=list(SEARCHES))
def test_any_search_answers_the_list_of_what_its_first_words_find(
    login, cast, tickets, member, case
):
    typed, searched, cut, controls = SEARCHES[case]
    response = login(getattr(cast, member)).get("/helpdesk/", {"q": typed})

    assert response.status_code == 200
    page = response.content.decode()
    for notice in (WORDS_NOTICE, CHARACTERS_NOTICE):
        assert (notice in page) is (notice == cut)
    assert (CONTROLS_NOTICE in page) is controls
    assert response.context["filter"].form["q"].value() == searched
    expected = {tickets["webmail"].reference}
    if member == "agent":  # the agent's queue holds Education's tickets too
        expected.add(tickets["other"].reference)
    assert listed(response) == expected


@pytest.mark.parametrize("member", ["dsi_health", "agent"])
def test_a_search_of_100_kilobytes_in_one_word_answers_an_empty_list(login, cast, tickets, member):
    response = login(getattr(cast, member)).get("/helpdesk/", {"q": "webmail" * 15_000})

    assert response.status_code == 200
    assert CHARACTERS_NOTICE in response.content.decode()
    assert listed(response) == set()


@pytest.mark.parametrize("member", ["dsi_health", "agent"])
def test_a_reference_wrapped_in_control_characters_still_finds_its_ticket(
    login, cast, tickets, member
):
    reference = tickets["files"].reference
    response = login(getattr(cast, member)).get("/helpdesk/", {"q": f"\x00{reference}\x1b\x7f"})

    assert response.status_code == 200
    assert listed(response) == {reference}


def test_a_search_made_outside_the_search_box_is_cut_the_same_way(tickets):
    """tickets_matching() applies the rule itself: a caller that skips the box cannot send the
    database thousands of words or a NUL."""
    found = tickets_matching(Ticket.objects.all(), FIVE_THOUSAND_WORDS, include_internal=True)
    assert set(found.values_list("reference", flat=True)) == {
        tickets["webmail"].reference,
        tickets["other"].reference,
    }
    with_nul = tickets_matching(Ticket.objects.all(), CONTROLS, include_internal=False)
    assert with_nul.count() == 2
