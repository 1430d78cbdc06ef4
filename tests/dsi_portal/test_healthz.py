import os

import pytest


def test_healthz_answers_200_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_answers_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"] != "ok"


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") and os.environ.get("CI") != "true",
    reason="REDIS_URL is not set; .ci/run sets it to the local Redis",
)
def test_healthz_checks_the_real_redis_broker(client, db, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "CI must run with REDIS_URL"
    assert client.get("/healthz").status_code == 200
