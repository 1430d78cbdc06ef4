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
from bench.seeding import Seeder, Sizes, landmarks
from helpdesk.models import Ticket
from meetings.models import Invitation


def test_seed_bench_refuses_a_database_holding_the_portals_own_users(cast):
    with pytest.raises(CommandError, match="not benchmark data"):
        call_command(seed_bench.Command(), scale=0.001)
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
