"""The form fields written in Python (issue 18) draw the markup of the templates they replace:
Django's widget templates (core.form_renderer) and crispy-bootstrap5's field
(core.templatetags.fields), with errors, help text, the required mark and hostile labels."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates

from core.form_renderer import FormRenderer
from core.templatetags.fields import as_field

HOSTILE = '"><script>alert(1)</script>'


class Everything(forms.Form):
    text = forms.CharField(
        max_length=5,
        help_text="Cinq caractères <b>au plus</b>",
        widget=forms.TextInput(attrs={"placeholder": HOSTILE, "autofocus": True, "data-x": False}),
    )
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    choice = forms.ChoiceField(
        choices=[("", "Tous"), ("x", HOSTILE), ("Groupe <g>", [("1", "un"), ("2", "deux")])],
        required=False,
    )
    agree = forms.BooleanField(label="J'accepte")
    number = forms.IntegerField(required=False, label="")
    note = forms.CharField(widget=forms.Textarea, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="v&")
    several = forms.MultipleChoiceField(choices=[("1", "a"), ("2", "b")], required=False)
    typed = forms.TypedChoiceField(choices=[(1, "a"), (2, "b")], coerce=int)
    radio = forms.ChoiceField(choices=[("1", "a")], widget=forms.RadioSelect, required=False)


SUBMISSIONS = [
    None,
    {"text": "bien trop long", "day": "demain", "choice": "2", "several": ["1"], "typed": "9"},
    {"text": "ok", "agree": "on", "choice": "x", "typed": "2", "hidden": HOSTILE},
]


def _spaces_aside(html):
    html = re.sub(r">\s+", ">", str(html))
    return re.sub(r"\s+", " ", re.sub(r"\s+<", "<", html))


@pytest.mark.parametrize("data", SUBMISSIONS)
def test_widgets_written_in_python_are_the_templates_own(data):
    by_templates = Everything(data, renderer=DjangoTemplates())
    written = Everything(data, renderer=FormRenderer())
    for name in Everything.base_fields:
        assert str(written[name]) == str(by_templates[name]), name


@pytest.mark.parametrize("data", SUBMISSIONS)
def test_fields_written_in_python_are_crispys_own(data):
    by_crispy, written = Everything(data), Everything(data)
    for name in Everything.base_fields:
        expected = _spaces_aside(as_crispy_field(by_crispy[name]))
        assert _spaces_aside(as_field(written[name])) == expected, name


def test_a_hostile_label_and_value_are_escaped():
    html = str(as_field(Everything({"choice": "x", "hidden": HOSTILE})["choice"]))
    assert "<script>" not in html and "&lt;script&gt;" in html
