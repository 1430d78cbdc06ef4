"""A covering index for the queue filtered by category and SLA state, on PostgreSQL only.

The SLA state is computed per row (the clock of a running ticket is the current time), so no
index can hold it; the queue's capped count of "breached" tickets of a category reads every
ticket of the category. This index carries, after the category and the date, every column the
state is computed from, so that PostgreSQL reads the category's entries from the index alone
(an index-only scan: about 50,000 small entries instead of 11,000 table pages at scale 1).
INCLUDE is PostgreSQL's; SQLite (the small embedded default) does without. Raw SQL, so not in
the models' Meta, like the full-text indexes of migration 0009; docs/performance.md says what
it is for.
"""

from django.db import migrations

NAME = "helpdesk_ticket_category_sla"
COLUMNS = '"category_id", "created_at" DESC'
INCLUDED = (
    '"status", "paused_since", "resolved_at", "first_response_at", "response_due_at", '
    '"resolution_due_at"'
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX "{NAME}" ON "helpdesk_ticket" ({COLUMNS}) INCLUDE ({INCLUDED})'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0009_full_text_search_indexes_on_postgresql"),
    ]

    operations = [migrations.RunPython(create, drop)]
