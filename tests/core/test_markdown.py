"""Minutes in Markdown: rendered for reading, never a way to run script in a reader's browser."""

from html.parser import HTMLParser

from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.markdown import ALLOWED_TAGS, LINK_REL, diff_marked, diff_versions, render_markdown


class Elements(HTMLParser):
    """Every start tag of an HTML fragment, with its attributes (entities already decoded)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html):
    return Elements(html).elements


def tags(html):
    return [tag for tag, _ in elements(html)]


def assert_harmless(html):
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in {"href", "src"}:
                scheme = "".join((value or "").split()).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), value


MINUTES = """# 2ème rencontre MTDPCE – DSI

## Recommandations

1. Généraliser la **messagerie professionnelle**
2. Déployer le *serveur de fichiers* partagé

- e-Conseil des Ministres
- circuit intégré des missions

| Structure | Taux |
|:----------|-----:|
| MENA      | 80 % |

> Le Ministre a présidé la séance.

Voir [le compte rendu](https://portail-dsi.bf/meetings/12/) ou écrire à
<secretariat@mtdpce.gov.bf>.

```
make run
```

---
"""


def test_headings_lists_tables_and_quotes_render():
    html = render_markdown(MINUTES)

    assert "<h1>2ème rencontre MTDPCE – DSI</h1>" in html
    assert "<h2>Recommandations</h2>" in html
    assert "<strong>messagerie professionnelle</strong>" in html
    assert "<em>serveur de fichiers</em>" in html
    assert {"ol", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"} <= set(tags(html))
    assert {"blockquote", "pre", "code", "hr"} <= set(tags(html))
    assert '<th align="left">Structure</th>' in html
    assert '<td align="right">80 %</td>' in html


def test_result_is_marked_safe_for_templates():
    assert isinstance(render_markdown("Bonjour"), SafeString)
    assert render_markdown("") == ""


def test_links_keep_their_address_and_get_noopener():
    html = render_markdown(MINUTES)
    links = [attrs for tag, attrs in elements(html) if tag == "a"]

    assert {a["href"] for a in links} == {
        "https://portail-dsi.bf/meetings/12/",
        "mailto:secretariat@mtdpce.gov.bf",
    }
    assert all(a["rel"] == LINK_REL for a in links)


def test_link_title_is_kept():
    html = render_markdown('[site](https://anptic.bf "Site de l\'ANPTIC")')

    (link,) = [attrs for tag, attrs in elements(html) if tag == "a"]

    assert link == {"href": "https://anptic.bf", "title": "Site de l'ANPTIC", "rel": LINK_REL}


def test_script_tag_is_shown_as_text_not_run():
    html = render_markdown("Avant\n\n<script>alert(1)</script>\n\nAprès <script>alert(2)</script>")

    assert "script" not in tags(html)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


def test_image_with_onerror_is_neutralised():
    html = render_markdown("<img src=x onerror=alert(1)>\n\n![x](javascript:alert(1))")

    assert "img" not in tags(html)
    assert_harmless(html)


def test_javascript_markdown_link_loses_its_href():
    html = render_markdown("[cliquez](javascript:alert(1)) [encore](JaVaScRiPt:alert(1))")

    assert all("href" not in attrs for tag, attrs in elements(html) if tag == "a")
    assert_harmless(html)


def test_javascript_html_link_is_neutralised():
    html = render_markdown('<a href="javascript:alert(document.cookie)">ici</a>')

    assert "a" not in tags(html)
    assert_harmless(html)


def test_scheme_hidden_behind_control_characters_is_dropped():
    html = render_markdown(
        "[a](J\x0cAVASCRIPT:alert(1)) [b](java\x01script:alert(1)) [c](\u2003javascript:x)"
    )

    assert all("href" not in attrs for tag, attrs in elements(html) if tag == "a")


def test_other_schemes_are_dropped_but_relative_links_kept():
    html = render_markdown("[d](data:text/html;base64,PHNjcmlwdD4=) [r](/meetings/12/)")
    hrefs = [attrs.get("href") for tag, attrs in elements(html) if tag == "a"]

    assert hrefs == [None, "/meetings/12/"]


def test_inline_style_and_event_handlers_are_neutralised():
    html = render_markdown(
        '<p style="position:fixed" onclick="alert(1)">texte</p>\n\n'
        '<div onmouseover="alert(1)">survol</div>'
    )

    assert tags(html) == ["p", "p"]
    assert_harmless(html)


def test_iframe_is_neutralised():
    html = render_markdown('<iframe src="https://example.org"></iframe>')

    assert "iframe" not in tags(html)
    assert_harmless(html)


def test_markdown_attributes_cannot_smuggle_handlers():
    html = render_markdown('# Titre {: onclick="alert(1)" }\n\n![a](x.png){: onerror=alert(1)}')

    assert_harmless(html)


DANGEROUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java\x0cscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<a href=" JAVASCRIPT:alert(1)">a</a>',
    "<iframe src=//evil.example>",
    '<p style="color:red">',
    "<!-- <script> -->",
    "<http://x.org/?<script>>",
    "`<script>`",
    "```\n<script>\n```",
    "\n\n",
    "| a | b |\n|---|---|\n| <b onclick=x> | c |\n",
    "{: onclick=alert(1) }",
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(), st.sampled_from(DANGEROUS)), max_size=8).map("".join))
def test_no_text_ever_renders_to_active_content(text):
    html = render_markdown(text)

    assert_harmless(html)


def test_diff_marks_equal_added_and_removed_lines():
    old = "Présents : 42 DSI\nOrdre du jour\nMessagerie professionnelle\nDivers"
    new = (
        "Présents : 45 DSI\nOrdre du jour\nMessagerie professionnelle\nServeur de fichiers\nDivers"
    )

    assert diff_versions(old, new) == [
        ("removed", "Présents : 42 DSI"),
        ("added", "Présents : 45 DSI"),
        ("equal", "Ordre du jour"),
        ("equal", "Messagerie professionnelle"),
        ("added", "Serveur de fichiers"),
        ("equal", "Divers"),
    ]


def test_diff_of_identical_versions_is_all_equal():
    text = "Ligne 1\r\nLigne 2"

    assert diff_versions(text, "Ligne 1\nLigne 2") == [("equal", "Ligne 1"), ("equal", "Ligne 2")]


def test_diff_from_and_to_nothing():
    assert diff_versions("", "Nouveau") == [("added", "Nouveau")]
    assert diff_versions("Ancien", "") == [("removed", "Ancien")]
    assert diff_versions("", "") == []


def test_diff_returns_text_not_html():
    assert diff_versions("", "<b>gras</b>") == [("added", "<b>gras</b>")]


def test_marked_diff_shows_the_changed_words_of_a_line():
    assert diff_marked("Présents : 42 DSI\nDivers", "Présents : 45 DSI\nDivers") == [
        ("changed", "Présents : <del>42</del><ins>45</ins> DSI"),
        ("equal", "Divers"),
    ]


def test_marked_diff_keeps_unlike_lines_whole():
    assert diff_marked("Ouverture\nAncien point", "Ouverture\nTout autre sujet abordé") == [
        ("equal", "Ouverture"),
        ("removed", "<del>Ancien point</del>"),
        ("added", "<ins>Tout autre sujet abordé</ins>"),
    ]


def test_marked_diff_escapes_every_text():
    rows = diff_marked("<b>a</b> x", '<b>a</b> <script>alert("y")</script>')

    html = "".join(row for _kind, row in rows)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;a&lt;/b&gt;" in html


def test_marked_diff_shows_a_very_long_changed_line_whole_rather_than_word_by_word():
    """Comparing word by word grows with the square of the line: beyond
    WORD_DIFF_MAX_TOKENS words and signs a changed paragraph is shown removed and added whole
    (a 60,000-character one-paragraph minutes would otherwise hold the page for minutes)."""
    from core.markdown import WORD_DIFF_MAX_TOKENS

    words = [f"mot{index}" for index in range(WORD_DIFF_MAX_TOKENS)]
    old = " ".join(words)
    new = " ".join([*words[:-1], "changé"])

    rows = diff_marked(old, new)

    assert [kind for kind, _row in rows] == ["removed", "added"]
    assert rows[1][1] == f"<ins>{new}</ins>"
    short_old, short_new = " ".join(words[:50]), " ".join([*words[:49], "changé"])
    assert [kind for kind, _row in diff_marked(short_old, short_new)] == ["changed"]
