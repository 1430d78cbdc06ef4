"""What users may type: the one home of text limits and of the characters refused in names.

Limits are far above what a civil servant writes (a 20,000-character ticket is ten pages) and
well below what ties up the server (every PDF, e-mail and export carries the text). Titles and
names refuse the Unicode controls that reverse or isolate the direction of writing (U+202A to
U+202E, U+2066 to U+2069): one of them makes "Facture 2026‮fdp.exe" read as something else in
a list, a subject line or a PDF. The marks that only hint a direction (U+200E, U+200F), which
Arabic text legitimately carries, are accepted.

Model fields carry the limits (``max_length`` on a TextField reaches every ModelForm) and the
validator; plain forms build their fields with ``long_text_field`` and ``name_field``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Descriptions, messages, comments, reasons.
TEXT_MAX_CHARS = 20_000
# The minutes of a session (Markdown): about twenty-five pages; tables included, their PDF
# stays within core.pdf's budget (PDF_MAX_HTML_CHARS).
MINUTES_MAX_CHARS = 60_000
# A recommendation's text, which lists, exports and reports show in full.
RECOMMENDATION_MAX_CHARS = 5_000

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

TOO_LONG = _(
    "Ce texte fait %(show_value)s caractères ; la limite est de %(limit_value)s. "
    "Raccourcissez-le, ou joignez le détail dans un fichier."
)


def no_bidi_controls(value):
    found = next((char for char in str(value) if char in BIDI_CONTROLS), None)
    if found is not None:
        raise ValidationError(
            _(
                "Ce texte contient un caractère invisible qui inverse le sens de l'écriture "
                "(U+%(code)04X) et peut masquer ce qui est vraiment écrit : retirez-le."
            ),
            code="bidi_control",
            params={"code": ord(found)},
        )


def long_text_field(label, *, rows=4, max_chars=TEXT_MAX_CHARS, **kwargs):
    """A plain form's field for a description, a message or a comment."""
    attrs = {"rows": rows, **kwargs.pop("attrs", {})}
    return forms.CharField(
        label=label,
        max_length=max_chars,
        widget=forms.Textarea(attrs=attrs),
        error_messages={"max_length": TOO_LONG},
        **kwargs,
    )


def name_field(label, *, max_length, **kwargs):
    """A plain form's field for a title or a name."""
    return forms.CharField(
        label=label, max_length=max_length, validators=[no_bidi_controls], **kwargs
    )
