"""Issue 17: every page each role reaches on the demo data, in Chromium, at a phone's width and
a desktop's, with the menu and the folded panels opened: nothing scrolls sideways, axe-core
finds nothing serious or critical, no element cuts its own text, a first visit transfers less
than 200 KB, nothing leaves the origin and the Content-Security-Policy blocks nothing (PageAudit
of conftest.py). Each role's home page is saved as the phone's first screen shows it
(``var/screenshots/home-<role>.png``, HOME_SCREENSHOTS, copied to docs/screenshots for the
README).

The pages are those the link crawl (tests/dsi_portal/test_link_crawl.py) reaches from each
role's home page, one per shape of address (about 180 for the six demo accounts), printed at
the end. ``EVERY_PAGE_ROLES=sg@demo.bf,agent@demo.bf`` walks only those accounts.
"""

import importlib
import os
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.dsi_portal.test_link_crawl import ROLES, _links, _local, _shape, _worth_visiting
from tests.e2e.conftest import SCREENSHOTS, PageAudit

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# The README's screenshots of each role's home page, by the account that takes them.
HOME_SCREENSHOTS = {
    "dsi.sante@demo.bf": "home-dsi",
    "agent@demo.bf": "home-anptic-agent",
    "secretariat@demo.bf": "home-secretariat",
    "sg@demo.bf": "home-secretary-general",
}
DOWNLOADS = ("application/pdf", "spreadsheetml", "text/calendar", "text/csv")


# Objects of one shape are opened up to this many times to find the links only some of them
# show (the minutes' versions of a past session, not of the coming one); the browser then visits
# one page per shape.
DISCOVER_PER_SHAPE = 4


def _pages(client):
    """One address per page shape the role reaches, breadth-first from its home page."""
    from collections import Counter, deque

    queue, seen, opened, pages = deque(["/"]), {"/"}, Counter(), []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = _local(response["Location"], url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "html" not in content_type:
            continue
        if any(kind in content_type for kind in DOWNLOADS):
            continue
        shape = _shape(url)
        if not opened[shape]:
            pages.append(url)
        opened[shape] += 1
        for href in _links(response.content.decode()):
            target = _local(href, url)
            if target is None or target in seen or not _worth_visiting(target):
                continue
            if urlsplit(target).path.startswith(("/admin/", "/accounts/logout")):
                continue
            seen.add(target)
            if opened[_shape(target)] < DISCOVER_PER_SHAPE:
                queue.append(target)
    return pages


def _problems(page, url):
    from axe_playwright_python.sync_playwright import Axe

    found = []
    results = Axe().run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


# The data migrations that fill reference tables (idempotent: get_or_create).
REFERENCE_DATA = [
    ("recommendations.migrations.0002_default_themes", "create_themes"),
    ("helpdesk.migrations.0002_reference_data", "create"),
    ("helpdesk.migrations.0007_public_holidays_2028_to_2030", "create"),
]


@pytest.fixture
def demo_world(transactional_db, settings, tmp_path):
    """The demo, seeded after the reference data of the migrations is put back: an earlier
    browser test of this worker may have flushed the tables."""
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


# The layout does not depend on the database: one pass (PostgreSQL's) is enough, and the walk
# takes minutes (two widths, axe-core on each page).
@pytest.mark.postgresql
def test_every_page_fits_and_passes_axe(demo_world, browser, live_server, client):
    from core.health import heartbeat_record

    heartbeat_record()
    report = []
    only = os.environ.get("EVERY_PAGE_ROLES")
    for email in only.split(",") if only else ROLES:
        report += _walk(email, browser, live_server, client)
    assert not report, "\n".join(report)


def _walk(email, browser, live_server, client):
    from tests.conftest import PASSWORD

    user = User.objects.get(email=email)
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    pages = _pages(client)
    report = []
    for name, viewport in WIDTHS.items():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=viewport)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_test_id("greeting").wait_for()
        # From here each page is weighed as a first visit (browser cache off), and checked for
        # requests leaving the origin and for what the Content-Security-Policy blocks.
        audit = PageAudit(page, live_server.url)
        for url in pages:
            page.goto(url)
            if url == "/" and name == "phone" and email in HOME_SCREENSHOTS:
                # Each role's home page as the phone's first screen shows it (README).
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"{HOME_SCREENSHOTS[email]}.png"))
            toggler = page.locator(".navbar-toggler")
            if toggler.is_visible():
                toggler.click()
                page.locator("#main-nav.show").wait_for()
            # Folded panels (filters, details) open, as a user opening them would see them.
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            for problem in _problems(page, url):
                report.append(f"{name} {url}: {problem}")
            try:
                audit.check(axe=False)
            except AssertionError as failure:
                report.append(f"{name} {url}: {failure}".splitlines()[0])
            audit.requests.clear()
            audit.foreign.clear()
            audit.csp_errors.clear()
            audit.pending = None
        context.close()
    print(f"\n{email}: {len(pages)} pages: " + " ".join(pages))
    return report


