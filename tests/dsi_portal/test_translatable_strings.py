"""Every string marked for translation can be found by `make messages`: xgettext does not read
inside f-strings, so a string marked there never reaches the catalogues and stays French in
English (the home page's "réponse attendue" did)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
SKIPPED = {".venv", "tests", "node_modules", "staticfiles"}


def portal_sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path


def marked_inside_f_strings(source):
    """The gettext calls written inside an f-string of ``source``: (line, call)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            found += [
                (call.lineno, ast.unparse(call))
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in GETTEXT
            ]
    return found


def test_the_check_sees_a_string_marked_inside_an_f_string():
    source = "x = f\"{when} · {_('réponse attendue')}\"\ny = when + _('ailleurs')\n"
    assert marked_inside_f_strings(source) == [(1, "_('réponse attendue')")]


def test_no_string_is_marked_inside_an_f_string():
    hidden = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in portal_sources()
        for line, call in marked_inside_f_strings(path.read_text(encoding="utf-8"))
    ]
    assert not hidden, "\n".join(hidden)
