"""Every page of every role speaks French to its reader: no date written the machine's way
("2022-12-31") and no Django placeholder ("---------") in what the page shows.

The pages are those of the permission table (tests/trust/test_permission_table.py) in its
world, each requested by every role that may open it. Only what a reader sees is searched: the
text of the page and the attributes a browser shows (title, placeholder, aria-label, alt), not
links, form values or data attributes, where the machine's form is right.
"""

import importlib
import importlib.util
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import get_resolver

from core.forms import DJANGO_EMPTY_LABEL, ChoiceLabels
from tests.trust.conftest import ROLES, rolled_back, user_for, world  # noqa: F401
from tests.trust.test_permission_table import ROWS, urgent  # noqa: F401

# A date on its own, not a part of a reference such as "R-2022-01-01".
ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
PLACEHOLDER = "---------"
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


class ShownText(HTMLParser):
    """The text of a page as a reader meets it, one piece per text node or shown attribute."""

    def __init__(self):
        super().__init__()
        self.pieces = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.pieces += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.pieces.append(data.strip())


def shown_text(html):
    parser = ShownText()
    parser.feed(html)
    return parser.pieces


def test_shown_text_leaves_out_values_links_and_scripts():
    html = (
        '<a href="/q?after=2022-01-01" title="Du 1 janvier">x</a>'
        '<input type="date" value="2022-01-01"><option value="">---------</option>'
        '<script>const d = "2022-01-01";</script>'
    )
    assert shown_text(html) == ["Du 1 janvier", "x", "---------"]


def _offenders(html):
    return [piece for piece in shown_text(html) if ISO_DATE.search(piece) or PLACEHOLDER in piece]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_no_page_shows_an_iso_date_or_a_django_placeholder(
    client,
    cast,
    world,  # noqa: F811 - the trust world fixture, imported above
    urgent,  # noqa: F811 - the permission table's session ahead, imported above
    media,
    role,
):
    client.force_login(user_for(cast, role))
    found = []
    for row in ROWS:
        if row.get[role] != 200:
            continue
        path = row.path(world, role)
        with rolled_back():
            response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found += [f"{path} ({row.id}): {piece!r}" for piece in _offenders(response.text)]
    assert not found, "\n".join(found)


PORTAL_APPS = ("accounts", "core", "meetings", "recommendations", "helpdesk", "dsi_portal")


def portal_forms():
    """Every form class the portal defines (the admin's aside)."""
    assert get_resolver().url_patterns  # imports every view, and the forms they use
    for app in PORTAL_APPS:
        if importlib.util.find_spec(f"{app}.forms"):
            importlib.import_module(f"{app}.forms")
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in PORTAL_APPS and "admin" not in cls.__module__:
            found.add(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def shows_django_empty_label(field):
    if isinstance(field, forms.ModelChoiceField):
        return field.empty_label == DJANGO_EMPTY_LABEL
    if isinstance(field, forms.ChoiceField) and isinstance(field.choices, list):
        return any(shown == DJANGO_EMPTY_LABEL for _value, shown in field.choices)
    return False


def test_every_form_with_a_select_list_names_its_empty_choice():
    """A form whose select list would open on Django's "---------" says something instead
    (core.forms.ChoiceLabels); the pages above prove it for the forms they show."""
    classes = portal_forms()
    assert len(classes) > 10
    bare = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in classes
        if not issubclass(cls, ChoiceLabels)
        for name, field in cls.base_fields.items()
        if shows_django_empty_label(field)
    ]
    assert not bare, bare


class Sample(ChoiceLabels, forms.Form):
    empty_labels = {"meaning": "— La réunion dans son ensemble —"}

    required = forms.ModelChoiceField(queryset=None)
    optional = forms.ModelChoiceField(queryset=None, required=False)
    meaning = forms.ModelChoiceField(queryset=None, required=False)
    kind = forms.TypedChoiceField(choices=[("", DJANGO_EMPTY_LABEL), ("a", "A")], required=False)
    chosen = forms.ModelChoiceField(queryset=None, empty_label="Choisir un agent")


def test_the_empty_choice_says_what_leaving_it_means():
    fields = Sample().fields
    assert fields["required"].empty_label == "— Choisir —"
    assert fields["optional"].empty_label == "— Non renseigné —"
    assert fields["meaning"].empty_label == "— La réunion dans son ensemble —"
    assert fields["kind"].choices == [("", "— Non renseigné —"), ("a", "A")]
    assert fields["chosen"].empty_label == "Choisir un agent"
