"""dsi_portal keeps configuration and the pages that combine apps; those call the apps'
selectors and permissions rather than querying the apps' models (issue 14, STYLE.md "One rule,
one home"). Read from the source, so that a new query written here fails at once."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dsi_portal"
MANAGERS = {"objects", "_default_manager", "_base_manager"}

# (file, model): a query that stays here for a reason given beside it. Each entry must still be
# needed (the test fails on a stale one), so the list only shrinks.
ALLOWED = set()


def _modules():
    """The package's own modules and its management commands, without its settings and the
    benchmark tooling (leaving the package, issue 14)."""
    modules = [p for p in PACKAGE.glob("*.py") if not p.name.startswith("settings")]
    commands = PACKAGE / "management" / "commands"
    modules += [
        p
        for p in commands.glob("*.py")
        if not (p.name.startswith("bench") or p.name == "seed_bench.py")
    ]
    return sorted(modules)


def _imported_from_elsewhere(tree):
    """Names bound by an import from outside the package: other apps, Django's."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level or (node.module or "").split(".")[0] == "dsi_portal":
                continue
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] != "dsi_portal"
            )
    return names


def _root(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def model_queries(source):
    """(model, line) of every ``Model.objects`` (or default manager) reached through a name
    imported from another app or from Django."""
    tree = ast.parse(source)
    foreign = _imported_from_elsewhere(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            root = _root(node.value)
            if root in foreign:
                model = node.value.attr if isinstance(node.value, ast.Attribute) else root
                found.append((model, node.lineno))
    return sorted(found, key=lambda item: item[1])


def test_the_guard_sees_the_queries_it_is_meant_to_catch():
    source = (
        "from recommendations.models import Recommendation\n"
        "from django.contrib.contenttypes.models import ContentType\n"
        "import meetings.models\n"
        "from .home import Panel\n"
        "Recommendation.objects.filter(status='done').count()\n"
        "ContentType.objects.get_for_model(Panel)\n"
        "meetings.models.Meeting._default_manager.all()\n"
        "Panel.objects.all()\n"
    )
    assert model_queries(source) == [("Recommendation", 5), ("ContentType", 6), ("Meeting", 7)]


def test_the_pages_that_combine_apps_query_no_other_apps_models():
    modules = _modules()
    assert PACKAGE / "digest.py" in modules and PACKAGE / "home.py" in modules
    found = [
        (path.name, model, line)
        for path in modules
        for model, line in model_queries(path.read_text(encoding="utf-8"))
    ]
    assert [
        f"dsi_portal/{name}:{line} queries {model}"
        for name, model, line in found
        if (name, model) not in ALLOWED
    ] == []
    stale = ALLOWED - {(name, model) for name, model, _line in found}
    assert not stale, f"allow-list entries no longer needed: {sorted(stale)}"
