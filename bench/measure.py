"""Timing the benchmark's pages in-process: the full middleware stack through Django's test
client, against the database in DATABASE_URL, with no network in between."""

import math
import statistics
import time
from dataclasses import asdict, dataclass, field

from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.cache import forget_figures

from .pages import MAX_QUERIES, bench_user

BACKEND = "accounts.backends.EmailBackend"


@dataclass
class Result:
    page: str
    url: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    target_ms: int
    runs: int
    cache: str  # "none", "warm", WORKER_DOWN or FIRST_COMPUTATION
    body_kb: float  # the response body of the first timed request, in KB of 1,024 bytes
    max_html_kb: int | None  # None: a document, whose size has no budget
    # The slowest SQL of the first timed request, slowest first: {"ms", "sql", "plan"}.
    top_sql: list = field(default_factory=list)
    floor_ratio: float | None = None  # p95 as a multiple of the floor view's p95

    @property
    def missed(self):
        """The targets the page misses, in words; empty when it meets them all."""
        missed = []
        if self.status != 200:
            missed.append(f"status {self.status}")
        if self.queries > MAX_QUERIES:
            missed.append(f"{self.queries} queries")
        if self.p95_ms > self.target_ms:
            missed.append(f"p95 {self.p95_ms:.0f} ms > {self.target_ms} ms")
        if self.max_html_kb is not None and self.body_kb > self.max_html_kb:
            missed.append(f"HTML {self.body_kb:.0f} KB > {self.max_html_kb} KB")
        return missed

    @property
    def meets_targets(self):
        return not self.missed

    def as_dict(self):
        return {**asdict(self), "meets_targets": self.meets_targets, "missed": self.missed}


def percentile(values, share):
    """Nearest-rank percentile: the smallest value at or above ``share`` of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def client_for(page, using="default"):
    # HTTPS and a host the settings allow: production settings redirect plain HTTP.
    client = Client(HTTP_HOST="127.0.0.1")
    if page.user:
        client.force_login(bench_user(page.user, using), backend=BACKEND)
    return client


def fetch(client, page):
    response = client.get(page.url, secure=True)
    if response.streaming:
        # A streamed body is produced while it is read: read it inside the timing.
        response.content_bytes = b"".join(response.streaming_content)
    return response


def body_of(response):
    return response.content_bytes if response.streaming else response.content


def _is_pdf(page, response):
    """A page announced as a PDF must answer one, not a page saying why it could not."""
    if page.content_type != "application/pdf":
        return True
    return body_of(response).startswith(b"%PDF-")


TOP_SQL = 3


def slowest(captured, using="default"):
    """The TOP_SQL slowest statements of a request, with the plan PostgreSQL chooses for each
    (EXPLAIN ANALYZE, run again after the request: a read, as the pages measured only read)."""
    from django.db import connections, transaction

    ranked = sorted(captured, key=lambda query: float(query["time"]), reverse=True)[:TOP_SQL]
    found = []
    for query in ranked:
        sql = query["sql"]
        plan = ""
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            # Rolled back: a WITH may hide a write, which ANALYZE would run again.
            with transaction.atomic(using=using), connections[using].cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                transaction.set_rollback(True, using=using)
        found.append({"ms": round(float(query["time"]) * 1000, 1), "sql": sql, "plan": plan})
    return found


# The states of a page whose figures are kept as summaries (core.summaries), besides warm.
WORKER_DOWN = "worker down"
FIRST_COMPUTATION = "first computation"


def worker_down():
    """What a request finds when the worker is down: every summary an hour old and behind the
    data, a refresh asked and not taken, and no page built from them in the cache."""
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from core.models import FiguresSummary
    from core.summaries import PENDING_SECONDS, _pending_key, registered

    forget_figures()
    FiguresSummary.objects.update(
        computed_at=timezone.now() - timedelta(hours=1), fingerprint="behind"
    )
    for name in registered():
        cache.set(_pending_key(name), 1, PENDING_SECONDS)


def first_computation():
    """What the first request after installation finds: no summary kept, nothing cached."""
    from core.summaries import summaries_forget

    summaries_forget()
    forget_figures()


def measure(page, *, runs, warmup=2, state=None, using="default"):
    """Time ``runs`` requests after ``warmup`` ones. ``state`` (WORKER_DOWN, FIRST_COMPUTATION)
    is set before each request of a page whose figures are kept as summaries, so that what is
    timed is what the request then does, not the cache."""
    prepare = {WORKER_DOWN: worker_down, FIRST_COMPUTATION: first_computation}.get(state)
    client = client_for(page, using)
    for _ in range(warmup):
        fetch(client, page)
    timings = []
    queries = 0
    size = 0
    top_sql = []
    status = 200
    for run in range(runs):
        if prepare:
            prepare()
        started = time.perf_counter()
        if run == 0:
            with CaptureQueriesContext(connections[using]) as captured:
                response = fetch(client, page)
            queries = len(captured)
            size = len(body_of(response))
            top_sql = captured.captured_queries
        else:
            response = fetch(client, page)
        timings.append((time.perf_counter() - started) * 1000)
        # The first wrong answer stays the page's status (0: right code, wrong content type):
        # one bad run among many must not be hidden by the next good one.
        if status == 200:
            if response.status_code != 200:
                status = response.status_code
            elif page.content_type not in response.get("Content-Type", "") or not _is_pdf(
                page, response
            ):
                status = 0
    cache = (state or "warm") if page.cached else "none"
    # The plans are asked for after the timings, which they would disturb.
    top_sql = slowest(top_sql, using)
    return Result(
        page=page.name + (f" ({state})" if state else ""),
        url=page.url,
        status=status,
        queries=queries,
        median_ms=round(statistics.median(timings), 1),
        p95_ms=round(percentile(timings, 0.95), 1),
        target_ms=page.cold_target_ms if state else page.target_ms,
        runs=runs,
        cache=cache,
        body_kb=round(size / 1024, 1),
        max_html_kb=page.max_html_kb,
        top_sql=top_sql,
    )
