"""Searching tickets by their title, description and messages.

On PostgreSQL the search is full-text with the French configuration ("serveurs" finds
"serveur", words are combined as in a web search engine); elsewhere (the embedded SQLite
default) every word must appear somewhere, in any case. SQLite only folds the case of ASCII
letters, so each word is also looked for written in lower case, in capitals and capitalised:
"échec" finds "Échec" and "ÉCHEC". Accents are not folded ("echec" does not find "échec").

Messages are matched through a subquery (``pk IN (…)``, EXISTS on SQLite) so that a ticket with
several matching replies is listed once. A ticket's reference typed in full finds it too.

Both databases search the text as ``core.search.search_text_normalise`` leaves it (its first
MAX_WORDS words, no control characters): the conditions built word by word on SQLite stay
few, PostgreSQL never sees NUL, and the two find the same tickets for the same input.
"""

from django.db import connections
from django.db.models import Exists, OuterRef, Q

from core.search import search_text_normalise

from .models import Message, Ticket

CONFIG = "french"
# GIN indexes on exactly these SearchVector expressions back the search on PostgreSQL
# (migration 0009): change the fields or the configuration there too.
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
    condition = Q(reference=text.upper())
    words = Q()
    for word in text.replace('"', " ").split():
        # As in a web search: "-mot" excludes the word; "or" is not worth a second syntax.
        excluded = word.startswith("-") and len(word) > 1
        word = word[1:] if excluded else word
        if word.lower() == "or":
            continue
        found = Q()
        for variant in _case_variants(word):
            found |= (
                Q(title__icontains=variant)
                | Q(description__icontains=variant)
                | Exists(messages.filter(body__icontains=variant))
            )
        words &= ~found if excluded else found
    return queryset.filter(condition | words) if words else queryset.filter(condition)


def _case_variants(word):
    """The word as typed, in lower case, in capitals and capitalised: SQLite's LIKE ignores
    the case of ASCII letters only, so "é" and "É" need a variant each."""
    return list(dict.fromkeys([word, word.lower(), word.upper(), word.capitalize()]))
