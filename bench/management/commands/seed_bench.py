"""``manage.py seed_bench --scale N``: the benchmark's dataset (see bench/seeding.py).

It refuses a database that holds anything but benchmark data, and replaces the benchmark data
of a previous run. Log in with the accounts it prints (password ``bench-password-2026``).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.loading import foreign_data, require_postgresql
from bench.seeding import NAMED, PASSWORD, Seeder, Sizes


class Command(BaseCommand):
    help = "Build the benchmark dataset (scale 1: 300,000 tickets, 20,000 recommendations)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = issue 7's volumes")
        parser.add_argument("--database", default="default")

    def handle(self, *args, scale, database, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        reasons = foreign_data(database)
        if reasons:
            raise CommandError(
                "This database holds data that is not benchmark data ("
                + "; ".join(reasons)
                + "). seed_bench only runs on an empty database or one it seeded itself: create "
                "one (`createdb dsi_bench`), point DATABASE_URL at it and run `make bench-seed`."
            )
        require_postgresql("bench-seed", database)
        sizes = Sizes.at_scale(scale)
        self.stdout.write(f"Seeding at scale {scale}: {sizes}")
        started = time.monotonic()
        found = Seeder(sizes, using=database, log=self.stdout.write).run()
        self._analyze(database)
        for label, count in found.counts.items():
            self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(f"Benchmark data ready in {time.monotonic() - started:.0f} s.")
        )
        accounts = ", ".join(email for email, _role in NAMED.values())
        self.stdout.write(f"Accounts: {accounts} (password {PASSWORD})")
        self.stdout.write(
            f"Landmarks: ticket {found.long_ticket}, meeting {found.big_meeting}, "
            f"report of session {found.report_meeting}, largest ticket {found.largest_ticket}, "
            f"longest minutes: meeting {found.longest_minutes}"
        )

    def _analyze(self, database):
        """Fresh statistics and visibility maps, so the planner and index-only scans see the
        data as it will be, not as an empty table."""
        from django.db import connections

        started = time.monotonic()
        with connections[database].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"vacuum analyze: {time.monotonic() - started:.1f} s")
