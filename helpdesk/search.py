"""Searching tickets by their title, description and messages.

On PostgreSQL the search is full-text with the French configuration, accents folded
(``french_unaccent``, migration 0014), in the web search syntax (websearch_to_tsquery);
elsewhere (the embedded SQLite default) it is the portal's word-by-word rule,
``core.search.text_condition``, which reads the same syntax: every word must appear somewhere,
in any case ("ÉCHEC" finds "échec"), "-mot" excludes, "or" joins two alternatives, quotes are
ignored. Both fold accents: "echec" finds "échec" and "échec" finds "echec" (the fallback
compares ``core.search.text_folded`` words).

What still differs: PostgreSQL stems French words and ignores its stop words ("serveurs" finds
"serveur", "les" alone finds nothing), searches a quoted phrase as a phrase, and matches whole
words; the fallback matches any part of a word ("serv" finds "serveur"), never stems, and reads
"les" as any other word. tests/core/test_search_matching.py holds the cases both answer alike.

Messages are matched through a subquery (``pk IN (…)``, EXISTS on SQLite) so that a ticket with
several matching replies is listed once. A ticket's reference typed in full finds it too.

Both databases search the text as ``core.search.search_text_normalise`` leaves it (its first
MAX_WORDS words, no control characters): the conditions built word by word on SQLite stay
few and PostgreSQL never sees NUL.
"""

from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import Contains

from core.search import Folded, search_text_normalise, text_condition

from .models import Message, Ticket

CONFIG = "french_unaccent"
# GIN indexes on exactly these SearchVector expressions back the search on PostgreSQL
# (migrations 0009 and 0014): change the fields or the configuration there too.
TICKET_FIELDS = ("title", "description")
MESSAGE_FIELDS = ("body",)
# Tickets found by their messages that go into the query as a list of ids (see _full_text).
MESSAGE_MATCHES_INLINE = 500


def tickets_matching(queryset, text, *, include_internal):
    """Tickets of ``queryset`` whose title, description or messages match ``text``.

    ``include_internal`` is for agents only: on the requester's side an internal note must
    never be what makes a ticket appear.
    """
    # The search box has normalised it already; a caller that does not go through a box must
    # not be able to build an unbounded query either.
    text = search_text_normalise(text).text
    if not text:
        return queryset
    messages = Message.objects.order_by()
    if not include_internal:
        messages = messages.filter(is_internal=False)
    if connections[queryset.db].vendor == "postgresql":
        return _full_text(queryset, messages, text)
    return _fallback(queryset, messages, text)


def _full_text(queryset, messages, text):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    in_messages = (
        messages.annotate(search=SearchVector(*MESSAGE_FIELDS, config=CONFIG))
        .filter(search=query)
        .values_list("ticket_id", flat=True)
    )
    # The tickets whose messages match, read first (one query, the GIN index): when they are
    # few, the whole condition is on the ticket's own columns and indexes, so PostgreSQL may
    # walk the queue's order and stop at the page when matches are common, or gather the
    # matches by index when they are rare. Beyond MESSAGE_MATCHES_INLINE, the subquery.
    from_messages = list(in_messages[: MESSAGE_MATCHES_INLINE + 1])
    if len(from_messages) > MESSAGE_MATCHES_INLINE:
        return _full_text_union(queryset, in_messages, query, text)
    return queryset.alias(search=SearchVector(*TICKET_FIELDS, config=CONFIG)).filter(
        Q(search=query) | Q(reference=text.upper()) | Q(pk__in=set(from_messages))
    )


def _full_text_union(queryset, in_messages, query, text):
    from django.contrib.postgres.search import SearchVector

    # A UNION of three indexed lookups: an OR across them would read every ticket instead.
    in_tickets = (
        Ticket.objects.annotate(search=SearchVector(*TICKET_FIELDS, config=CONFIG))
        .filter(search=query)
        .order_by()
        .values("pk")
    )
    by_reference = Ticket.objects.filter(reference=text.upper()).order_by().values("pk")
    return queryset.filter(pk__in=in_tickets.union(in_messages.order_by(), by_reference))


def _fallback(queryset, messages, text):
    messages = messages.filter(ticket=OuterRef("pk"))
    fields = (
        *TICKET_FIELDS,
        lambda folded_word: Exists(messages.filter(Contains(Folded("body"), folded_word))),
    )
    words = text_condition(text, fields, vendor=connections[queryset.db].vendor, folded=True)
    return queryset.filter(Q(reference=text.upper()) | words) if words else queryset
