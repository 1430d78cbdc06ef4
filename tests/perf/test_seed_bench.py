"""``manage.py seed_bench`` fills only a database of its own, and ``make bench`` measures only
PostgreSQL."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from dsi_portal.bench.seeding import Seeder, Sizes, landmarks
from helpdesk.models import Ticket
from meetings.models import Invitation


def test_seed_bench_refuses_a_database_holding_the_portals_own_users(cast):
    with pytest.raises(CommandError, match="not benchmark data"):
        call_command("seed_bench", scale=0.001)
    assert not User.objects.filter(email__endswith="@bench.invalid").exists()


def test_a_tiny_scale_still_builds_every_landmark(db):
    sizes = Sizes.at_scale(0.0001)
    found = Seeder(sizes, rebuild_indexes=False).run()
    again = landmarks()
    assert (found.long_ticket, found.big_meeting, found.report_meeting) == (
        again.long_ticket,
        again.big_meeting,
        again.report_meeting,
    )
    long_ticket = Ticket.objects.get(reference=found.long_ticket)
    assert long_ticket.messages.count() == sizes.long_ticket_messages
    assert Invitation.objects.filter(meeting=found.big_meeting).count() == (
        sizes.big_meeting_invitees
    )
    assert Ticket.objects.count() == sizes.tickets


@pytest.mark.parametrize("command", ["bench", "bench_load"])
def test_bench_says_it_needs_postgresql(db, monkeypatch, command):
    """Run on any database, CI's PostgreSQL included: the connection is made to say it is
    SQLite, as it would be on a developer's embedded default."""
    monkeypatch.setattr(type(connection), "vendor", "sqlite", raising=False)
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command(command)
