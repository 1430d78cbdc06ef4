"""When the worker's heartbeat is late, staff are warned that reminders are not being sent,
and /healthz says so; not in the first minutes after the web process starts, when the worker
started with it has not beaten yet.

The test client's web process starts at its first request (the middleware is loaded then)."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from core.health import heartbeat_is_late, heartbeat_record
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


def after_the_grace(settings):
    return time_machine.travel(
        timezone.now() + timedelta(seconds=settings.WORKER_START_GRACE + 1), tick=False
    )


def test_staff_are_warned_when_the_heartbeat_is_late(cast, login, settings):
    settings.NOTIFICATION_HEARTBEAT_LATE = 600
    heartbeat_record()
    login(cast.secretariat).get("/")  # the web process starts
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        for member in (cast.secretariat, cast.agent):
            page = login(member).get("/").content.decode()
            assert BANNER in page
            assert "Les rappels ne partent plus." in page


def test_staff_are_warned_when_the_worker_never_ran(cast, login, settings):
    client = login(cast.secretariat)
    client.get("/")  # the web process starts
    with after_the_grace(settings):
        assert BANNER in client.get("/meetings/").content.decode()


def test_the_banner_waits_for_the_first_beat_after_the_web_process_starts(cast, login, settings):
    """`make run` starts the web process and the worker together: in the first minutes the
    last heartbeat is yesterday's (or there is none) and the worker has not beaten yet."""
    settings.WORKER_START_GRACE = 120
    heartbeat_record(now=timezone.now() - timedelta(days=1))
    client = login(cast.agent)
    assert BANNER not in client.get("/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=110), tick=False):
        assert BANNER not in client.get("/").content.decode()
    with after_the_grace(settings):
        assert BANNER in client.get("/").content.decode()


def test_a_beat_within_the_grace_clears_the_way(cast, login, settings):
    client = login(cast.agent)
    client.get("/")
    heartbeat_record()
    with after_the_grace(settings):
        assert BANNER not in client.get("/").content.decode()


def test_a_clock_set_back_before_the_start_does_not_silence_the_warning(db, settings):
    now = timezone.now()
    started_at = now + timedelta(seconds=30)
    assert heartbeat_is_late(None, now, started_at=started_at)
    assert not heartbeat_is_late(None, started_at + timedelta(seconds=1), started_at=started_at)


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
