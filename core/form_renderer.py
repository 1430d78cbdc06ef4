"""The form renderer of the portal: Django's, with its most used widget templates (inputs,
selects and their options) written in Python.

A list's filters draw selects of hundreds of options (every session, every structure): through
the templates each option costs two template renders, 15-30 ms a page (issue 18's profile). The
markup written here is the templates' own, character for character; any other widget, or a
template overridden by an app, renders through the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

_WIDGETS = "django/forms/widgets/"
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in ("text", "date", "number", "email", "hidden", "checkbox", "search", "url", "tel")
}


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return SafeString(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _input(widget):
    value = ""
    if widget["value"] is not None:
        value = format_html(' value="{}"', str(widget["value"]))
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        _attrs(widget["attrs"]),
    )


def _option(option):
    # The template's file ends with a new line, kept in its output. Written with escape()
    # rather than format_html: a select of every structure draws a hundred of them.
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"'
        f"{_attrs(option['attrs']) if option['attrs'] else ''}>"
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _select(widget):
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            if option["template_name"] != f"{_WIDGETS}select_option.html":
                return None
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return SafeString("".join(parts))


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        written = None
        if widget is not None and not self._overridden(template_name):
            if template_name in _INPUTS:
                written = _input(widget)
            elif template_name == f"{_WIDGETS}select.html":
                written = _select(widget)
        if written is None:
            return super().render(template_name, context, request)
        return written

    def _overridden(self, template_name):
        """True when a project or app template takes the place of Django's own."""
        cache = self.__dict__.setdefault("_overridden_cache", {})
        if template_name not in cache:
            origin = self.get_template(template_name).origin.name
            cache[template_name] = "/django/forms/templates/" not in origin.replace("\\", "/")
        return cache[template_name]
