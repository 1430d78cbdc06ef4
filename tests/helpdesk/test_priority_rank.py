"""The queue sorted by priority reads the rank on the ticket's row (issue 18):
``Ticket.priority_rank``, kept equal to its priority's rank by the triggers of migration
``helpdesk/0019``, whoever writes: a service's save, ``QuerySet.update``, ``bulk_create``, raw
SQL, or the Secretariat's admin renumbering the priorities. The stories run on both databases
(each has its own triggers).

Aïcha files tickets as "Normale" (rank 3); Karim triages some as "Critique" (rank 1).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from helpdesk.models import Priority, Status, Ticket
from helpdesk.services import ticket_transition, ticket_triage


@pytest.fixture
def critical(db):
    return Priority.objects.get_or_create(
        name="Critique", defaults={"rank": 1, "response_hours": 1, "resolution_hours": 4}
    )[0]


@pytest.fixture
def low(db):
    return Priority.objects.get_or_create(
        name="Basse", defaults={"rank": 4, "response_hours": 8, "resolution_hours": 72}
    )[0]


def rank_of(ticket):
    """What the database holds: the instance's own value is not kept up to date."""
    return Ticket.objects.values_list("priority_rank", flat=True).get(pk=ticket.pk)


def copy_of(ticket, number, **fields):
    """A ticket like ``ticket`` with its own reference, for bulk_create."""
    values = {
        "reference": f"HD-2099-{number:05d}",
        "title": ticket.title,
        "description": ticket.description,
        "requester_id": ticket.requester_id,
        "structure_id": ticket.structure_id,
        "category_id": ticket.category_id,
        "priority_id": ticket.priority_id,
        "response_due_at": ticket.response_due_at,
        "resolution_due_at": ticket.resolution_due_at,
    }
    return Ticket(**{**values, **fields})


def listed(response):
    assert response.status_code == 200
    return [ticket.title for ticket in response.context["page_obj"].object_list]


# --- the rank follows the priority ----------------------------------------------------------


def test_a_new_ticket_holds_its_prioritys_rank(make_ticket, normal, critical):
    assert rank_of(make_ticket("Webmail inaccessible")) == normal.rank == 3
    assert rank_of(make_ticket("Serveur arrêté", priority=critical)) == 1


def test_a_triage_gives_the_new_prioritys_rank(make_ticket, cast, critical):
    ticket = make_ticket("Webmail inaccessible")
    ticket_triage(actor=cast.agent, ticket=ticket, priority=critical)
    assert rank_of(ticket) == 1


def test_an_update_of_the_priority_gives_its_rank(make_ticket, normal, critical, low):
    first, second = make_ticket("Premier"), make_ticket("Second")
    Ticket.objects.filter(pk=first.pk).update(priority=critical)
    assert (rank_of(first), rank_of(second)) == (1, 3)
    Ticket.objects.update(priority=low)
    assert (rank_of(first), rank_of(second)) == (4, 4)


def test_tickets_created_in_bulk_hold_their_ranks(make_ticket, critical, low):
    model = make_ticket("Webmail inaccessible")
    Ticket.objects.bulk_create(
        [
            copy_of(model, 1, priority_id=critical.pk),
            copy_of(model, 2, priority_id=low.pk),
            # A wrong rank given by the writer is not kept.
            copy_of(model, 3, priority_id=critical.pk, priority_rank=9),
        ]
    )
    ranks = dict(
        Ticket.objects.filter(reference__startswith="HD-2099-").values_list(
            "reference", "priority_rank"
        )
    )
    assert ranks == {"HD-2099-00001": 1, "HD-2099-00002": 4, "HD-2099-00003": 1}


def test_a_prioritys_new_rank_reaches_its_tickets_only(make_ticket, normal, critical):
    ordinary = make_ticket("Imprimante")
    urgent = make_ticket("Serveur arrêté", priority=critical)
    normal.rank = 2
    normal.save()
    assert (rank_of(ordinary), rank_of(urgent)) == (2, 1)
    Priority.objects.filter(pk=critical.pk).update(rank=5)
    assert (rank_of(ordinary), rank_of(urgent)) == (2, 5)


def test_a_stale_instance_saved_back_does_not_undo_the_rank(make_ticket, cast, normal):
    """The agent's page loaded the ticket before the priorities were renumbered; its save
    writes every column, the old rank among them."""
    ticket = make_ticket("Webmail inaccessible")
    loaded = Ticket.objects.get(pk=ticket.pk)
    Priority.objects.filter(pk=normal.pk).update(rank=6)
    assert loaded.priority_rank == 3
    loaded.title = "Webmail inaccessible depuis ce matin"
    loaded.save()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)
    assert rank_of(ticket) == 6


def test_raw_sql_is_put_right_too(make_ticket, critical):
    ticket = make_ticket("Webmail inaccessible")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE helpdesk_ticket SET priority_rank = 9 WHERE id = %s", [ticket.pk])
        assert rank_of(ticket) == 3
        cursor.execute(
            "UPDATE helpdesk_ticket SET priority_id = %s WHERE id = %s", [critical.pk, ticket.pk]
        )
    assert rank_of(ticket) == 1


# --- the queue sorted by priority ------------------------------------------------------------


def test_the_queue_by_priority_lists_by_rank_then_due_date(login, cast, make_ticket, critical, low):
    """Every status, the resolved among them; then the priorities renumbered in the admin."""
    now = timezone.now()
    due = {
        "Normale tôt": (None, 1),
        "Normale tard": (None, 9),
        "Critique tard": (critical, 8),
        "Critique tôt, résolue": (critical, 2),
        "Basse tôt": (low, 0),
    }
    for title, (priority, hours) in due.items():
        ticket = make_ticket(title, **({"priority": priority} if priority else {}))
        Ticket.objects.filter(pk=ticket.pk).update(resolution_due_at=now + timedelta(hours=hours))
    resolved = Ticket.objects.get(title="Critique tôt, résolue")
    ticket_transition(actor=cast.agent, ticket=resolved, status=Status.IN_PROGRESS)
    ticket_transition(actor=cast.agent, ticket=resolved, status=Status.RESOLVED)
    agent = login(cast.agent)
    assert listed(agent.get("/helpdesk/?status=&sort=priority")) == [
        "Critique tôt, résolue",
        "Critique tard",
        "Normale tôt",
        "Normale tard",
        "Basse tôt",
    ]
    assert listed(agent.get("/helpdesk/?sort=priority")) == [
        "Critique tard",
        "Normale tôt",
        "Normale tard",
        "Basse tôt",
    ]
    low.rank = 0
    low.save()
    assert listed(agent.get("/helpdesk/?sort=priority"))[0] == "Basse tôt"
