"""Issue 16's crawl: on the demo data, every role follows every same-origin link its pages show,
breadth-first from the home page, and none answers 403, 404 or 500. A page that offers a link
its reader cannot open is a defect of that page, whoever's view it is."""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User

ROLES = [
    "admin@demo.bf",
    "secretariat@demo.bf",
    "sg@demo.bf",
    "agent@demo.bf",
    "dsi.sante@demo.bf",
    "dsi.education@demo.bf",
]

# Pages of one shape (digits replaced) visited per role: every object of the demo (ten
# recommendations, eight tickets, three sessions), so that a link shown on one object's page
# only is met.
PAGES_PER_SHAPE = 12
# Filtered variants of one page (same query keys), and documents of one kind (a PDF takes a
# second to draw): two, since they are built by the same code.
VARIANTS_PER_SHAPE = 2
DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".csv", ".ics")
# Lists are walked to their second page; further pages show the same links.
LAST_PAGE = 2

# The Django admin is its own application (tested by Django); the crawl checks the portal's
# pages, and the admin's own links only from its index.
ADMIN = "/admin/"

DOWNLOADS = ("application/pdf", "spreadsheetml", "text/calendar", "text/csv")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html):
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _local(href, base):
    """The same-origin path and query an ``href`` leads to, or None."""
    href, _fragment = urldefrag(href.strip())
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if (parts.scheme or parts.netloc) and parts.netloc not in ("testserver", ""):
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return path + ("?" + urlencode(query) if query else "")


def _shape(url):
    parts = urlsplit(url)
    keys = tuple(sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)}))
    return re.sub(r"\d+", "<n>", parts.path), keys


def _worth_visiting(url):
    parts = urlsplit(url)
    if parts.path.startswith(ADMIN) and parts.path != ADMIN:
        return False
    page = dict(parse_qsl(parts.query)).get("page", "1")
    return not page.isdigit() or int(page) <= LAST_PAGE


def _crawl(client):
    """Every failure met on the walk, as "<url> (offered by <page>): <status>"."""
    queue = deque([("/", "navigation")])
    seen = {"/"}
    shapes = Counter()
    failures = []
    while queue:
        url, offered_by = queue.popleft()
        try:
            with transaction.atomic():
                response = client.get(url)
        except Exception as error:  # noqa: BLE001 - every server error is reported together
            failures.append(f"{url} (offered by {offered_by}): {type(error).__name__}: {error}")
            continue
        if response.status_code in (301, 302):
            target = _local(response["Location"], url)
            if target and target not in seen:
                seen.add(target)
                queue.append((target, url))
            continue
        if response.status_code != 200:
            failures.append(f"{url} (offered by {offered_by}): {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        if any(kind in content_type for kind in DOWNLOADS) or "html" not in content_type:
            continue
        for href in _links(response.content.decode()):
            target = _local(href, url)
            if target is None or target in seen or not _worth_visiting(target):
                continue
            seen.add(target)
            shape = _shape(target)
            shapes[shape] += 1
            few = shape[1] or shape[0].endswith(DOCUMENT_SUFFIXES)
            if shapes[shape] <= (VARIANTS_PER_SHAPE if few else PAGES_PER_SHAPE):
                queue.append((target, url))
    return failures, len(seen)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


@pytest.mark.parametrize("email", ROLES)
def test_every_link_a_page_offers_opens_for_its_reader(demo, client, email):
    client.force_login(User.objects.get(email=email))
    failures, visited = _crawl(client)
    assert visited > 20, "the walk should reach the role's pages"
    offered = "\n".join(failures)
    assert not failures, f"{email} is offered {len(failures)} link(s) it cannot open:\n{offered}"
