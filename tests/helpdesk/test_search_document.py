"""The search reads one document per ticket (issue 18): a reply's words find its ticket as soon
as it is posted, a merge carries them over, every word may come from any part of the ticket,
and a page of results costs the same few queries however many tickets match.

PostgreSQL keeps the document with triggers (migration 0015); SQLite's fallback reads the
messages itself. The stories run on both; the triggers' own checks on PostgreSQL only.
"""

from datetime import timedelta

import pytest
from django.db import connection

from helpdesk.models import Message, Priority, Ticket
from helpdesk.search import search_documents_rebuild, tickets_matching
from helpdesk.services import message_add, ticket_merge
from helpdesk.views import _pagination
from helpdesk.views import queue as queue_views
from helpdesk.views._pagination import CappedPaginator


def listed(response):
    assert response.status_code == 200
    return [t.title for t in response.context["page_obj"].object_list]


def found(text, *, include_internal=True):
    matching = tickets_matching(Ticket.objects.all(), text, include_internal=include_internal)
    return set(matching.values_list("title", flat=True).order_by())


def test_a_reply_finds_its_ticket_as_soon_as_it_is_posted(login, cast, make_ticket):
    make_ticket("Portail lent", description="Les pages mettent une minute à s'afficher.")
    agent, dsi = login(cast.agent), cast.dsi_health
    assert listed(agent.get("/helpdesk/?q=Tampouy")) == []
    ticket = Ticket.objects.get(title="Portail lent")
    message_add(actor=cast.agent, ticket=ticket, body="Le relais de Tampouy est tombé en panne.")
    assert listed(agent.get("/helpdesk/?q=Tampouy")) == ["Portail lent"]
    assert listed(login(dsi).get("/helpdesk/?q=tampouy")) == ["Portail lent"]


def test_an_internal_note_neither_finds_nor_hides_a_ticket_for_the_dsi(login, cast, make_ticket):
    ticket = make_ticket("Imprimante bloquée", description="Bourrage papier au secrétariat.")
    message_add(
        actor=cast.agent, ticket=ticket, body="Fournisseur Sikasso relancé.", is_internal=True
    )
    dsi = login(cast.dsi_health)
    assert listed(dsi.get("/helpdesk/?q=Sikasso")) == []
    # Excluding a word that only the note holds must not hide the ticket either: that would
    # tell the DSI what the note says.
    assert listed(dsi.get("/helpdesk/?q=bourrage -Sikasso")) == ["Imprimante bloquée"]
    agent = login(cast.agent)
    assert listed(agent.get("/helpdesk/?q=Sikasso")) == ["Imprimante bloquée"]
    assert listed(agent.get("/helpdesk/?q=bourrage -Sikasso")) == []


def test_every_word_may_come_from_any_part_of_the_ticket(cast, make_ticket):
    ticket = make_ticket("Webmail inaccessible", description="Erreur de certificat.")
    message_add(actor=cast.dsi_health, ticket=ticket, body="Le cache est vidé, sans effet.")
    make_ticket("Webmail lent", description="Chargement interminable.")
    assert found("webmail cache") == {"Webmail inaccessible"}
    assert found("certificat vidé") == {"Webmail inaccessible"}
    assert found("webmail -cache") == {"Webmail lent"}


def test_a_merge_carries_the_replies_words_to_the_ticket_kept(cast, make_ticket):
    kept = make_ticket("Messagerie coupée")
    duplicate = make_ticket("Messagerie coupée (doublon)", description="Même panne.")
    message_add(actor=cast.dsi_health, ticket=duplicate, body="Coupure constatée à Dassasgho.")
    assert found("Dassasgho") == {"Messagerie coupée (doublon)"}
    ticket_merge(actor=cast.agent, duplicate=duplicate, into=kept)
    assert found("Dassasgho") == {"Messagerie coupée"}
    assert found("Dassasgho", include_internal=False) == {"Messagerie coupée"}


def test_the_dsi_finds_only_their_structures_tickets(login, cast, make_ticket):
    make_ticket("Serveur de fichiers lent", requester=cast.dsi_education)
    make_ticket("Serveur de messagerie lent")
    dsi = login(cast.dsi_health)
    assert listed(dsi.get("/helpdesk/?q=serveur&status=")) == ["Serveur de messagerie lent"]
    other = Ticket.objects.get(title="Serveur de fichiers lent").reference
    assert listed(dsi.get(f"/helpdesk/?q={other}&status=")) == []


def test_results_keep_the_lists_order(login, cast, make_ticket, still_clock):
    for title in ("Imprimante A", "Imprimante B", "Imprimante C"):
        make_ticket(title)
        still_clock.shift(timedelta(minutes=5))
    agent = login(cast.agent)
    assert listed(agent.get("/helpdesk/?q=imprimante")) == [
        "Imprimante C",
        "Imprimante B",
        "Imprimante A",
    ]
    assert listed(agent.get("/helpdesk/?q=imprimante&sort=created"))[0] == "Imprimante A"


def test_the_count_of_a_search_stops_at_the_cap(login, cast, make_ticket, monkeypatch):
    monkeypatch.setattr(
        queue_views,
        "CappedPaginator",
        lambda rows, size, **known: CappedPaginator(rows, size, cap=2, **known),
    )
    for n in range(3):
        make_ticket(f"Imprimante {n}")
    make_ticket("Scanner")
    response = login(cast.agent).get("/helpdesk/?q=imprimante")
    paginator = response.context["page_obj"].paginator
    assert (paginator.count, paginator.is_capped) == (2, True)
    assert "Plus de 2 demandes" in response.content.decode()
    dsi = login(cast.dsi_health).get("/helpdesk/?q=imprimante")
    assert dsi.context["page_obj"].paginator.is_capped


