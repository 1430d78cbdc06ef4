"""The settings read the environment and refuse unsafe production configurations."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x" * 40,
    "ALLOWED_HOSTS": "portail-dsi.gov.bf",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://relay.gov.bf:25",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def manage(*args, env):
    """Run manage.py in a fresh environment holding only ``env`` (nothing from the tests).

    A developer's .env is ignored too, so that the production variables are the only ones.
    """
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DSI_IGNORE_DOTENV": "1",
    }
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


@pytest.mark.parametrize(
    ("variable", "check_id"),
    [
        ("DATABASE_URL", "dsi_portal.W001"),
        ("REDIS_URL", "dsi_portal.W002"),
        ("EMAIL_URL", "dsi_portal.W003"),
    ],
)
def test_check_deploy_warns_when_production_falls_back_to_an_embedded_default(variable, check_id):
    env = {k: v for k, v in PRODUCTION.items() if k != variable}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert f"({check_id}) {variable} is not set" in result.stderr + result.stdout


def test_development_is_not_warned_about_embedded_defaults():
    result = manage("check", "--deploy", env={"DEBUG": "true"})
    assert "dsi_portal.W00" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("redis", "engine"),
    [
        ("redis://127.0.0.1:6379/0", "core.sessions"),
        # Each process's own memory: a logout on one worker must end the session on all.
        (None, "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_cached_only_in_a_cache_every_process_shares(redis, engine):
    env = {"DEBUG": "true", **({"REDIS_URL": redis} if redis else {})}
    probe = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = manage("shell", "-c", probe, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine


def test_settings_load_when_the_var_directory_cannot_be_written(tmp_path):
    # Nothing can be created under /proc, even by root: a stand-in for a read-only filesystem.
    result = manage("check", env={"DEBUG": "true", "VAR_DIR": "/proc/dsi-portal-var"})
    assert result.returncode == 0, result.stderr


DOTENV_PROBE = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("probe_settings", sys.argv[1])
settings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(settings)
print(settings.REDIS_URL or "no-redis")
"""


def load_settings_beside_a_dotenv(tmp_path, env):
    """Import a copy of settings.py whose project root holds a .env naming another broker."""
    (tmp_path / "dsi_portal").mkdir()
    shutil.copy(ROOT / "dsi_portal" / "settings.py", tmp_path / "dsi_portal" / "settings.py")
    (tmp_path / ".env").write_text("REDIS_URL=redis://from-dotenv:6379/0\n")
    base = {"PATH": os.environ.get("PATH", ""), "DEBUG": "true", "VAR_DIR": str(tmp_path / "var")}
    result = subprocess.run(
        [sys.executable, "-c", DOTENV_PROBE, str(tmp_path / "dsi_portal" / "settings.py")],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_dotenv_file_is_read_by_default(tmp_path):
    assert load_settings_beside_a_dotenv(tmp_path, {}) == "redis://from-dotenv:6379/0"


def test_dsi_ignore_dotenv_leaves_the_dotenv_file_unread(tmp_path):
    assert load_settings_beside_a_dotenv(tmp_path, {"DSI_IGNORE_DOTENV": "1"}) == "no-redis"


def test_the_test_settings_ignore_the_dotenv_file():
    assert os.environ.get("DSI_IGNORE_DOTENV") == "1"


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", str(ROOT))}
    for entry_point in ("dsi_portal.wsgi", "dsi_portal.asgi"):
        served = subprocess.run(
            [sys.executable, "-c", f"import {entry_point}"],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert served.returncode != 0, entry_point
        assert "SECRET_KEY is not set" in served.stderr


def test_the_celery_worker_refuses_to_start_without_a_secret_key(settings):
    from django.core.exceptions import ImproperlyConfigured

    from dsi_portal.celery import refuse_without_secret_key

    settings.SECRET_KEY_MISSING = True
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        refuse_without_secret_key()
    settings.SECRET_KEY_MISSING = False
    refuse_without_secret_key()


def test_migrations_can_be_checked_without_any_configuration():
    """A build machine runs makemigrations --check with no SECRET_KEY nor DEBUG."""
    result = manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_development_has_a_default_secret_key():
    result = manage("check", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stderr


def test_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Africa/Ouagadougou"
    assert settings.LANGUAGE_CODE == "fr"
    assert dict(settings.LANGUAGES).keys() == {"fr", "en"}
    assert settings.USE_TZ


def test_each_ci_pass_runs_on_the_services_it_names(settings):
    """CI runs the suite twice: with DATABASE_URL set, on the real PostgreSQL and Redis of
    production; without, on the embedded defaults of a fresh machine. Neither may silently run
    on the other's services."""
    from django.db import connection

    if os.environ.get("CI") != "true":
        pytest.skip("only under CI=true")
    if os.environ.get("DATABASE_URL"):
        assert connection.vendor == "postgresql"
        assert settings.CELERY_BROKER_URL.startswith("redis://")
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert connection.vendor == "sqlite"
        assert settings.CELERY_BROKER_URL == "filesystem://"
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_check_deploy_warns_when_a_proxy_does_not_forward_the_scheme(settings):
    from dsi_portal.checks import check_proxy_forwards_the_scheme

    settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.PROXY_COUNT = False, True, 1
    if hasattr(settings, "SECURE_PROXY_SSL_HEADER"):
        del settings.SECURE_PROXY_SSL_HEADER
    assert [w.id for w in check_proxy_forwards_the_scheme(None)] == ["dsi_portal.W004"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert check_proxy_forwards_the_scheme(None) == []


# The benchmark (the top-level `bench` app) is a developer's tool: only bench.settings installs
# it, and nothing the portal loads imports it.
BENCH_PROBE = """
import sys
import django
from django.conf import settings
from django.urls import get_resolver

django.setup()
get_resolver().url_patterns  # every URL module of the portal, with the views they name
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "bench")
print("bench" in settings.INSTALLED_APPS, " ".join(loaded) or "-")
"""


def run_with_settings(module, tmp_path, *args):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DSI_IGNORE_DOTENV": "1",
        "DEBUG": "true",
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": module,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_neither_install_nor_import_the_benchmark(tmp_path):
    result = run_with_settings("dsi_portal.settings", tmp_path, "-c", BENCH_PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "-"]


def test_the_bench_settings_install_the_benchmark_and_its_urls(tmp_path):
    result = run_with_settings("bench.settings", tmp_path, "-c", BENCH_PROBE)
    assert result.returncode == 0, result.stderr
    installed, loaded = result.stdout.split(maxsplit=1)
    assert installed == "True"
    assert {"bench", "bench.settings", "bench.urls", "bench.views"} <= set(loaded.split())


@pytest.mark.parametrize("command", ["seed_bench", "bench", "bench_load"])
def test_the_benchmark_commands_exist_only_under_the_bench_settings(tmp_path, command):
    listed = run_with_settings("dsi_portal.settings", tmp_path, "manage.py", "help", "--commands")
    assert command not in listed.stdout.split()
    listed = run_with_settings("bench.settings", tmp_path, "manage.py", "help", "--commands")
    assert command in listed.stdout.split()


def test_make_bench_on_the_embedded_database_says_it_needs_postgresql(tmp_path):
    result = run_with_settings("bench.settings", tmp_path, "manage.py", "bench")
    assert result.returncode != 0
    assert "make bench works on PostgreSQL only" in result.stderr
    assert (
        "Unknown command"
        in run_with_settings("dsi_portal.settings", tmp_path, "manage.py", "bench").stderr
    )
