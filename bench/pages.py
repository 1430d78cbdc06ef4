"""The pages issue 7 measures, as one list shared by ``manage.py bench`` and the query-count test
(tests/perf/): what is timed is what is asserted to make a bounded number of queries."""

from dataclasses import dataclass

from accounts.models import User
from helpdesk.models import Category

from .seeding import NAMED, landmarks

# The targets of issue 18, in milliseconds of server time at the 95th percentile, at scale 1.
LIST_OR_DETAIL_MS = 60  # the queue, ticket pages, lists, a meeting's page
RECOMMENDATIONS_MS = 80  # the recommendations list, filtered and sorted
SEARCH_MS = 150  # any search of the queue: common or rare word, reference, phrase, filters
HOME_MS = 100  # home pages and dashboards, figures cached (warm)
FIGURES_MS = 300  # the same, the worker down or the figures computed by the request
PDF_MS = 5000
MAX_QUERIES = 15
# Issue 17: the HTML of a page, in KB (1,024 bytes) of response body. A first visit must stay
# under 200 KB transferred, of which the static files take 50 to 65 KB (tests/e2e/).
MAX_HTML_KB = 100


FLOOR = "floor: request.user"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    user: str | None  # a key of seeding.NAMED; None for an anonymous visitor
    target_ms: int = LIST_OR_DETAIL_MS
    # Pages whose figures are kept as summaries (core.summaries): the benchmark times them warm,
    # with the worker down, and at the first computation, against cold_target_ms when not warm.
    cached: bool = False
    cold_target_ms: int = FIGURES_MS
    content_type: str = "text/html"
    # The largest HTML body the page may send at scale 1; None for a document (PDF).
    max_html_kb: int | None = MAX_HTML_KB


def bench_pages(using="default"):
    """The pages, with the addresses of the seeded landmarks."""
    found = landmarks(using)
    category = Category.objects.using(using).order_by("name").values_list("pk", flat=True)[0]
    return [
        # The floor: a view that reads request.user and nothing else (bench/views.py). Every
        # other page's time is also given as a multiple of this one's.
        Page(FLOOR, "/bench/floor/", "dsi", content_type="text/plain", max_html_kb=None),
        Page("login page", "/accounts/login/", None),
        Page("home: DSI", "/", "dsi", HOME_MS),
        Page("home: ANPTIC agent", "/", "agent", HOME_MS),
        Page("home: Secretariat", "/", "secretariat", HOME_MS),
        Page("home: Secretary General", "/", "sg", HOME_MS, cached=True),
        # What a DSI reaches that grows with the data: their structure's tickets (thousands at
        # scale 1) and their recommendations.
        Page("DSI: the structure's tickets, every status", "/helpdesk/?status=", "dsi"),
        Page("DSI: my recommendations", "/recommendations/mine/", "dsi", RECOMMENDATIONS_MS),
        Page("DSI: the recommendations list", "/recommendations/", "dsi", RECOMMENDATIONS_MS),
        Page("DSI: meetings", "/meetings/", "dsi"),
        # The queue opens on the active tickets; the other pages ask for every status
        # ("status="), as they measured before it did: the whole table, deep in it.
        Page("queue: first page", "/helpdesk/", "agent"),
        Page("queue: deep page (200)", "/helpdesk/?page=200&status=", "agent"),
        # The sorts an agent picks, over every status: by deadline and by priority (the rank
        # copied on the ticket, helpdesk/0019), each an index walk that stops at the page.
        Page("queue: by deadline, every status", "/helpdesk/?status=&sort=due", "agent"),
        Page("queue: by priority, every status", "/helpdesk/?status=&sort=priority", "agent"),
        Page(
            "queue: category + SLA breached",
            f"/helpdesk/?category={category}&sla=breached&status=",
            "agent",
        ),
        Page(
            "queue: search, two words",
            "/helpdesk/?q=imprimante+r%C3%A9seau&status=",
            "agent",
            SEARCH_MS,
        ),
        # Issue 18: the searches that hurt. A word in a sixth of the titles and a tenth of the
        # replies; a word of one ticket only; a reference; a phrase; a word within filters;
        # and the same common word in a DSI's list.
        Page("search: common word", "/helpdesk/?q=imprimante&status=", "agent", SEARCH_MS),
        Page("search: rare word", "/helpdesk/?q=inventaire&status=", "agent", SEARCH_MS),
        # The sorts whose index PostgreSQL would walk through every ticket for a rare word's
        # few matches (helpdesk/views/_pagination.py: they are sorted among their ids).
        Page(
            "search: rare word, by priority",
            "/helpdesk/?q=inventaire&status=&sort=priority",
            "agent",
            SEARCH_MS,
        ),
        Page(
            "search: rare word, by deadline",
            "/helpdesk/?q=inventaire&status=&sort=due",
            "agent",
            SEARCH_MS,
        ),
        Page("search: reference", f"/helpdesk/?q={found.long_ticket}&status=", "agent", SEARCH_MS),
        Page(
            "search: phrase", "/helpdesk/?q=%22serveur+de+fichiers%22&status=", "agent", SEARCH_MS
        ),
        Page(
            "search: word + category + status",
            f"/helpdesk/?q=imprimante&category={category}&status=closed",
            "agent",
            SEARCH_MS,
        ),
        Page("search: common word, DSI", "/helpdesk/?q=imprimante&status=", "dsi", SEARCH_MS),
        Page("ticket with 50 replies", f"/helpdesk/{found.long_ticket}/", "agent"),
        Page(
            "recommendations: filtered",
            "/recommendations/?status=in_progress&overdue=on&sort=-days_late",
            "secretariat",
            RECOMMENDATIONS_MS,
        ),
        Page("SG dashboard", "/recommendations/dashboard/", "sg", HOME_MS, cached=True),
        Page("helpdesk statistics", "/helpdesk/stats/", "sg", HOME_MS, cached=True),
        Page("meetings: the list, Secretariat", "/meetings/", "secretariat"),
        Page("Secretariat: updates to validate", "/recommendations/validations/", "secretariat"),
        Page("Secretariat: new recommendation form", "/recommendations/new/", "secretariat"),
        Page("Secretariat: new meeting form", "/meetings/new/", "secretariat"),
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
