"""The lists' filters fold away in one shared panel (templates/partials/filters.html): open
while a filter is active, with their count on its toggle; folded on small screens otherwise."""

import re

import pytest


def panel(page, testid):
    html = page.content.decode()
    match = re.search(rf'<details[^>]*data-testid="{testid}"[^>]*>(.*?)</details>', html, re.S)
    assert match, f"no {testid} panel"
    opening = match.group(0)[: match.group(0).index(">") + 1]
    return opening, match.group(1)


def active_badge(body):
    found = re.search(r'data-testid="active-filters">([^<]*)<', body)
    return found and found.group(1)


def test_the_queue_opens_with_its_filters_in_a_foldable_panel_and_no_count(login, cast):
    opening, body = panel(login(cast.agent).get("/helpdesk/"), "queue-filters")

    assert "data-fold-on-small-screens" in opening  # nothing chosen: folded on a phone
    assert "<summary" in body and "Filtrer" in body
    assert active_badge(body) is None
    # The panel holds the whole form: every filter and the button that applies them.
    for name in ("q", "status", "sla", "category", "priority", "assignee", "structure", "sort"):
        assert f'name="{name}"' in body, name
    assert 'type="submit"' in body


def test_the_queue_filtered_shows_how_many_filters_are_active_and_stays_open(
    login, cast, mail_category, normal
):
    page = login(cast.agent).get(
        "/helpdesk/", {"category": mail_category.pk, "priority": normal.pk, "sort": "priority"}
    )
    opening, body = panel(page, "queue-filters")

    assert active_badge(body) == "2 filtres actifs"  # the order of the list is no filter
    assert " open" in opening and "data-fold-on-small-screens" not in opening
    assert 'href="/helpdesk/"' in body  # "Réinitialiser"


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({}, None),  # the default status (the active tickets) is no choice of the agent's
        ({"status": "active"}, None),
        ({"status": ""}, None),  # "Tous" widens the list
        ({"status": "waiting"}, "1 filtre actif"),
        ({"q": "messagerie", "sla": "breached"}, "2 filtres actifs"),
        ({"view": "mine"}, None),  # a saved view is a tab above the panel
    ],
)
def test_what_counts_as_an_active_filter_in_the_queue(login, cast, query, count):
    _opening, body = panel(login(cast.agent).get("/helpdesk/", query), "queue-filters")

    assert active_badge(body) == count


@pytest.mark.parametrize(
    ("user", "url", "testid", "query", "count"),
    [
        ("dsi_health", "/helpdesk/", "ticket-filters", {"status": "resolved"}, "1 filtre actif"),
        ("secretariat", "/recommendations/", "recommendation-filters", {"overdue": "on"}, "1"),
        ("secretariat", "/meetings/", "meeting-filters", {"period": "past", "q": "DSI"}, "2"),
        ("secretariat", "/accounts/directory/", "directory-filters", {"q": "Kaboré"}, "1"),
    ],
)
def test_every_filtered_list_uses_the_same_panel(login, cast, user, url, testid, query, count):
    client = login(getattr(cast, user))
    opening, body = panel(client.get(url), testid)
    assert "data-fold-on-small-screens" in opening and active_badge(body) is None

    opening, body = panel(client.get(url, query), testid)
    assert active_badge(body).startswith(count)
    assert "data-fold-on-small-screens" not in opening
