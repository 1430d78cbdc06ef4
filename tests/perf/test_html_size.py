"""The Secretary General's pages stay under their HTML budget at national scale (issue 17).

What grows with the years on the dashboard is the number of sessions (300 at scale 1) and of
lead structures (100): the trend and the ranking used to draw every one of them, 256 KB of HTML
at scale 1. The dataset below is the benchmark's generator (bench/seeding.py) with scale 1's
sessions and structures and few of everything else, on a fixed date: the same data any day.
"""

from datetime import UTC, datetime

import pytest

from bench.pages import MAX_HTML_KB, MAX_QUERIES, bench_user
from bench.seeding import Seeder, Sizes
from core.cache import forget_figures
from recommendations.selectors import (
    DASHBOARD_SESSIONS,
    DASHBOARD_STRUCTURES,
    recommendations_dashboard_figures,
)

NATIONAL_SESSIONS_AND_STRUCTURES = Sizes(
    structures=100,
    users=130,
    agents=3,
    meetings=300,
    invitees=2,
    big_meeting_invitees=3,
    recommendations=600,
    report_recommendations=10,
    updates_per_recommendation=1,
    tickets=40,
    messages_per_ticket=1,
    long_ticket_messages=2,
)


@pytest.fixture
def national(db):
    Seeder(
        NATIONAL_SESSIONS_AND_STRUCTURES,
        now=datetime(2026, 11, 26, 12, tzinfo=UTC),
        rebuild_indexes=False,
    ).run()
    return recommendations_dashboard_figures()


def _sg_client(client):
    client.force_login(bench_user("sg"))
    return client


def _links(html, prefix):
    return {html[i:].split('"', 1)[0] for i in _starts(html, prefix)}


def _starts(html, prefix):
    start = html.find(prefix)
    while start != -1:
        yield start
        start = html.find(prefix, start + 1)


@pytest.mark.parametrize(
    "url",
    ["/recommendations/dashboard/", "/recommendations/dashboard/?sessions=2&structures=3", "/"],
)
def test_the_secretary_generals_pages_stay_under_their_html_budget_at_national_scale(
    national, client, django_assert_max_num_queries, url
):
    # Every session and lead structure of scale 1 is in the figures the page draws from.
    assert len(national["sessions"]) > 250
    assert len(national["structures"]) > 90
    client = _sg_client(client)
    forget_figures()
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.content) < MAX_HTML_KB * 1024
    # What the 256 KB page spent on drawing every session twice and every structure once.
    assert response.content.decode().count("<svg") <= 4


def test_the_trend_and_the_ranking_show_a_window_and_reach_every_other_one(national, client):
    client = _sg_client(client)
    newest_first = national["sessions"][::-1]
    ranking = national["structures"]

    first = client.get("/recommendations/dashboard/").content.decode()
    assert _links(first, "/recommendations/?meeting=") == {
        f"/recommendations/?meeting={r['meeting_id']}" for r in newest_first[:DASHBOARD_SESSIONS]
    }
    assert _links(first, "/recommendations/?lead=") == {
        f"/recommendations/?lead={r['lead_structure_id']}" for r in ranking[:DASHBOARD_STRUCTURES]
    }
    assert 'href="?sessions=2#sessions"' in first
    assert 'href="?structures=2#structures"' in first

    # The oldest sessions and the last of the ranking, one link away each.
    last_sessions = -(-len(newest_first) // DASHBOARD_SESSIONS)
    last_structures = -(-len(ranking) // DASHBOARD_STRUCTURES)
    oldest = client.get(
        f"/recommendations/dashboard/?sessions={last_sessions}&structures={last_structures}"
    ).content.decode()
    assert f"/recommendations/?meeting={national['sessions'][0]['meeting_id']}" in oldest
    assert f"/recommendations/?lead={ranking[-1]['lead_structure_id']}" in oldest
    assert f'href="?sessions={last_sessions - 1}&amp;structures={last_structures}#sessions"' in (
        oldest
    )
