"""The priority's rank on the ticket's row, kept by triggers (issue 18).

The queue sorted by priority ordered by ``helpdesk_priority.rank``, a join: PostgreSQL read and
sorted every ticket for a page of 25 (300 ms at scale 1, 856 ms at scale 3). With the rank in
``helpdesk_ticket.priority_rank`` an index on (rank, resolution deadline, id) serves the order,
and PostgreSQL walks it and stops at the page; a partial one does the same for the active
tickets the queue opens on.

The rule lives here, in SQL, so that every writer (the services, ``QuerySet.update``,
``bulk_create``, the admin, ``COPY``, raw SQL) keeps the copy right:

- a ticket inserted, or updated with a new ``priority_id`` or any ``priority_rank``, gets its
  priority's rank (``ticket.priority_id`` is NOT NULL, and so is ``rank``); a rank written by
  hand, or a stale one saved back by the ORM, is put right;
- a priority whose rank changes gives the new rank to its tickets.

PostgreSQL sets the row before it is written (BEFORE triggers, in the style of migration 0016);
SQLite cannot change the row being written, so it updates it just after (AFTER triggers). The
column is nullable so that any insert is accepted before the trigger fills it.

On SQLite, Django rebuilds a table for most changes of its columns (a new table copied, the old
one dropped), and the triggers go with the old table: a later migration that rebuilds
``helpdesk_ticket`` or ``helpdesk_priority`` there must create them again
(``tests/helpdesk/test_priority_rank.py`` fails otherwise).
"""

from django.db import migrations, models

POSTGRESQL = """
UPDATE helpdesk_ticket t SET priority_rank = p.rank
FROM helpdesk_priority p WHERE p.id = t.priority_id;

CREATE FUNCTION helpdesk_ticket_priority_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.priority_rank := (SELECT rank FROM helpdesk_priority WHERE id = NEW.priority_id);
  RETURN NEW;
END $$;

CREATE TRIGGER helpdesk_ticket_priority_rank_insert BEFORE INSERT ON helpdesk_ticket
FOR EACH ROW EXECUTE FUNCTION helpdesk_ticket_priority_rank();

CREATE TRIGGER helpdesk_ticket_priority_rank_update BEFORE UPDATE OF priority_id, priority_rank
ON helpdesk_ticket FOR EACH ROW
WHEN (OLD.priority_id IS DISTINCT FROM NEW.priority_id
      OR OLD.priority_rank IS DISTINCT FROM NEW.priority_rank)
EXECUTE FUNCTION helpdesk_ticket_priority_rank();

CREATE FUNCTION helpdesk_priority_rank_spread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE helpdesk_ticket SET priority_rank = NEW.rank
  WHERE priority_id = NEW.id AND priority_rank IS DISTINCT FROM NEW.rank;
  RETURN NULL;
END $$;

CREATE TRIGGER helpdesk_priority_rank_update AFTER UPDATE OF rank ON helpdesk_priority
FOR EACH ROW WHEN (OLD.rank IS DISTINCT FROM NEW.rank)
EXECUTE FUNCTION helpdesk_priority_rank_spread();
"""

POSTGRESQL_BACKWARDS = """
DROP TRIGGER helpdesk_priority_rank_update ON helpdesk_priority;
DROP TRIGGER helpdesk_ticket_priority_rank_update ON helpdesk_ticket;
DROP TRIGGER helpdesk_ticket_priority_rank_insert ON helpdesk_ticket;
DROP FUNCTION helpdesk_priority_rank_spread();
DROP FUNCTION helpdesk_ticket_priority_rank();
"""

# One statement per execute: SQLite's cursor runs one at a time. A trigger's UPDATE of
# priority_rank fires the other ticket trigger, whose condition is then false.
SQLITE = [
    """
UPDATE helpdesk_ticket SET priority_rank =
  (SELECT rank FROM helpdesk_priority WHERE id = helpdesk_ticket.priority_id)
""",
    """
CREATE TRIGGER helpdesk_ticket_priority_rank_insert AFTER INSERT ON helpdesk_ticket
WHEN NEW.priority_rank IS NOT (SELECT rank FROM helpdesk_priority WHERE id = NEW.priority_id)
BEGIN
  UPDATE helpdesk_ticket
  SET priority_rank = (SELECT rank FROM helpdesk_priority WHERE id = NEW.priority_id)
  WHERE id = NEW.id;
END
""",
    """
CREATE TRIGGER helpdesk_ticket_priority_rank_update
AFTER UPDATE OF priority_id, priority_rank ON helpdesk_ticket
WHEN NEW.priority_rank IS NOT (SELECT rank FROM helpdesk_priority WHERE id = NEW.priority_id)
BEGIN
  UPDATE helpdesk_ticket
  SET priority_rank = (SELECT rank FROM helpdesk_priority WHERE id = NEW.priority_id)
  WHERE id = NEW.id;
END
""",
    """
CREATE TRIGGER helpdesk_priority_rank_update AFTER UPDATE OF rank ON helpdesk_priority
WHEN OLD.rank IS NOT NEW.rank
BEGIN
  UPDATE helpdesk_ticket SET priority_rank = NEW.rank
  WHERE priority_id = NEW.id AND priority_rank IS NOT NEW.rank;
END
""",
]

SQLITE_BACKWARDS = [
    "DROP TRIGGER helpdesk_priority_rank_update",
    "DROP TRIGGER helpdesk_ticket_priority_rank_update",
    "DROP TRIGGER helpdesk_ticket_priority_rank_insert",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARDS)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARDS:
            schema_editor.execute(statement)


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE helpdesk_ticket")


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0018_ticket_due_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="priority_rank",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                fields=["priority_rank", "resolution_due_at", "id"],
                name="helpdesk_ticket_priority",
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=~models.Q(status__in=["resolved", "closed"]),
                fields=["priority_rank", "resolution_due_at", "id"],
                name="helpdesk_ticket_active_prio",
            ),
        ),
        # The indexes before the rows are filled: built after, over the update's broken HOT
        # chains, PostgreSQL would keep them from the planner until every older transaction
        # ends (indcheckxmin). The rows filled before the triggers exist: one UPDATE, not a
        # trigger per row; the column was added in this transaction, so no one writes between.
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
