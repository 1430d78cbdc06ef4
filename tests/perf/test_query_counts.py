"""Every page the benchmark times makes the same number of queries on a small and on a larger
seeded dataset, and never more than 15: the page list is the benchmark's own
(bench/pages.py), the data comes from the seed_bench generator at two tiny sizes.

Counted twice per page: with the figures cache empty (what the first visitor after a change
pays) and filled (everyone else).
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.pages import MAX_QUERIES, bench_pages, bench_user
from bench.seeding import Seeder, Sizes
from core.cache import forget_figures

SMALL = Sizes(
    structures=6,
    users=30,
    agents=3,
    meetings=4,
    invitees=5,
    big_meeting_invitees=8,
    recommendations=20,
    report_recommendations=6,
    updates_per_recommendation=2,
    tickets=40,
    messages_per_ticket=2,
    long_ticket_messages=6,
)
LARGER = Sizes(
    structures=12,
    users=60,
    agents=5,
    meetings=8,
    invitees=12,
    big_meeting_invitees=25,
    recommendations=60,
    report_recommendations=20,
    updates_per_recommendation=4,
    tickets=150,
    messages_per_ticket=4,
    long_ticket_messages=20,
)


def _queries(client, page):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, f"{page.name}: {response.status_code}"
    assert page.content_type in response["Content-Type"], page.name
    return len(captured)


def _count_every_page(client, sizes):
    """Seed ``sizes`` in a savepoint, count each page's queries (cold and warm cache), then
    roll the data back so the next size starts from an empty database."""
    counts = {}
    with transaction.atomic():
        Seeder(sizes, rebuild_indexes=False).run()
        for page in bench_pages():
            client.logout()
            if page.user:
                client.force_login(bench_user(page.user))
            forget_figures()
            cold = _queries(client, page)
            counts[page.name] = (cold, _queries(client, page))
        transaction.set_rollback(True)
    return counts


# The counts are the same for both tests (the seeded data is rolled back each time): computed
# once per process, as the PDFs of the largest documents take seconds to lay out.
_counted = {}

# The benchmark's own addresses (its floor view) beside the portal's.
pytestmark = pytest.mark.urls("bench.urls")


@pytest.fixture
def counts(db, client):
    if not _counted:
        _counted["both"] = _count_every_page(client, SMALL), _count_every_page(client, LARGER)
    return _counted["both"]


def test_every_page_makes_as_many_queries_on_a_larger_dataset(counts):
    small, larger = counts
    assert larger == small


def test_no_page_makes_more_than_15_queries(counts):
    small, larger = counts
    over = {
        name: queries for name, queries in {**small, **larger}.items() if max(queries) > MAX_QUERIES
    }
    assert over == {}
