"""When the worker's heartbeat is late, staff are warned that reminders are not being sent,
and /healthz says so."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from core.health import heartbeat_record
from core.models import Heartbeat
from core.tasks import heartbeat

BANNER = 'data-testid="worker-late"'


def test_the_heartbeat_task_records_the_time(db):
    heartbeat.delay()
    assert Heartbeat.objects.get(name="worker").beat_at > timezone.now() - timedelta(minutes=1)


def test_staff_see_no_warning_while_the_worker_beats(cast, login):
    heartbeat_record()
    for member in (cast.secretariat, cast.secretary_general, cast.agent):
        assert BANNER not in login(member).get("/").content.decode()


def test_staff_are_warned_when_the_heartbeat_is_late(cast, login, settings):
    settings.NOTIFICATION_HEARTBEAT_LATE = 600
    heartbeat_record()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        for member in (cast.secretariat, cast.agent):
            page = login(member).get("/").content.decode()
            assert BANNER in page
            assert "Les rappels ne partent plus." in page


def test_staff_are_warned_when_the_worker_never_ran(cast, login):
    assert BANNER in login(cast.secretariat).get("/meetings/").content.decode()


def test_a_dsi_is_not_worried_with_it(cast, login):
    assert BANNER not in login(cast.dsi_health).get("/").content.decode()


def test_healthz_reports_a_late_worker_without_failing_the_web_process(client, db, settings):
    settings.NOTIFICATION_HEARTBEAT_LATE = 600
    heartbeat_record(now=timezone.now() - timedelta(minutes=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"] == "late"
    heartbeat_record()
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "worker": "ok",
    }
