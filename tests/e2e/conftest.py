"""Browser journeys: Playwright for Python driving Debian's Chromium against live_server."""

import os
from datetime import date
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install Debian's package with "
            "`sudo apt-get install -y chromium` (or set CHROMIUM_PATH) to run the browser tests."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # While Playwright's sync API is open, its asyncio event loop is the running loop of this
    # thread, for every test that follows in the session (not only the browser tests), and
    # Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation).
    # Those calls (the cast, assertions) are plain synchronous code, so lift the guard for
    # exactly as long as the loop runs, and put back whatever was there before.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    from tests.conftest import PASSWORD

    def _log_in(email, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()

    return _log_in


# --- Production-like static files ------------------------------------------------------------
# The live server serves static files as production does: collected once by the production
# storage (hashed names, gzip variants) and served by WhiteNoise, so the weight measured in the
# journeys is what a browser really downloads. Django's own static handler would serve the raw
# files from the finders, uncompressed.
PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Files no page of the portal links to: left out so that hashing and compressing take seconds,
# not a minute (the admin's and Bootstrap's variants, sources and their maps).
UNUSED_STATIC = [
    "admin",
    "scss",
    "*.rtl.*",
    "bootstrap-*",
    "*.esm.*",
    "bootstrap.css",
    "bootstrap.css.map",
    "bootstrap.js",
    "bootstrap.js.map",
    "bootstrap.min.js",
    "bootstrap.min.js.map",
    "bootstrap.bundle.js",
    "bootstrap.bundle.js.map",
]


def _production_static(root):
    from django.conf import settings

    return {
        "STATIC_ROOT": root,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    from django.core.management import call_command
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(**_production_static(root)):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=UNUSED_STATIC)
    return root


class _ThroughTheApplication:
    """In place of Django's static handler: every request reaches WhiteNoise's middleware."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        return self.application(environ, start_response)


@pytest.fixture(scope="session")
def live_server(request, collected_static):
    """pytest-django's live server, with WhiteNoise serving the collected static files."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = _ThroughTheApplication
    # WhiteNoise reads its settings and indexes STATIC_ROOT when the server thread builds the
    # middleware, during start().
    with override_settings(**_production_static(collected_static)):
        server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _hashed_static_names(request):
    """Pages link to the hashed, compressed files, as in production."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from django.test.utils import override_settings

    with override_settings(**_production_static(request.getfixturevalue("collected_static"))):
        yield


# --- Journeys: one role, at a phone's width, every page audited -----------------------------
PHONE = {"width": 390, "height": 844}
MAX_FIRST_VISIT_BYTES = 200 * 1024
SCREENSHOTS = Path(
    os.environ.get(
        "JOURNEY_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots"
    )
)


STICKING_OUT = """width => [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase()
        + (typeof e.className === 'string' && e.className.trim()
           ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
        + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')"""


# Elements that cut their own text: overflow hidden or clipped, and text wider (or taller) than
# the box. A link shortened with an ellipsis whose title gives the whole text is allowed (the
# month calendar's cells); visually hidden text (1 px boxes, for screen readers) is not seen.
CLIPPED = """() => [...document.body.querySelectorAll('*')]
    .filter(e => {
        const style = getComputedStyle(e);
        const x = ['hidden', 'clip'].includes(style.overflowX);
        const y = ['hidden', 'clip'].includes(style.overflowY);
        if (!(x || y) || style.visibility === 'hidden' || e.getClientRects().length === 0) {
            return false;
        }
        if (e.clientWidth <= 1 || e.clientHeight <= 1) return false;
        if (!e.innerText || !e.innerText.trim()) return false;
        if (style.textOverflow === 'ellipsis' && e.title && e.title.trim()) return false;
        return (x && e.scrollWidth > e.clientWidth + 1)
            || (y && e.scrollHeight > e.clientHeight + 1);
    })
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase()
        + (typeof e.className === 'string' && e.className.trim()
           ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + e.innerText.trim().slice(0, 40) + '" ('
        + e.clientWidth + 'x' + e.clientHeight + ' px, text '
        + e.scrollWidth + 'x' + e.scrollHeight + ')')"""


def clipped(page):
    """Elements narrower (or shorter) than their text, which they cut off."""
    return page.evaluate(CLIPPED)


def sticking_out(page, width):
    """The outermost elements wider than the screen, for a failure to say where to look."""
    return page.evaluate(STICKING_OUT, width)


class PageAudit:
    """The checks every page of a journey passes, as a first-time visitor on a phone sees it.

    The browser cache is off, so each page is weighed as on a first visit. ``check()`` runs after
    each page the journey reaches; ``finish()`` fails if a page was reached without one.
    """

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin.rstrip("/")
        self.requests = []
        self.foreign = []
        self.csp_errors = []
        self.unchecked = []
        self.pending = None
        self.report = []
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_finished)
        page.on("console", self._on_console)
        page.on("framenavigated", self._on_navigated)

    def _on_request(self, request):
        if request.url.startswith("data:"):
            return
        if not request.url.startswith(self.origin + "/"):
            self.foreign.append(request.url)

    def _on_finished(self, request):
        self.requests.append(request)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def _on_navigated(self, frame):
        if frame != self.page.main_frame:
            return
        if self.pending is not None:
            self.unchecked.append(self.pending)
        self.pending = frame.url

    def check(self, axe=True):
        """Origin, weight, phone width, accessibility (unless ``axe`` is off: the caller runs
        it) and CSP of the page now shown."""
        from axe_playwright_python.sync_playwright import Axe

        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        assert not self.foreign, f"{url}: requests leave the origin: {self.foreign}"
        weight = 0
        for finished in self.requests:
            sizes = finished.sizes()
            weight += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        assert weight < MAX_FIRST_VISIT_BYTES, f"{url}: {weight} bytes on a first visit"
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        culprits = sticking_out(page, widths[1]) if widths[0] > widths[1] else []
        assert widths[0] <= widths[1], (
            f"{url}: {widths[0]} px wide on a {widths[1]} px screen; sticking out: {culprits}"
        )
        cut = clipped(page)
        assert not cut, f"{url}: text cut off by its box: {cut}"
        results = Axe().run(page) if axe else None
        serious = (
            []
            if results is None
            else [
                f"{violation['id']} ({violation['impact']}): {violation['help']} — "
                + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
                for violation in results.response["violations"]
                if violation["impact"] in ("serious", "critical")
            ]
        )
        assert not serious, f"{url}: accessibility violations:\n" + "\n".join(serious)
        assert not self.csp_errors, f"{url}: blocked by the CSP: {self.csp_errors}"
        self.report.append((url.removeprefix(self.origin), weight))
        self.requests.clear()
        self.pending = None

    def finish(self, name, show=None):
        """Check that no page escaped the audit, and save the last page as the phone shows it,
        scrolled to ``show`` (a locator) if given."""
        assert not self.unchecked, f"pages reached without a check: {self.unchecked}"
        assert self.pending is None, f"last page not checked: {self.pending}"
        if show is not None:
            show.evaluate(
                "element => element.scrollIntoView({block: 'center', behavior: 'instant'})"
            )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
        print(
            f"\n{name}: "
            + ", ".join(f"{path} {weight / 1024:.0f} KB" for path, weight in self.report)
        )


@pytest.fixture
def journey(browser, live_server):
    """Opens an audited phone-sized browser for one member of the cast and signs them in."""
    from core.health import heartbeat_record
    from tests.conftest import PASSWORD

    # As in production, the Celery worker is alive: staff pages carry no "reminders stopped"
    # warning, and the public holidays of this year and the next are recorded: no "no public
    # holiday recorded" warning either (the screenshots show the page as users see it).
    heartbeat_record()
    from django.utils import timezone

    from helpdesk.models import Holiday

    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        Holiday.objects.get_or_create(date=date(year, 1, 1), defaults={"name": "Jour de l'an"})
    contexts = []

    def _start(user):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        audit = PageAudit(page, live_server.url)
        page.goto("/accounts/login/")
        audit.check()
        page.get_by_label("Adresse e-mail").fill(user.email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_test_id("greeting").wait_for()
        audit.check()
        return page, audit

    yield _start
    for context in contexts:
        context.close()
