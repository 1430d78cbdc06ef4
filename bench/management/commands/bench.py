"""``manage.py bench`` (``make bench``): queries and server time of the pages users hit (issues 7
and 18), each as a multiple of the floor view's time, the size of each page's HTML against its
budget (issue 17), and each page's three slowest SQL statements with their plans.

PostgreSQL only, on a database seeded by ``seed_bench``. Prints a table and writes it as JSON.
"""

import json
import os
import platform
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from bench.loading import require_seeded_postgresql
from bench.measure import FIRST_COMPUTATION, WORKER_DOWN, measure
from bench.pages import FLOOR, MAX_QUERIES, bench_pages
from helpdesk.models import Message, Ticket
from recommendations.models import Recommendation


class Command(BaseCommand):
    help = (
        "Measure queries, server time and HTML size of the benchmark pages "
        "(PostgreSQL, seed_bench data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
        parser.add_argument("--output", help="JSON file (default: var/bench/bench-<time>.json)")
        parser.add_argument("--only", help="only the pages whose name contains this text")

    def handle(self, *args, runs, output, only, **options):
        require_seeded_postgresql("bench")
        # Pages are rendered as in production, with the hashed static file names.
        call_command("collectstatic", interactive=False, verbosity=0)
        results = []
        floor_ms = None
        for page in bench_pages():
            # The floor is always measured: every page's time is given as a multiple of it.
            if only and only not in page.name and page.name != FLOOR:
                continue
            states = [None, WORKER_DOWN, FIRST_COMPUTATION] if page.cached else [None]
            for state in states:
                result = measure(page, runs=runs, state=state)
                if page.name == FLOOR:
                    floor_ms = result.p95_ms
                if floor_ms:
                    result.floor_ratio = round(result.p95_ms / floor_ms, 1)
                results.append(result)
                self._row(result)
        report = {"machine": self._machine(), "results": [r.as_dict() for r in results]}
        path = Path(output) if output else self._default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        plans = path.with_suffix(".plans.txt")
        plans.write_text(self._plans(results))
        missed = [f"{r.page} ({', '.join(r.missed)})" for r in results if r.missed]
        self.stdout.write(f"\nJSON written to {path}, the plans of the slowest SQL to {plans}")
        if missed:
            self.stdout.write(self.style.WARNING("Targets missed: " + "; ".join(missed)))
        else:
            self.stdout.write(self.style.SUCCESS("Every page meets its targets."))

    def _row(self, result):
        if not getattr(self, "_header", False):
            self._header = True
            self.stdout.write(
                f"{'page':<44} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8} "
                f"{'target':>7} {'× floor':>7} {'KB':>7} {'max KB':>6}  ok"
            )
        flag = "yes" if result.meets_targets else "NO"
        budget = "—" if result.max_html_kb is None else result.max_html_kb
        ratio = "—" if result.floor_ratio is None else f"{result.floor_ratio:.1f}"
        self.stdout.write(
            f"{result.page:<44} {result.status:>6} {result.queries:>7} "
            f"{result.median_ms:>10.1f} {result.p95_ms:>8.1f} {result.target_ms:>7} "
            f"{ratio:>7} {result.body_kb:>7.1f} {budget:>6}  {flag}"
        )
        for query in result.top_sql:
            sql = " ".join(query["sql"].split())
            self.stdout.write(f"    {query['ms']:>7.1f} ms  {sql[:110]}")

    def _plans(self, results):
        """Each page's slowest statements in full, with PostgreSQL's plan of each."""
        parts = []
        for result in results:
            parts.append(f"=== {result.page} ({result.url}): p95 {result.p95_ms} ms\n")
            for query in result.top_sql:
                parts.append(f"--- {query['ms']} ms\n{query['sql']}\n\n{query['plan']}\n")
        return "\n".join(parts)

    def _default_path(self):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return Path(settings.VAR_DIR) / "bench" / f"bench-{stamp}.json"

    def _machine(self):
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return {
            "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
            "postgresql": version,
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "debug": settings.DEBUG,
            "max_queries": MAX_QUERIES,
            "tickets": Ticket.objects.count(),
            "messages": Message.objects.count(),
            "recommendations": Recommendation.objects.count(),
        }
