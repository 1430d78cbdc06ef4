"""A covering index for the helpdesk statistics, on PostgreSQL only (issue 18).

The statistics read a year of tickets (about 91,000 at scale 1) when the request computes them:
the volumes, the SLA rates (``deadline_conditions``), the satisfaction and, for the medians, the
clock of each ticket. This index carries, after the filing date, every column they read, so
that PostgreSQL reads the period's entries from the index alone (an index-only scan of about
3,000 pages instead of the table's 11,000: the totals take half the time). ``id`` is among them
because the counts are ``COUNT(id)``. INCLUDE is PostgreSQL's; SQLite (the small embedded
default) does without. Raw SQL, so not in the models' Meta, like migrations 0009 and 0010;
docs/performance.md says what it is for.
"""

from django.db import migrations

NAME = "helpdesk_ticket_statistics"
INCLUDED = (
    '"id", "status", "merged_into_id", "first_response_at", "response_due_at", "resolved_at", '
    '"resolution_due_at", "paused_since", "paused_working_time", "satisfaction"'
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX "{NAME}" ON "helpdesk_ticket" ("created_at") INCLUDE ({INCLUDED})'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0014_search_without_accents_on_postgresql"),
    ]

    operations = [migrations.RunPython(create, drop)]
