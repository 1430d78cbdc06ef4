"""The Secretary General's dashboard and the helpdesk statistics are cached (core/cache.py),
and the cache follows the data: a change made through the services shows at the next visit."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk.models import Category, Priority
from helpdesk.selectors import STATISTICS_MAX_AGE
from helpdesk.services import ticket_create
from helpdesk.tasks import refresh_statistics
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


def test_the_statistics_count_a_ticket_filed_after_they_were_cached(login, cast, make_ticket):
    make_ticket("Messagerie inaccessible")
    client = login(cast.secretary_general)
    _first, computed = _visit(client, "/helpdesk/stats/")
    again, cached = _visit(client, "/helpdesk/stats/")
    assert cached < computed
    assert again.context["figures"]["totals"]["total"] == 1

    ticket_create(
        actor=cast.dsi_health,
        title="Imprimante réseau hors service",
        description="Plus aucune impression depuis ce matin.",
        category=Category.objects.get(name="Messagerie professionnelle"),
        priority=Priority.objects.order_by("rank").first(),
    )
    # The figures computed ahead are read, and the page says they are behind...
    behind, _queries = _visit(client, "/helpdesk/stats/")
    assert behind.context["figures"]["totals"]["total"] == 1
    assert behind.context["figures"]["is_current"] is False
    assert "seront comptées au prochain calcul" in behind.content.decode()

    # ... until the periodic task computes them again.
    refresh_statistics()
    after, _queries = _visit(client, "/helpdesk/stats/")
    assert after.context["figures"]["totals"]["total"] == 2
    assert after.context["figures"]["is_current"] is True
    assert "seront comptées au prochain calcul" not in after.content.decode()


def test_statistics_older_than_their_maximum_age_are_computed_again(login, cast, make_ticket):
    make_ticket("Messagerie inaccessible")
    client = login(cast.secretary_general)
    _visit(client, "/helpdesk/stats/")
    make_ticket("Imprimante réseau hors service")
    later = timezone.now() + STATISTICS_MAX_AGE + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        page, _queries = _visit(client, "/helpdesk/stats/")
    assert page.context["figures"]["totals"]["total"] == 2
    assert page.context["figures"]["is_current"] is True


def test_the_statistics_are_refreshed_by_the_beat_schedule_when_the_cache_is_shared():
    """With Redis the worker's figures reach every web process; a worker's local-memory cache
    would reach none, so the embedded default does not schedule the task."""
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert ("helpdesk.tasks.refresh_statistics" in schedule) == bool(settings.REDIS_URL)
