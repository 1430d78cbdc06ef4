"""The free text typed into a list's search box, made safe for every database.

One rule for every list of the portal (directory, meetings, recommendations, helpdesk, the
administration): control characters count as spaces (PostgreSQL refuses NUL in a query),
invisible format characters (zero-width space, soft hyphen, BOM) are removed, apostrophes
separate words ("l’imprimante" searches "l imprimante"), French and curly quotes are the
ASCII quote of the web search syntax, a word without any letter or digit ("-", "...") is
dropped; the search keeps its first MAX_WORDS words and at most MAX_CHARACTERS characters, and
the page says so when it cut, cleaned or ignored the search. Without the cap a query of a few
thousand words built a condition too large for SQLite ("Expression tree is too large"); with
it SQLite and PostgreSQL search the same short text.
"""

import unicodedata
from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connections
from django.db.models import CharField, Func, Q
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

MAX_WORDS = 10
MAX_CHARACTERS = 200
# Typed on phones and pasted from documents: every apostrophe separates the elided article.
APOSTROPHES = frozenset("'\u2018\u2019\u201b\u02bc")
QUOTES = frozenset("\u00ab\u00bb\u201c\u201d\u201e\u201f")
# The control characters of pasted text, read as plain spaces without a word.
LINE_BREAKS = frozenset("\t\n\r\v\f\x85")
# Letters that no decomposition splits, spelt out as PostgreSQL's unaccent does.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})

WORDS_CUT = _(
    "Votre recherche a été raccourcie à ses %(words)s premiers mots : précisez-la si les "
    "résultats ne conviennent pas."
)
CHARACTERS_CUT = _(
    "Votre recherche a été raccourcie à %(characters)s caractères : précisez-la si les "
    "résultats ne conviennent pas."
)
CONTROLS_IGNORED = _(
    "Des caractères invisibles (caractères de contrôle) de votre recherche ont été ignorés : "
    "vérifiez le texte recherché, affiché dans la zone de recherche."
)
NOTHING_SEARCHABLE = _(
    "Votre recherche ne contient ni lettre ni chiffre : elle a été ignorée et toute la liste "
    "est affichée."
)


@dataclass(frozen=True)
class SearchText:
    text: str
    words_cut: bool = False
    characters_cut: bool = False
    controls_ignored: bool = False
    skipped: bool = False

    @property
    def shortened(self):
        return self.words_cut or self.characters_cut

    @property
    def notice(self):
        """What the page says when the search was cut, cleaned or ignored, or an empty
        string."""
        notices = []
        if self.words_cut:
            notices.append(WORDS_CUT % {"words": MAX_WORDS})
        if self.characters_cut:
            notices.append(CHARACTERS_CUT % {"characters": MAX_CHARACTERS})
        if self.controls_ignored:
            notices.append(str(CONTROLS_IGNORED))
        if self.skipped:
            notices.append(str(NOTHING_SEARCHABLE))
        return " ".join(notices)


def search_text_normalise(raw):
    """``raw`` as every search of the portal reads it (see the module's docstring).
    ``words_cut`` and ``characters_cut`` say which cap dropped words, ``controls_ignored``
    whether control characters other than tabs and line breaks (pasted text has those) were
    replaced, ``skipped`` whether words were typed but none had a letter or a digit."""
    raw = raw or ""
    characters, controls_ignored = [], False
    for ch in raw:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category == "Cc":
            controls_ignored = controls_ignored or ch not in LINE_BREAKS
            characters.append(" ")
        else:
            characters.append(" " if ch in APOSTROPHES else '"' if ch in QUOTES else ch)
    typed = _quotes_attached("".join(characters).split())
    words = [word for word in typed if any(ch.isalnum() for ch in word)]
    words_cut = len(words) > MAX_WORDS
    text = " ".join(words[:MAX_WORDS])
    characters_cut = len(text) > MAX_CHARACTERS
    if characters_cut:
        cut = text[: MAX_CHARACTERS + 1]
        # Drop a word cut in the middle: the full-text search would look for a word that was
        # never typed. A single word longer than the cap has no boundary to cut at.
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_CHARACTERS]
    return SearchText(
        text=text,
        words_cut=words_cut,
        characters_cut=characters_cut,
        controls_ignored=controls_ignored,
        skipped=bool(typed) and not words,
    )


def _quotes_attached(tokens):
    """French typography spaces its guillemets (« imprimante réseau »): a quote standing alone
    is attached to the word it opens or closes, so that the phrase stays a phrase."""
    attached, opening, inside = [], "", False
    for token in tokens:
        if '"' in token and not any(ch.isalnum() for ch in token):  # «, -«, », ».
            if token.count('"') % 2 == 0:
                continue
            if inside and attached:
                attached[-1] += token
            else:
                opening += token
            inside = not inside
            continue
        inside ^= token.count('"') % 2 == 1
        attached.append(opening + token)
        opening = ""
    return attached


def text_folded(value):
    """``value`` without accents and in folded case, as a search compares words when it
    ignores accents: "Échec" and "ÉCHEC" are "echec", "Œuvre" is "oeuvre"."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(value).translate(LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class Folded(Func):
    """A text column as ``text_folded`` reads it: on SQLite the Python function itself,
    registered on each connection (``sqlite_functions_register``); on PostgreSQL
    ``lower(unaccent(…))`` (the extension of helpdesk's migration 0014)."""

    function = "portal_text_folded"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="lower(unaccent(%(expressions)s))", **extra
        )


