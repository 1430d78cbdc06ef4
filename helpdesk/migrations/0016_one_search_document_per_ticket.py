"""One search document per ticket on PostgreSQL (issue 18): title, description and every message
in one ``tsvector`` column, ``helpdesk_ticket.search_document``, behind one GIN index.

Before, a search matched the ticket's own columns and, separately, its messages, then joined
both before the page's top 25: a common word read and sorted 176,000 rows at scale 1. With one
document the condition is on the ticket's row, so PostgreSQL walks the list's order and stops
at the page when matches are common, or reads the GIN index when they are rare.

The rule of the document lives here, in SQL, and is kept by triggers, so that every writer
(the services, a merge's ``QuerySet.update``, the admin, ``COPY``) keeps it up to date:

- a piece of text (``helpdesk_search_piece``) is weighted A when the requester's side may read
  it (title and description, public replies) and D, the default weight, when only agents may
  (internal notes): a DSI's search asks for A only (``helpdesk/search.py``), and text that
  somehow went in unweighted counts as internal;
- the document is the pieces in order, title and description first, then the messages by date
  (``helpdesk_search_document``); a piece that would take the document past 1 MB, the most a
  ``tsvector`` holds, is left out rather than refusing the reply that brings it;
- a new message appends its piece (``helpdesk_message_search_append``); a message changed,
  moved (a merge) or deleted rebuilds the documents of the tickets concerned; a ticket's new
  title or description rebuilds its own.

``helpdesk_search_documents_rebuild()`` rebuilds every document in one statement: the
backfill below, and ``bench/seeding.py`` after loading rows with the triggers disabled.

The column is not a model field: Django would otherwise read it with every ticket. SQLite has
none of this; its search reads the messages itself (``helpdesk.search._fallback``). The GIN
indexes of migrations 0009 and 0014 served the former query and are dropped.
"""

from django.db import migrations

OLD_INDEXES = [
    ("ticket", "helpdesk_ticket_search", ("title", "description")),
    ("message", "helpdesk_message_search", ("body",)),
]

