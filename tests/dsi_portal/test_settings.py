"""The settings read the environment and refuse unsafe production configurations."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x" * 40,
    "ALLOWED_HOSTS": "portail-dsi.gov.bf",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "EMAIL_URL": "smtp://relay.gov.bf:25",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def manage(*args, env):
    """Run manage.py in a fresh environment holding only ``env`` (nothing from the tests)."""
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", str(ROOT))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_has_a_default_secret_key():
    result = manage("check", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Africa/Ouagadougou"
    assert settings.LANGUAGE_CODE == "fr"
    assert dict(settings.LANGUAGES).keys() == {"fr", "en"}
    assert settings.USE_TZ


def test_ci_runs_on_postgresql_and_redis(settings):
    """Under CI the suite must exercise the real services, never the embedded defaults."""
    from django.db import connection

    if os.environ.get("CI") != "true":
        return
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
