"""Searching tickets by their title, description and messages.

On PostgreSQL the search is full-text with the French configuration, accents folded
(``french_unaccent``, migration 0014), in the web search syntax (websearch_to_tsquery), over
one document per ticket (``helpdesk_ticket.search_document``, migration 0015): its title,
description and messages, kept up to date by triggers, behind one GIN index. The condition is
on the ticket's own row, so a page of a common word walks the list's order and stops at 25
rows, and a rare word reads the index: the cost follows the page, not the number of matches
(issue 18). Public text is weighted A, internal notes D: the requester's side asks for A only.
Elsewhere (the embedded SQLite default) it is the portal's word-by-word rule,
``core.search.text_condition``, which reads the same syntax: every word must appear somewhere
in the ticket, in any case ("ÉCHEC" finds "échec"), "-mot" excludes, "or" joins two
alternatives, quotes are ignored. Both fold accents: "echec" finds "échec" and "échec" finds
"echec" (the fallback compares ``core.search.text_folded`` words).

What still differs: PostgreSQL stems French words and ignores its stop words ("serveurs" finds
"serveur", "les" alone finds nothing), searches a quoted phrase as a phrase, and matches whole
words; the fallback matches any part of a word ("serv" finds "serveur"), never stems, and reads
"les" as any other word. tests/core/test_search_matching.py holds the cases both answer alike.

A ticket's reference typed in full finds it too. The lists count their rows up to
``CappedPaginator``'s cap, searched or not.

Both databases search the text as ``core.search.search_text_normalise`` leaves it (its first
MAX_WORDS words, no control characters): the conditions built word by word on SQLite stay
few and PostgreSQL never sees NUL.
"""

from django.db import connections
from django.db.models import BooleanField, Exists, Expression, OuterRef, Q
from django.db.models.lookups import Contains

from core.search import Folded, search_text_normalise, text_condition

from .models import Message

CONFIG = "french_unaccent"
# The fields the fallback reads on the ticket; on PostgreSQL the document of migration 0015
# holds them (change both together).
TICKET_FIELDS = ("title", "description")
# A tsquery's operands as PostgreSQL writes them ('lexeme', quotes doubled inside), each given
# weight A: the requester's side matches the text it may read, never an internal note's.
OPERAND = "'(?:[^']|'')*'"
PUBLIC_WEIGHT = r"\&:A"


def tickets_matching(queryset, text, *, include_internal):
    """Tickets of ``queryset`` whose title, description or messages match ``text``.

    ``include_internal`` is for agents only: on the requester's side an internal note must
    never be what makes a ticket appear, nor what hides one ("-mot").
    """
    # The search box has normalised it already; a caller that does not go through a box must
    # not be able to build an unbounded query either.
    text = search_text_normalise(text).text
    if not text:
        return queryset
    by_reference = Q(reference=text.upper())
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(
            DocumentMatches(text, public_only=not include_internal) | by_reference
        )
    messages = Message.objects.order_by()
    if not include_internal:
        messages = messages.filter(is_internal=False)
    return _fallback(queryset, messages, text)


class DocumentMatches(Expression):
    """``search_document @@ websearch_to_tsquery(…)`` on the ticket table of the query: the
    column is not a model field (migration 0015 says why), so this names it on the alias the
    query gives the ticket table."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, text, *, public_only, alias=None):
        super().__init__()
        self.text, self.public_only, self.alias = text, public_only, alias

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = self.copy()
        resolved.alias = query.get_initial_alias()
        return resolved

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return []

    def as_sql(self, compiler, connection):
        query, params = "websearch_to_tsquery(%s::regconfig, %s)", [CONFIG, self.text]
        if self.public_only:
            query = f"regexp_replace(({query})::text, %s, %s, 'g')::tsquery"
            params += [OPERAND, PUBLIC_WEIGHT]
        column = f"{compiler.quote_name_unless_alias(self.alias)}.search_document"
        return f"{column} @@ {query}", params


# The triggers that write a document as each row arrives (migration 0015): a bulk load turns
# them off and rebuilds every document once at the end, in the same transaction.
DOCUMENT_TRIGGERS = {
    "helpdesk_ticket": "helpdesk_ticket_search_insert",
    "helpdesk_message": "helpdesk_message_search_insert",
}


def search_documents_defer(using):
    """Before loading tickets and messages in bulk on PostgreSQL (``bench/seeding.py``): the
    triggers stay off during the load and ``search_documents_resume`` rebuilds every document
    once at the end, which costs far less than a ticket's update per message. Both inside the
    load's transaction."""
    with connections[using].cursor() as cursor:
        for table, trigger in DOCUMENT_TRIGGERS.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")


def search_documents_resume(using):
    search_documents_rebuild(using)
    with connections[using].cursor() as cursor:
        # A table with pending trigger events (deferred foreign keys) cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in DOCUMENT_TRIGGERS.items():
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def search_documents_rebuild(using):
    """Every ticket's document rebuilt in one statement, by the rule of migration 0015."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT helpdesk_search_documents_rebuild()")


def _fallback(queryset, messages, text):
    messages = messages.filter(ticket=OuterRef("pk"))
    fields = (
        *TICKET_FIELDS,
        lambda folded_word: Exists(messages.filter(Contains(Folded("body"), folded_word))),
    )
    words = text_condition(text, fields, vendor=connections[queryset.db].vendor, folded=True)
    return queryset.filter(Q(reference=text.upper()) | words) if words else queryset