def sqlite_functions_register(sender, connection, **kwargs):
    """``connection_created``'s receiver: the functions the portal's SQL calls on SQLite."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(Folded.function, 1, text_folded, deterministic=True)


def text_matching(queryset, fields, text):
    """The rows of ``queryset`` that ``text`` finds in ``fields`` (see ``text_condition``)."""
    text = search_text_normalise(text).text
    vendor = connections[queryset.db].vendor
    return queryset.filter(text_condition(text, fields, vendor=vendor))


def text_condition(text, fields, *, vendor, folded=False):
    """What a search asks for, word by word, as in a web search engine: every word must appear
    in one of ``fields``, in any case; "-word" excludes the rows holding it; "or" between words
    joins two alternatives ("a b or c" finds the rows holding a and b, or c). Quotes are
    ignored. ``fields`` are field names, or callables taking a word and returning a condition
    (e.g. an Exists on related rows). An empty Q() when nothing is searched.

    PostgreSQL folds the case of every letter in ``icontains``; SQLite only of ASCII letters,
    so there each word is also looked for in lower case, in capitals and capitalised:
    "KABORÉ" finds "Kaboré" on both. Accents are folded by neither ("kabore" finds nobody),
    unless ``folded``: then each word and each field are compared as ``text_folded`` reads
    them ("echec" finds "Échec"), and callables receive the folded word (the helpdesk's
    fallback, which matches its unaccented full-text search on PostgreSQL)."""
    condition = Q()
    for alternative in _alternatives(text):
        found = Q()
        for word, excluded in alternative:
            in_fields = _word_condition(word, fields, vendor=vendor, folded=folded)
            found &= ~in_fields if excluded else in_fields
        condition |= found
    return condition


def _alternatives(text):
    """``text`` as PostgreSQL's websearch_to_tsquery reads it: groups of words separated by
    "or", each word (word, excluded); an "or" with no word before or after it is a word."""
    alternatives, current = [], []
    tokens = [t.replace('"', "") for t in text.split()]
    tokens = [token for token in tokens if any(ch.isalnum() for ch in token)]
    for position, token in enumerate(tokens):
        if token.lower() == "or" and current and position + 1 < len(tokens):
            alternatives.append(current)
            current = []
            continue
        excluded = token.startswith("-") and len(token) > 1
        current.append((token[1:] if excluded else token, excluded))
    if current:
        alternatives.append(current)
    return alternatives


def _word_condition(word, fields, *, vendor, folded=False):
    if folded:
        variants = [text_folded(word)]
    else:
        variants = _case_variants(word) if vendor == "sqlite" else [word]
    found = Q()
    for variant in variants:
        for field in fields:
            if callable(field):
                found |= field(variant)
            elif folded:
                found |= Q(Contains(Folded(field), variant))
            else:
                found |= Q(**{f"{field}__icontains": variant})
    return found


def _case_variants(word):
    """The word as typed, in lower case, in capitals and capitalised: SQLite's LIKE ignores
    the case of ASCII letters only, so "é" and "É" need a variant each."""
    return list(dict.fromkeys([word, word.lower(), word.upper(), word.capitalize()]))


class SearchField(forms.CharField):
    """A search box whose cleaned value is the normalised search."""

    def to_python(self, value):
        # Before the validators: NUL, which CharField refuses with a form error (the search was
        # then ignored, or the whole directory emptied), is a space here and the search runs.
        return search_text_normalise(super().to_python(value)).text

    def bound_data(self, data, initial):
        # The box shows what was searched, not the 100 kB that were typed.
        return search_text_normalise(data if isinstance(data, str) else "").text


class SearchFilter(django_filters.CharFilter):
    """A list's free-text filter: its ``method`` receives the normalised search."""

    field_class = SearchField


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a search box ``q``; ``search_notice`` is what the page says when the
    search was cut."""

    q = SearchFilter(label=_("Rechercher"), method="search")

    # What the filters panel (partials/filters.html) does not count as a filter: the order of
    # the list, and what the page chooses elsewhere (the queue's saved views, as tabs).
    NOT_COUNTED = frozenset({"sort", "view"})
    # The value a filter takes when nobody chose one (the queue's status): not counted either.
    DEFAULTS = {}

    @property
    def active_count(self):
        """How many filters narrow the list: those given a value other than their default.
        Shown on the panel's toggle, which stays open while one is active."""
        form = self.form
        form.is_valid()  # the list runs the same validation; a refused value counts as nothing
        return sum(
            1
            for name, value in getattr(form, "cleaned_data", {}).items()
            if name not in self.NOT_COUNTED
            and value not in (None, "", False)
            and not (hasattr(value, "__len__") and not isinstance(value, str) and not len(value))
            and value != self.DEFAULTS.get(name)
        )

    @property
    def is_searched(self):
        """Whether the list is narrowed by words typed in the search box."""
        form = self.form
        form.is_valid()
        return bool(getattr(form, "cleaned_data", {}).get("q"))

    @property
    def search_notice(self):
        raw = self.data.get("q") if self.data else None
        return search_text_normalise(raw if isinstance(raw, str) else "").notice
