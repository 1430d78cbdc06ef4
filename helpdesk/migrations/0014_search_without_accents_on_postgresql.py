"""The full-text search folds accents on PostgreSQL: "echec" finds "échec" (issue 16).

A text search configuration ``french_unaccent``, the French one whose words first pass through
the ``unaccent`` dictionary (an extension shipped with PostgreSQL, trusted since version 13: the
database's owner may create it), and the GIN indexes of migration 0009 rebuilt on it, so that
they still answer ``helpdesk/search.py``'s expressions. SQLite has neither: there the search's
fallback folds accents itself (``core.search.text_folded``) and this migration does nothing.
"""

from django.db import migrations

INDEXES = [
    ("ticket", "helpdesk_ticket_search", ("title", "description")),
    ("message", "helpdesk_message_search", ("body",)),
]

CREATE_CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""


def _index(name, fields, config):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*fields, config=config), name=name)


def _rebuild(apps, schema_editor, old, new):
    for model, name, fields in INDEXES:
        model = apps.get_model("helpdesk", model)
        schema_editor.remove_index(model, _index(name, fields, old))
        schema_editor.add_index(model, _index(name, fields, new))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_CONFIGURATION)
    _rebuild(apps, schema_editor, "french", "french_unaccent")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _rebuild(apps, schema_editor, "french_unaccent", "french")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0013_text_limits_and_names_without_direction_controls"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
