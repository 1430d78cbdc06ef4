"""The Secretary General's dashboard and the helpdesk statistics are read from summaries the
worker keeps (core/summaries.py): a change made through the services shows at the next visit
once the worker has refreshed them, and a worker outage leaves the pages fast, saying so."""

import pickle
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import FiguresSummary
from core.summaries import MAX_AGE, registered
from core.tasks import refresh_summary
from helpdesk.models import Category, Priority
from helpdesk.selectors import STATISTICS_SUMMARY
from helpdesk.services import ticket_create
from recommendations.selectors import DASHBOARD_SUMMARY
from recommendations.services import update_submit


def _visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_the_dashboard_is_served_from_the_cache_until_a_recommendation_changes(
    login, cast, make_recommendation
):
    recommendation = make_recommendation()
    client = login(cast.secretary_general)
    _first, computed = _visit(client, "/recommendations/dashboard/")
    again, cached = _visit(client, "/recommendations/dashboard/")
    assert cached < computed
    assert again.context["figures"]["totals"]["implemented"] == 0

    update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status="in_progress",
        progress=60,
        comment="Serveur installé, migration des boîtes en cours.",
    )
    after, _queries = _visit(client, "/recommendations/dashboard/")
    statuses = dict(after.context["figures"]["statuses"])
    assert statuses["in_progress"] == 1
    assert statuses["not_started"] == 0


def test_the_home_page_progress_follows_a_new_recommendation(login, cast, make_recommendation):
    make_recommendation()
    client = login(cast.secretary_general)
    assert "1 recommandations" in client.get("/").content.decode()
    make_recommendation("Raccorder les ministères au serveur de fichiers")
    assert "2 recommandations" in client.get("/").content.decode()


@pytest.fixture
def worker_down(monkeypatch):
    """The worker takes no task: the refreshes asked are only recorded."""
    asked = []
    monkeypatch.setattr(
        refresh_summary, "apply_async", lambda args, **options: asked.append(args[0])
    )
    return asked


def _file_a_ticket(cast):
    ticket_create(
        actor=cast.dsi_health,
        title="Imprimante réseau hors service",
        description="Plus aucune impression depuis ce matin.",
        category=Category.objects.get(name="Messagerie professionnelle"),
        priority=Priority.objects.order_by("rank").first(),
    )


def test_the_statistics_are_kept_and_a_new_ticket_asks_the_worker_once(
    login, cast, make_ticket, worker_down
):
    make_ticket("Messagerie inaccessible")
    client = login(cast.secretary_general)
    # Nothing kept yet: the first request computes the figures and keeps them.
    _first, computed = _visit(client, "/helpdesk/stats/")
    assert FiguresSummary.objects.filter(name=STATISTICS_SUMMARY).exists()
    again, kept = _visit(client, "/helpdesk/stats/")
    assert kept < computed
    assert again.context["figures"]["totals"]["total"] == 1
    assert worker_down == []

    _file_a_ticket(cast)
    # The kept figures are shown, the page says they are behind, the worker is asked once...
    behind, _queries = _visit(client, "/helpdesk/stats/")
    assert behind.context["figures"]["totals"]["total"] == 1
    assert behind.context["summary"].is_current is False
    assert "seront comptées au prochain calcul" in behind.content.decode()
    _visit(client, "/helpdesk/stats/")
    assert worker_down == [STATISTICS_SUMMARY]

    # ... and once it has refreshed them, the page counts the new ticket.
    refresh_summary(STATISTICS_SUMMARY)
    after, _queries = _visit(client, "/helpdesk/stats/")
    assert after.context["figures"]["totals"]["total"] == 2
    assert after.context["summary"].is_current is True
    assert "seront comptées au prochain calcul" not in after.content.decode()


def test_with_a_worker_the_next_visit_counts_the_new_ticket(login, cast, make_ticket):
    """Tasks run in the test process: the refresh asked by a reader is done at once."""
    make_ticket("Messagerie inaccessible")
    client = login(cast.agent)
    _visit(client, "/helpdesk/stats/")
    _file_a_ticket(cast)
    page, _queries = _visit(client, "/helpdesk/stats/")
    assert page.context["figures"]["totals"]["total"] == 2
    assert page.context["summary"].is_current is True


def test_late_statistics_are_shown_as_late_without_being_computed_by_the_request(
    login, cast, make_ticket, worker_down
):
    make_ticket("Messagerie inaccessible")
    client = login(cast.secretary_general)
    _first, computed = _visit(client, "/helpdesk/stats/")
    make_ticket("Imprimante réseau hors service")
    later = timezone.now() + MAX_AGE + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        page, late = _visit(client, "/helpdesk/stats/")
    assert late < computed
    assert page.context["figures"]["totals"]["total"] == 1
    assert page.context["summary"].is_late is True
    assert "le calcul périodique n'a pas été refait" in page.content.decode().lower()
    assert worker_down == [STATISTICS_SUMMARY]


def test_the_dashboard_says_when_its_figures_were_computed_and_when_they_are_behind(
    login, cast, make_recommendation, worker_down
):
    make_recommendation()
    client = login(cast.secretary_general)
    page, _queries = _visit(client, "/recommendations/dashboard/")
    assert "Chiffres calculés le" in page.content.decode()
    make_recommendation("Raccorder les ministères au serveur de fichiers")
    behind, _queries = _visit(client, "/recommendations/dashboard/")
    assert behind.context["figures"]["totals"]["total"] == 1
    assert "seront comptées dans quelques instants" in behind.content.decode()
    assert worker_down == [DASHBOARD_SUMMARY]


def test_a_summary_that_cannot_be_read_back_is_computed_again(login, cast, make_ticket):
    make_ticket("Messagerie inaccessible")
    client = login(cast.agent)
    _visit(client, "/helpdesk/stats/")
    FiguresSummary.objects.filter(name=STATISTICS_SUMMARY).update(figures=b"not a pickle")
    page, _queries = _visit(client, "/helpdesk/stats/")
    assert page.context["figures"]["totals"]["total"] == 1


def test_a_summary_kept_in_another_shape_is_computed_again(login, cast, make_ticket):
    """A deploy that changes the figures' shape raises the kind's version: the row kept by the
    previous code is not handed to the page."""
    make_ticket("Messagerie inaccessible")
    client = login(cast.agent)
    _visit(client, "/helpdesk/stats/")
    FiguresSummary.objects.filter(name=STATISTICS_SUMMARY).update(
        figures=pickle.dumps((0, {"an": "older shape"}))
    )
    page, _queries = _visit(client, "/helpdesk/stats/")
    assert page.context["figures"]["totals"]["total"] == 1


def test_a_broker_outage_leaves_the_page_with_the_kept_figures_and_asks_once(
    login, cast, make_ticket, monkeypatch
):
    tried = []

    def broker_down(args, **options):
        tried.append(args[0])
        raise ConnectionError("broker down")

    make_ticket("Messagerie inaccessible")
    client = login(cast.agent)
    _visit(client, "/helpdesk/stats/")
    monkeypatch.setattr(refresh_summary, "apply_async", broker_down)
    _file_a_ticket(cast)
    page, _queries = _visit(client, "/helpdesk/stats/")
    assert page.context["figures"]["totals"]["total"] == 1
    assert page.context["summary"].is_current is False
    # The next readers do not each wait on the broker: the refresh stays asked a while.
    _visit(client, "/helpdesk/stats/")
    assert tried == [STATISTICS_SUMMARY]


def test_beat_refreshes_every_summary():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.tasks.refresh_summaries" in schedule
    assert {"helpdesk-statistics", "recommendations-dashboard"} <= set(registered())
