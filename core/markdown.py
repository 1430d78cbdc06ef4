"""User-written Markdown (meeting minutes) rendered to safe HTML, and diffs between versions
(by line, and within a changed line by word).

The rule: raw HTML in the source is shown as text, never interpreted; the HTML that Markdown
produces is then sanitised against an explicit allow-list, and only that result is marked safe.
"""

import difflib
import re

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "code",
        "pre",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

# Not "extra": its attr_list, md_in_html, footnotes and abbr produce markup the allow-list drops
# anyway; these three are what minutes use (tables, code samples, lists that keep their type).
_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
# Alignment as an attribute: the default inline style would be stripped by the sanitiser.
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def _drop_hidden_schemes(element, attribute, value):
    """Drops a link whose address, once blanks and control characters are removed, names a
    scheme outside the allow-list ("java\x0cscript:"): some browsers have read such URLs."""
    if attribute != "href":
        return value
    compact = "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()
    match = _SCHEME.match(compact)
    if match and match.group(1) not in ALLOWED_URL_SCHEMES:
        return None
    return value


# Built once: the cleaner is immutable and reusable across threads.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_drop_hidden_schemes,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def _markdown_to_html(text):
    # A fresh converter per call: Markdown instances keep state and are not thread-safe.
    md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    # Without these two processors raw HTML blocks and inline tags are escaped as text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to insert in a page.

    Raw HTML is escaped; the result keeps only allow-listed tags and attributes, links only with
    http, https or mailto URLs (or relative ones) and always with rel="noopener noreferrer".
    """
    html = _markdown_to_html(text or "")
    return mark_safe(_CLEANER.clean(html))  # noqa: S308 - sanitised by nh3 just above


def diff_versions(old: str, new: str) -> list[tuple[str, str]]:
    """Line-level differences from ``old`` to ``new``, as ("equal" | "removed" | "added", line).

    Within a changed block the removed lines come before the added ones. Lines are plain text:
    the template escapes them.
    """
    old_lines = (old or "").splitlines()
    new_lines = (new or "").splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    result = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(("equal", line) for line in old_lines[i1:i2])
            continue
        result.extend(("removed", line) for line in old_lines[i1:i2])
        result.extend(("added", line) for line in new_lines[j1:j2])
    return result


# Words, runs of blanks and single signs: "42 DSI." changes in "42" without touching "DSI".
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Below this likeness two lines are shown as one removed and one added, not as one changed.
LINE_LIKENESS = 0.5
# Longer lines (in words and signs) are shown removed and added whole: comparing them word by
# word grows with the square of their length (a 60,000-character paragraph would hold a web
# process for minutes).
WORD_DIFF_MAX_TOKENS = 1_000


def _marked(text, tag):
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def _words_matcher(old, new):
    """The word-by-word comparison of two lines alike enough to be shown as one changed line,
    else None."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    if max(len(old_tokens), len(new_tokens)) > WORD_DIFF_MAX_TOKENS:
        return None
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    if matcher.quick_ratio() < LINE_LIKENESS or matcher.ratio() < LINE_LIKENESS:
        return None
    return matcher


def _words_diff(matcher):
    """One changed line: its removed words in <del>, its added ones in <ins>, all escaped."""
    old_tokens, new_tokens = matcher.a, matcher.b
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_tokens[i1:i2])))
            continue
        parts.append(_marked("".join(old_tokens[i1:i2]), "del"))
        parts.append(_marked("".join(new_tokens[j1:j2]), "ins"))
    return "".join(parts)


def _block_rows(removed, added):
    """The rows of one changed block: lines alike enough paired as changed lines (word by
    word), the others removed or added whole."""
    rows, left_removed, left_added = [], [], []
    for old, new in zip(removed, added, strict=False):
        matcher = _words_matcher(old, new)
        if matcher is not None:
            rows.append(("changed", _words_diff(matcher)))
        else:
            left_removed.append(old)
            left_added.append(new)
    left_removed += removed[len(added) :]
    left_added += added[len(removed) :]
    rows += [("removed", _marked(line, "del")) for line in left_removed]
    rows += [("added", _marked(line, "ins")) for line in left_added]
    return rows


def diff_marked(old: str, new: str) -> list[tuple[str, SafeString]]:
    """The differences from ``old`` to ``new`` as HTML rows for a page or an e-mail:
    ("equal" | "changed" | "removed" | "added", html). A changed line shows its removed words
    in <del> and its added ones in <ins>; whole lines removed or added are wrapped in one.
    Every piece of the texts is escaped: only the <del> and <ins> marks are HTML."""
    rows, removed, added = [], [], []
    for kind, line in [*diff_versions(old, new), ("equal", None)]:
        if kind == "removed":
            removed.append(line)
        elif kind == "added":
            added.append(line)
        else:
            rows += _block_rows(removed, added)
            removed, added = [], []
            if line is not None:
                rows.append(("equal", escape(line)))
    # Every row was escaped piece by piece above.
    return [(kind, mark_safe(html)) for kind, html in rows]  # noqa: S308