# The views the walk does not open as pages, and why. Every other view of the URL resolver must
# be reached by some demo account: a new page cannot escape the walk unnoticed.
NOT_PAGES = {
    # Reached signed out, or from an e-mail's one-time link (tests/e2e/test_login_journeys.py).
    "login": "signed-out page",
    "logout": "POST only",
    "password_reset": "signed-out page",
    "password_reset_done": "signed-out page",
    "password_reset_confirm": "one-time link from an e-mail",
    "password_reset_complete": "after a one-time link",
    "password_change_done": "after a POST",
    "set_language": "POST only",
    "healthz": "JSON for the supervisor",
    "helpdesk:bulk": "POST only: the queue's bulk form (GET answers 405 to agents, 404 to others)",
    "favicon": "image",
    # Files, not pages.
    "meetings:personal_feed": "iCal file",
    "meetings:ics": "iCal file",
    "meetings:situations_xlsx": "spreadsheet",
    "meetings:minutes_pdf": "PDF",
    "meetings:document_download": "uploaded file",
    "recommendations:export_xlsx": "spreadsheet",
    "recommendations:export_csv": "CSV file",
    "recommendations:report_pdf": "PDF",
    "recommendations:report_xlsx": "spreadsheet",
    "recommendations:evidence": "uploaded file",
    "helpdesk:attachment": "uploaded file",
    "helpdesk:ticket_pdf": "PDF",
}


def _view_names(pages):
    from django.urls import resolve

    return {resolve(urlsplit(url).path).view_name for url in pages}


def _resolver_views():
    from django.urls import URLResolver, get_resolver

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield namespace + pattern.name

    return set(walk(get_resolver().url_patterns))


def _actions():
    """The views that answer GET with 405 for everyone: actions, not pages. The permission
    table (tests/trust/test_permission_table.py) says so for each URL of the resolver."""
    from tests.trust.test_permission_table import ACTION_ONLY, ROWS

    return {row.name for row in ROWS if row.get == ACTION_ONLY}


def test_the_walk_reaches_every_page_of_the_url_resolver(demo_world, client):
    """The pages of the browser walk, compared with the URL resolver: each view is reached by
    a demo account, or is an action (GET answers 405, says the permission table), or is listed
    in NOT_PAGES with its reason."""
    reached = set()
    for email in ROLES:
        client.force_login(User.objects.get(email=email))
        reached |= _view_names(_pages(client))
    missing = _resolver_views() - reached - set(NOT_PAGES)
    post_only = missing & _actions()
    print("\nreached: " + " ".join(sorted(reached)))
    assert not (missing - post_only), "views no demo account reaches: " + ", ".join(
        sorted(missing - post_only)
    )
    stale = set(NOT_PAGES) & reached
    assert not stale, f"listed in NOT_PAGES but reached: {sorted(stale)}"