FORWARDS = """
ALTER TABLE helpdesk_ticket ADD COLUMN search_document tsvector;

CREATE FUNCTION helpdesk_search_piece(body text, public boolean) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(
    to_tsvector('french_unaccent'::regconfig, coalesce(body, '')),
    CASE WHEN public THEN 'A' ELSE 'D' END::"char"
  )
$$;

-- 1,000,000 bytes: below the 1 MB a tsvector holds, whatever the two sizes' overlap.
CREATE FUNCTION helpdesk_search_concat(document tsvector, piece tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN pg_column_size(document) + pg_column_size(piece) < 1000000 THEN document || piece
    ELSE document
  END
$$;

CREATE AGGREGATE helpdesk_search_document(tsvector) (
  SFUNC = helpdesk_search_concat, STYPE = tsvector, INITCOND = ''
);

CREATE FUNCTION helpdesk_ticket_search_document(ticket bigint, title text, description text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT helpdesk_search_document(piece ORDER BY rank, created_at, id) FROM (
    SELECT helpdesk_search_piece(title || ' ' || description, true) AS piece,
           0 AS rank, NULL::timestamptz AS created_at, 0::bigint AS id
    UNION ALL
    SELECT helpdesk_search_piece(m.body, NOT m.is_internal), 1, m.created_at, m.id
    FROM helpdesk_message m WHERE m.ticket_id = ticket
  ) pieces
$$;

CREATE FUNCTION helpdesk_search_documents_rebuild() RETURNS void LANGUAGE sql AS $$
  UPDATE helpdesk_ticket t SET search_document = d.document FROM (
    SELECT ticket_id, helpdesk_search_document(piece ORDER BY rank, created_at, id) AS document
    FROM (
      SELECT id AS ticket_id, helpdesk_search_piece(title || ' ' || description, true) AS piece,
             0 AS rank, NULL::timestamptz AS created_at, 0::bigint AS id
      FROM helpdesk_ticket
      UNION ALL
      SELECT ticket_id, helpdesk_search_piece(body, NOT is_internal), 1, created_at, id
      FROM helpdesk_message
    ) pieces
    GROUP BY ticket_id
  ) d
  WHERE d.ticket_id = t.id
$$;

CREATE FUNCTION helpdesk_ticket_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document := helpdesk_ticket_search_document(NEW.id, NEW.title, NEW.description);
  RETURN NEW;
END $$;

CREATE TRIGGER helpdesk_ticket_search_insert BEFORE INSERT ON helpdesk_ticket
FOR EACH ROW EXECUTE FUNCTION helpdesk_ticket_search_refresh();

CREATE TRIGGER helpdesk_ticket_search_update BEFORE UPDATE OF title, description
ON helpdesk_ticket FOR EACH ROW
WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
EXECUTE FUNCTION helpdesk_ticket_search_refresh();

CREATE FUNCTION helpdesk_message_search_append() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE helpdesk_ticket SET search_document = helpdesk_search_concat(
    coalesce(search_document, ''), helpdesk_search_piece(NEW.body, NOT NEW.is_internal)
  ) WHERE id = NEW.ticket_id;
  RETURN NULL;
END $$;

CREATE FUNCTION helpdesk_message_search_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE helpdesk_ticket
  SET search_document = helpdesk_ticket_search_document(id, title, description)
  WHERE id IN (OLD.ticket_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.ticket_id END);
  RETURN NULL;
END $$;

CREATE TRIGGER helpdesk_message_search_insert AFTER INSERT ON helpdesk_message
FOR EACH ROW EXECUTE FUNCTION helpdesk_message_search_append();

CREATE TRIGGER helpdesk_message_search_update AFTER UPDATE OF body, is_internal, ticket_id
ON helpdesk_message FOR EACH ROW
WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.is_internal IS DISTINCT FROM NEW.is_internal
      OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
EXECUTE FUNCTION helpdesk_message_search_rebuild();

CREATE TRIGGER helpdesk_message_search_delete AFTER DELETE ON helpdesk_message
FOR EACH ROW EXECUTE FUNCTION helpdesk_message_search_rebuild();

SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '128MB';
SELECT helpdesk_search_documents_rebuild();
CREATE INDEX helpdesk_ticket_document ON helpdesk_ticket USING gin (search_document);
ANALYZE helpdesk_ticket;
"""

BACKWARDS = """
DROP TRIGGER helpdesk_message_search_delete ON helpdesk_message;
DROP TRIGGER helpdesk_message_search_update ON helpdesk_message;
DROP TRIGGER helpdesk_message_search_insert ON helpdesk_message;
DROP TRIGGER helpdesk_ticket_search_update ON helpdesk_ticket;
DROP TRIGGER helpdesk_ticket_search_insert ON helpdesk_ticket;
DROP FUNCTION helpdesk_message_search_rebuild();
DROP FUNCTION helpdesk_message_search_append();
DROP FUNCTION helpdesk_ticket_search_refresh();
DROP FUNCTION helpdesk_search_documents_rebuild();
DROP FUNCTION helpdesk_ticket_search_document(bigint, text, text);
DROP AGGREGATE helpdesk_search_document(tsvector);
DROP FUNCTION helpdesk_search_concat(tsvector, tsvector);
DROP FUNCTION helpdesk_search_piece(text, boolean);
ALTER TABLE helpdesk_ticket DROP COLUMN search_document;
"""


def _index(name, fields):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*fields, config="french_unaccent"), name=name)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, name, fields in OLD_INDEXES:
        schema_editor.remove_index(apps.get_model("helpdesk", model), _index(name, fields))
    schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKWARDS)
    for model, name, fields in OLD_INDEXES:
        schema_editor.add_index(apps.get_model("helpdesk", model), _index(name, fields))


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0015_ticket_statistics_covering_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
