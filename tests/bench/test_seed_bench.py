"""``manage.py seed_bench`` fills only a PostgreSQL database of its own, and ``make bench`` and
``make bench-load`` measure only a seeded PostgreSQL.

The commands are called as objects: the test settings are production's, which do not install
the ``bench`` app (tests/dsi_portal/test_settings.py runs them by name under bench.settings).
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from accounts.models import User
from bench.management.commands import bench, bench_load, seed_bench
from bench.seeding import LARGEST_TICKET_MESSAGES, NAMED, Seeder, Sizes, landmarks
from core.text import MINUTES_MAX_CHARS, TEXT_MAX_CHARS
from helpdesk.models import Ticket
from meetings.models import Invitation, Minutes, MinutesVersion


def test_seed_bench_refuses_a_database_holding_the_portals_own_users(cast):
    with pytest.raises(CommandError, match="not benchmark data"):
        call_command(seed_bench.Command(), scale=0.001)
    assert not User.objects.filter(email__endswith="@bench.invalid").exists()


def test_a_tiny_scale_still_builds_every_landmark(db):
    sizes = Sizes.at_scale(0.0001)
    found = Seeder(sizes, rebuild_indexes=False).run()
    again = landmarks()
    assert found.__dict__ == {**again.__dict__, "counts": found.counts}
    long_ticket = Ticket.objects.get(reference=found.long_ticket)
    assert long_ticket.messages.count() == sizes.long_ticket_messages
    assert Invitation.objects.filter(meeting=found.big_meeting).count() == (
        sizes.big_meeting_invitees
    )
    assert Ticket.objects.count() == sizes.tickets


def test_a_tiny_scale_still_holds_the_largest_documents_a_user_can_save(db):
    """The PDFs the benchmark times are the largest a user can write, at every scale."""
    found = Seeder(Sizes.at_scale(0.0001), rebuild_indexes=False).run()
    largest = Ticket.objects.get(reference=found.largest_ticket)
    assert largest.requester.email == NAMED["dsi"][0]
    assert len(largest.description) == TEXT_MAX_CHARS
    replies = list(largest.messages.values_list("body", "is_internal"))
    assert len(replies) == LARGEST_TICKET_MESSAGES
    assert {len(body) for body, _internal in replies} == {TEXT_MAX_CHARS}
    assert not any(internal for _body, internal in replies)
    assert "systèmes d'information" in largest.description
    body = MinutesVersion.objects.get(
        minutes__meeting=found.longest_minutes, minutes__status=Minutes.Status.PUBLISHED
    ).body
    assert len(body) == MINUTES_MAX_CHARS
    assert body.startswith("## ")
    assert "\n- " in body
    assert "\n1. " in body


@pytest.mark.parametrize(
    ("command", "target", "options"),
    [
        (bench, "bench", {}),
        (bench_load, "bench-load", {}),
        (seed_bench, "bench-seed", {"scale": 0.0001}),
    ],
)
def test_the_benchmark_says_it_needs_postgresql(db, monkeypatch, command, target, options):
    """Run on any database, CI's PostgreSQL included: the connection is made to say it is
    SQLite, as it would be on a developer's embedded default."""
    monkeypatch.setattr(type(connections["default"]), "vendor", "sqlite")
    with pytest.raises(CommandError, match=f"make {target} works on PostgreSQL only"):
        call_command(command.Command(), **options)
    assert not User.objects.exists()


@pytest.mark.postgresql
@pytest.mark.parametrize(("command", "target"), [(bench, "bench"), (bench_load, "bench-load")])
def test_the_benchmark_refuses_a_postgresql_database_it_did_not_seed(db, command, target):
    with pytest.raises(CommandError, match=f"make {target} needs the benchmark data"):
        call_command(command.Command())


@pytest.mark.postgresql
def test_a_bulk_load_writes_every_tickets_search_document(db):
    """In bulk the triggers of the search documents are off and every document is written once
    at the end (helpdesk.search.search_documents_resume), with the triggers back on."""
    from django.db import connection

    from helpdesk.search import tickets_matching
    from helpdesk.services import message_add

    found = Seeder(Sizes.at_scale(0.0001), rebuild_indexes=True).run()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM helpdesk_ticket WHERE search_document IS NULL")
        assert cursor.fetchone() == (0,)
    long_ticket = Ticket.objects.get(reference=found.long_ticket)
    assert long_ticket in tickets_matching(Ticket.objects.all(), "relancer", include_internal=True)
    message_add(actor=long_ticket.assignee, ticket=long_ticket, body="Rappel à Kaya.")
    assert list(tickets_matching(Ticket.objects.all(), "Kaya", include_internal=False)) == [
        long_ticket
    ]
