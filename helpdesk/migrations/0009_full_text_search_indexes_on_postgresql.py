"""GIN indexes for the French full-text search of helpdesk/search.py, on PostgreSQL only.

The indexed expressions are the search's own (``SearchVector(..., config="french")``), so the
planner uses them for ``@@`` matches. SQLite has neither GIN nor to_tsvector and searches with
LIKE instead: there this migration does nothing. The indexes are not in the models' Meta (it
would ask SQLite for them too); ``search.py`` and docs/performance.md point here.
"""

from django.db import migrations

INDEXES = [
    ("ticket", "helpdesk_ticket_search", ("title", "description")),
    ("message", "helpdesk_message_search", ("body",)),
]


def _index(name, fields):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*fields, config="french"), name=name)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, name, fields in INDEXES:
        schema_editor.add_index(apps.get_model("helpdesk", model), _index(name, fields))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, name, fields in INDEXES:
        schema_editor.remove_index(apps.get_model("helpdesk", model), _index(name, fields))


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0008_ticket_indexes_for_the_queue_and_home_pages"),
    ]

    operations = [migrations.RunPython(create, drop)]