def test_a_search_is_counted_up_to_its_own_cap(login, cast, make_ticket, monkeypatch):
    """A searched list counts its matches up to SEARCH_COUNT_CAP (each match's document is
    read), an unsearched one up to COUNT_CAP."""
    monkeypatch.setattr(_pagination, "SEARCH_COUNT_CAP", 3)
    for n in range(4):
        make_ticket(f"Imprimante {n}")
    agent = login(cast.agent)
    searched = agent.get("/helpdesk/?q=imprimante&status=").context["page_obj"].paginator
    assert (searched.count, searched.is_capped) == (3, True)
    listed_all = agent.get("/helpdesk/?status=").context["page_obj"].paginator
    assert (listed_all.count, listed_all.is_capped) == (4, False)


@pytest.mark.parametrize("sort", ["priority", "due", "-created", "created", "reference"])
def test_the_few_matches_of_a_search_are_paged_in_the_lists_order(
    login, cast, make_ticket, still_clock, monkeypatch, sort
):
    """Below the cap the page is taken among the matches' ids: the same rows, in the same order
    and on the same pages, as the list unsearched (every ticket here matches)."""
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 2)
    priorities = list(Priority.objects.order_by("rank"))
    for n in range(5):
        ticket = make_ticket(f"Imprimante {n}")
        Ticket.objects.filter(pk=ticket.pk).update(priority=priorities[n % len(priorities)])
        still_clock.shift(timedelta(minutes=5))
    agent = login(cast.agent)
    for page in (1, 2, 3):
        searched = agent.get(f"/helpdesk/?q=imprimante&status=&sort={sort}&page={page}")
        unsearched = agent.get(f"/helpdesk/?status=&sort={sort}&page={page}")
        assert not searched.context["page_obj"].paginator.is_capped
        assert listed(searched) == listed(unsearched), (sort, page)
        assert listed(searched)


SEARCHES = [
    "imprimante",
    "Sikasso",
    '"imprimante bloquée"',
    "imprimante -bourrage",
    "HD-2022-00001",
    "imprimante&status=&sort=-updated",
]


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("member", ["agent", "dsi_health"])
def test_a_search_costs_the_same_queries_for_few_or_many_matches(
    login, cast, make_ticket, django_assert_max_num_queries, search, member
):
    def queries(tickets):
        for n in range(tickets):
            ticket = make_ticket(f"Imprimante bloquée {n}", description="Bourrage papier.")
            message_add(actor=cast.agent, ticket=ticket, body="Sikasso.", is_internal=True)
            message_add(actor=cast.dsi_health, ticket=ticket, body="Toujours bloquée.")
        client = login(getattr(cast, member))
        client.get(f"/helpdesk/?q={search}")  # the session and the figures' cache, once
        with django_assert_max_num_queries(15) as captured:
            client.get(f"/helpdesk/?q={search}")
        return len(captured)

    few = queries(2)
    assert queries(12) == few


@pytest.mark.postgresql
def test_the_search_reads_the_tickets_document_only(cast, make_ticket):
    assert connection.vendor == "postgresql"
    sql = str(tickets_matching(Ticket.objects.all(), "imprimante", include_internal=False).query)
    assert "search_document" in sql
    assert "helpdesk_message" not in sql


def _documents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_document::text FROM helpdesk_ticket ORDER BY id")
        return cursor.fetchall()


@pytest.mark.postgresql
def test_the_triggers_keep_the_document_a_rebuild_would_write(cast, make_ticket):
    """Appended message by message, changed, moved or deleted: the same document as the
    rebuild of the migration and of the benchmark's seeding."""
    first = make_ticket("Imprimante bloquée", description="Bourrage papier.")
    second = make_ticket("Messagerie coupée")
    message_add(actor=cast.dsi_health, ticket=first, body="Toujours bloquée ce matin.")
    message_add(actor=cast.agent, ticket=first, body="Pièce commandée à Bobo.", is_internal=True)
    message_add(actor=cast.agent, ticket=second, body="Relais de Tampouy tombé.")
    Ticket.objects.filter(pk=second.pk).update(description="Plus de courriel depuis lundi.")
    Message.objects.filter(body__startswith="Toujours").update(body="Débloquée à midi.")
    Message.objects.filter(body__startswith="Relais").update(ticket=first)
    kept = _documents()
    assert "'tampouy':" in dict(kept)[first.pk]
    assert "'debloque':" in dict(kept)[first.pk]
    assert "'matin':" not in dict(kept)[first.pk]
    assert "'courriel':" in dict(kept)[second.pk]
    search_documents_rebuild("default")
    assert _documents() == kept
    Message.objects.filter(body__startswith="Relais").delete()
    assert "tampouy" not in dict(_documents())[first.pk]


@pytest.mark.postgresql
def test_a_reply_that_would_overfill_the_document_is_still_posted(cast, make_ticket):
    """A tsvector holds at most 1 MB: beyond it, the reply is saved and the document keeps
    what it had."""
    ticket = make_ticket("Rapport d'incident")
    for k in range(80):
        words = " ".join(f"m{k}x{n}q" for n in range(2000))
        message_add(actor=cast.agent, ticket=ticket, body=words)
    message_add(actor=cast.agent, ticket=ticket, body="Conclusion à Koudougou.")
    assert ticket.messages.count() == 81
    assert found("rapport incident") == {"Rapport d'incident"}
