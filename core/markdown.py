"""User-written Markdown (meeting minutes) rendered to safe HTML, and line diffs between versions.

The rule: raw HTML in the source is shown as text, never interpreted; the HTML that Markdown
produces is then sanitised against an explicit allow-list, and only that result is marked safe.
"""

import difflib
import re

import markdown
import nh3
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
