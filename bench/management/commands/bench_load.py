"""``manage.py bench_load`` (``make bench-load``): the portal under load, gunicorn driven by wrk.

PostgreSQL and seed_bench data, like ``manage.py bench``; wrk must be installed
(Debian: ``apt-get install wrk``). Prints a table and writes it as JSON.
"""

import json
import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bench import load
from bench.loading import require_seeded_postgresql


class Command(BaseCommand):
    help = "Throughput and latency under load: gunicorn serving, wrk driving, on loopback."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=20, help="seconds per page")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--output", help="JSON file (default: var/bench/load-<time>.json)")

    def handle(self, *args, duration, connections, workers, port, output, **options):
        require_seeded_postgresql("bench-load")
        if not load.wrk_binary():
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        call_command("collectstatic", interactive=False, verbosity=0)
        results = load.run(
            port=port,
            workers=workers,
            duration=duration,
            connections=connections,
            log=self.stdout.write,
        )
        self.stdout.write(
            f"\n{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>6} {'vs minimal':>10} {'vs floor':>9}"
        )
        for r in results:
            self.stdout.write(
                f"{r['name']:<26} {r['requests_per_second']:>8.1f} {r['p50_ms']:>8.1f} "
                f"{r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>6} "
                f"{r['share_of_minimal']:>10.1%} {r['share_of_floor']:>9.1%}"
            )
        report = {
            "machine": {
                "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "gunicorn_workers": workers,
                "wrk_connections": connections,
                "seconds_per_page": duration,
                "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            },
            "results": results,
        }
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(output) if output else Path(settings.VAR_DIR) / "bench" / f"load-{stamp}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(f"\nJSON written to {path}")
