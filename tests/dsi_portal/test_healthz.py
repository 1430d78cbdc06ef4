from unittest import mock

import pytest

from core.health import heartbeat_record
from dsi_portal import views

DEAD_BROKER = "redis://127.0.0.1:1/0"


def test_healthz_answers_200_without_login(client, db):
    heartbeat_record()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}


def test_healthz_answers_head_probes(client, db):
    response = client.head("/healthz")
    assert response.status_code == 200


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = DEAD_BROKER
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    heartbeat_record()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "broker": "error",
        "worker": "ok",
    }


def test_healthz_logs_the_failure_but_never_shows_it_to_the_client(client, db, settings):
    settings.CELERY_BROKER_URL = DEAD_BROKER
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    with mock.patch.object(views.logger, "warning") as warning:
        response = client.get("/healthz")
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert ":1" not in body
    assert "Error" not in body
    logged = " ".join(str(arg) for call in warning.call_args_list for arg in call.args)
    assert "broker" in logged
    assert "127.0.0.1:1" in logged


def test_healthz_hides_the_database_error_too(client, db):
    secret = "could not connect to server db.internal.gov.bf as user portail"
    with (
        mock.patch.object(views, "database_error", return_value=secret),
        mock.patch.object(views.logger, "warning"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert "db.internal" not in response.content.decode()


@pytest.mark.redis
def test_healthz_checks_the_real_redis_broker(client, db, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert client.get("/healthz").status_code == 200


def test_healthz_tells_only_up_or_down_to_an_anonymous_client_from_elsewhere(client, db, cast):
    heartbeat_record()
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    response = client.get("/healthz", **outside)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # Signed-in staff see each check from anywhere; a DSI does not.
    client.force_login(cast.dsi_health)
    assert client.get("/healthz", **outside).json() == {"status": "ok"}
    client.force_login(cast.secretariat)
    assert client.get("/healthz", **outside).json()["database"] == "ok"


def test_healthz_keeps_the_503_without_details_for_a_client_from_elsewhere(client, db, settings):
    settings.CELERY_BROKER_URL = DEAD_BROKER
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz", REMOTE_ADDR="2001:db8::1")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}
