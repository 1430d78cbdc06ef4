"""The pages issue 7 measures, as one list shared by ``manage.py bench`` and the query-count test
(tests/perf/): what is timed is what is asserted to make a bounded number of queries."""

from dataclasses import dataclass

from accounts.models import User
from helpdesk.models import Category

from .seeding import NAMED, landmarks

# The targets of issue 7, in milliseconds of server time at the 95th percentile.
LIST_OR_DETAIL_MS = 150
FIGURES_MS = 300
PDF_MS = 5000
MAX_QUERIES = 15
# Issue 17: the HTML of a page, in KB (1,024 bytes) of response body. A first visit must stay
# under 200 KB transferred, of which the static files take 50 to 65 KB (tests/e2e/).
MAX_HTML_KB = 100


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    user: str | None  # a key of seeding.NAMED; None for an anonymous visitor
    target_ms: int = LIST_OR_DETAIL_MS
    # Pages whose figures are cached: the benchmark times them warm and cold (cache emptied).
    cached: bool = False
    content_type: str = "text/html"
    # The largest HTML body the page may send at scale 1; None for a document (PDF).
    max_html_kb: int | None = MAX_HTML_KB


def bench_pages(using="default"):
    """The pages, with the addresses of the seeded landmarks."""
    found = landmarks(using)
    category = Category.objects.using(using).order_by("name").values_list("pk", flat=True)[0]
    return [
        Page("login page", "/accounts/login/", None),
        Page("home: DSI", "/", "dsi"),
        Page("home: ANPTIC agent", "/", "agent"),
        Page("home: Secretariat", "/", "secretariat"),
        Page("home: Secretary General", "/", "sg", cached=True),
        # The queue opens on the active tickets; the other pages ask for every status
        # ("status="), as they measured before it did: the whole table, deep in it.
        Page("queue: first page", "/helpdesk/", "agent"),
        Page("queue: deep page (200)", "/helpdesk/?page=200&status=", "agent"),
        Page(
            "queue: category + SLA breached",
            f"/helpdesk/?category={category}&sla=breached&status=",
            "agent",
        ),
        Page("queue: search", "/helpdesk/?q=imprimante+r%C3%A9seau&status=", "agent"),
        # Issue 18: the searches that hurt. A word in a sixth of the titles and a tenth of the
        # replies; a word of one ticket only; a reference; a phrase; a word within filters;
        # and the same common word in a DSI's list.
        Page("search: common word", "/helpdesk/?q=imprimante&status=", "agent"),
        Page("search: rare word", "/helpdesk/?q=inventaire&status=", "agent"),
        Page("search: reference", f"/helpdesk/?q={found.long_ticket}&status=", "agent"),
        Page("search: phrase", "/helpdesk/?q=%22serveur+de+fichiers%22&status=", "agent"),
        Page(
            "search: word + category + status",
            f"/helpdesk/?q=imprimante&category={category}&status=closed",
            "agent",
        ),
        Page("search: common word, DSI", "/helpdesk/?q=imprimante&status=", "dsi"),
        Page("ticket with 50 replies", f"/helpdesk/{found.long_ticket}/", "agent"),
        Page(
            "recommendations: filtered",
            "/recommendations/?status=in_progress&overdue=on&sort=-days_late",
            "secretariat",
        ),
        Page("SG dashboard", "/recommendations/dashboard/", "sg", FIGURES_MS, cached=True),
        Page("helpdesk statistics", "/helpdesk/stats/", "sg", FIGURES_MS, cached=True),
        Page("meeting with 100 invitees", f"/meetings/{found.big_meeting}/", "secretariat"),
        Page(
            "report PDF, 200 recommendations",
            f"/recommendations/report/{found.report_meeting}.pdf",
            "secretariat",
            PDF_MS,
            content_type="application/pdf",
            max_html_kb=None,
        ),
        # The largest documents a user can save (bench/seeding.py): what core/pdf.py's bounds
        # let one request lay out.
        Page(
            "ticket PDF, largest conversation",
            f"/helpdesk/{found.largest_ticket}/export.pdf",
            "dsi",
            PDF_MS,
            content_type="application/pdf",
            max_html_kb=None,
        ),
        Page(
            "minutes PDF, longest minutes",
            f"/meetings/{found.longest_minutes}/minutes.pdf",
            "secretariat",
            PDF_MS,
            content_type="application/pdf",
            max_html_kb=None,
        ),
    ]


def bench_user(key, using="default"):
    return User.objects.using(using).get(email=NAMED[key][0])
