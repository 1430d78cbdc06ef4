"""``{{ field|as_field }}``: crispy-bootstrap5's markup for a form field (``as_crispy_field``),
written in Python for the common fields.

Profiling the lists (issue 18) found crispy's nested field templates taking half of a page's
rendering: ten filters cost 35-60 ms. The common cases — a text, date, number or e-mail input,
a select, a checkbox, with or without errors, help text or the required mark — are written here
with the same elements, classes and ids; any other widget (files, radios, multiple widgets,
checklists, fieldsets) goes to crispy itself.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# The widgets written here, each with the Bootstrap class crispy gives it.
_CONTROL_CLASS = {
    forms.TextInput: "form-control",
    forms.EmailInput: "form-control",
    forms.NumberInput: "form-control",
    forms.DateInput: "form-control",
    forms.Textarea: "form-control",
    forms.Select: "form-select",
    forms.CheckboxInput: "form-check-input",
}
_NOT_HERE = (forms.SelectMultiple, forms.RadioSelect, forms.NullBooleanSelect)


def _control_class(widget):
    if isinstance(widget, _NOT_HERE):
        return None
    return _CONTROL_CLASS.get(type(widget))


@register.filter
def as_field(field):
    widget = field.field.widget
    control_class = _control_class(widget)
    if control_class is None or field.is_hidden or field.use_fieldset or field.css_classes():
        return as_crispy_field(field)
    if field.errors:
        control_class += " is-invalid"
    _add_classes(widget, control_class)
    control = field.as_widget()
    required = field.field.required
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
            field.auto_id,
            control,
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            _asterisk(required),
            _help_and_errors(field),
        )
    label = ""
    if field.label:
        label = format_html(
            '<label for="{}" class="form-label{}">{}{}</label>',
            field.id_for_label,
            " requiredField" if required else "",
            field.label,
            _asterisk(required),
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}</div>',
        field.auto_id,
        label,
        control,
        _help_and_errors(field),
    )


def _add_classes(widget, control_class):
    """What crispy's ``crispy_field`` does to the widget: its own class (the widget's name),
    then the Bootstrap classes, each once."""
    own = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    if own not in classes:
        classes = f"{classes} {own}".strip()
    present = classes.split()
    widget.attrs["class"] = " ".join(
        [*present, *(name for name in control_class.split() if name not in present)]
    )


def _asterisk(required):
    return mark_safe('<span class="asteriskField">*</span>') if required else ""


def _help_and_errors(field):
    """crispy-bootstrap5's help_text_and_errors.html: the errors' block, then the help text."""
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.errors.field_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # noqa: S308 - crispy's |safe: our forms' text, not users'
        )
    return format_html("{}{}", errors, help_text)
