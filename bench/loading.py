"""Writing many rows fast, and emptying the benchmark data again.

On PostgreSQL rows go through ``COPY ... FROM STDIN`` with the secondary indexes and foreign keys
of the loaded tables dropped for the load and rebuilt once at the end, in the same transaction
(a failure leaves the schema as it was). Elsewhere (SQLite, for the tests) ``bulk_create``.
"""

from django.apps import apps
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connections

from accounts.models import Structure, User
from helpdesk.models import Category, TicketCounter


def is_postgresql(using="default"):
    return connections[using].vendor == "postgresql"


class Loader:
    """Writes rows (dicts keyed by attname) into a model's table; call ``finish()`` at the end."""

    def __init__(self, using="default", *, rebuild_indexes=True):
        self.using = using
        self.connection = connections[using]
        self.postgresql = self.connection.vendor == "postgresql"
        # The tests load a few hundred rows inside their transaction: no DDL for them.
        self.rebuild_indexes = self.postgresql and rebuild_indexes
        self.loaded = []
        self._dropped = []

    def next_id(self, model):
        pk = model._meta.pk.attname
        last = model.objects.using(self.using).order_by(f"-{pk}").values_list(pk, flat=True)[:1]
        return (last[0] if last else 0) + 1

    def write(self, model, rows):
        """Write every row; returns how many were written."""
        if model not in self.loaded:
            self.loaded.append(model)
            if self.rebuild_indexes:
                self._drop_secondary(model._meta.db_table)
        fields = model._meta.concrete_fields
        defaults = {f.attname: (None if f.null else f.get_default()) for f in fields}
        if self.postgresql:
            return self._copy(model, rows, fields, defaults)
        return self._bulk_create(model, rows, defaults)

    def _copy(self, model, rows, fields, defaults):
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        names = [f.attname for f in fields]
        count = 0
        with self.connection.cursor() as cursor:
            statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[n] if n in row else defaults[n] for n in names])
                    count += 1
        return count

    def _bulk_create(self, model, rows, defaults):
        batch, count = [], 0
        for row in rows:
            batch.append(model(**{**defaults, **row}))
            if len(batch) >= 500:
                count += len(model.objects.using(self.using).bulk_create(batch))
                batch = []
        if batch:
            count += len(model.objects.using(self.using).bulk_create(batch))
        return count

    def _drop_secondary(self, table):
        """Drop the table's own foreign keys and the indexes no constraint needs, remembering
        their definitions: rebuilding them once is much faster than maintaining them per row."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = %s::regclass AND contype = 'f'
                """,
                [table],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = %s::regclass
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                """,
                [table],
            )
            indexes = cursor.fetchall()
            quote = self.connection.ops.quote_name
            for name, definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                self._dropped.append(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
            for name, definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
                self._dropped.append(definition)

    def finish(self):
        """Rebuild what was dropped and move the id sequences past the rows written."""
        with self.connection.cursor() as cursor:
            if self.rebuild_indexes:
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                # Indexes first: the foreign keys are then checked against indexed columns.
                for statement in sorted(self._dropped, key=lambda s: s.startswith("ALTER")):
                    cursor.execute(statement)
            for statement in self.connection.ops.sequence_reset_sql(no_style(), self.loaded):
                cursor.execute(statement)
        self._dropped = []


# --- what counts as benchmark data ------------------------------------------------------------

BENCH_DOMAIN = "@bench.invalid"
BENCH_ACRONYM = "BENCH-"


def foreign_data(using="default"):
    """Why the database holds something other than benchmark data (empty list if it does not).

    Benchmark users all have an address ``@bench.invalid`` and benchmark structures an acronym
    starting ``BENCH-``; every meeting, recommendation and ticket hangs on one of them. Reference
    data created by the migrations (roles, categories, priorities, calendar, themes) is shared.
    """
    reasons = []
    users = User.objects.using(using).exclude(email__endswith=BENCH_DOMAIN)
    if users.exists():
        reasons.append(f"{users.count()} user(s) outside {BENCH_DOMAIN}")
    structures = Structure.objects.using(using).exclude(acronym__startswith=BENCH_ACRONYM)
    if structures.exists():
        reasons.append(f"{structures.count()} structure(s) not created by seed_bench")
    from meetings.models import Meeting

    meetings = Meeting.objects.using(using).filter(created_by__isnull=True)
    if meetings.exists():
        reasons.append(f"{meetings.count()} meeting(s) not created by seed_bench")
    return reasons


def holds_benchmark_data(using="default"):
    return User.objects.using(using).filter(email__endswith=BENCH_DOMAIN).exists()


def require_postgresql(target, using="default"):
    """Refuse anything but PostgreSQL: the benchmark's figures are quoted for the production
    database, and its dataset serves only them."""
    vendor = connections[using].vendor
    if vendor != "postgresql":
        raise CommandError(
            f"make {target} works on PostgreSQL only: set DATABASE_URL to a PostgreSQL database "
            f"of its own, e.g. postgres://postgres@127.0.0.1:5432/dsi_bench (it now points at "
            f"{vendor})."
        )


def require_seeded_postgresql(target, using="default"):
    """Refuse to measure anything but a PostgreSQL database seeded by ``seed_bench``: figures
    taken on SQLite or on a few demo rows would be quoted as the portal's at national scale."""
    require_postgresql(target, using)
    if not holds_benchmark_data(using):
        raise CommandError(
            f"make {target} needs the benchmark data, and this database has none: "
            "run `make bench-seed` (manage.py seed_bench --scale 1) first."
        )


def _tables_to_empty():
    """Every table that refers, directly or not, to users or structures: with only benchmark
    users and structures in the database, all their rows are benchmark data. The categories
    (reference data) refer to users too: they are kept, their agent links cleared."""
    kept = {Category}
    # The ticket counters refer to nothing, but count the benchmark's tickets.
    chosen = {User, Structure, TicketCounter}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in chosen or model in kept or model._meta.proxy:
                continue
            targets = {
                f.related_model._meta.concrete_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not None
            }
            if targets & chosen:
                chosen.add(model)
                changed = True
    return sorted(m._meta.db_table for m in chosen)


def empty_benchmark_data(using="default"):
    """Remove the previous benchmark data (PostgreSQL only: TRUNCATE, in the current
    transaction), keeping the reference data."""
    connection = connections[using]
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    tables = [t for t in _tables_to_empty() if t in existing]
    category = Category._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'f'
            """,
            [category],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(f"UPDATE {quote(category)} SET default_assignee_id = NULL")  # noqa: S608
        for name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(category)} DROP CONSTRAINT {quote(name)}")
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY")
        for name, definition in foreign_keys:
            cursor.execute(
                f"ALTER TABLE {quote(category)} ADD CONSTRAINT {quote(name)} {definition}"
            )
