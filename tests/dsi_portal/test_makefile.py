"""`make run` and `make test` first create the venv: a wrong interpreter must say so plainly."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def fake_python(tmp_path, script):
    """A stand-in interpreter: a shell script that answers the Makefile's probes."""
    path = tmp_path / "python"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return path


def make_venv(tmp_path, python):
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-s", f"{venv}/bin/python", f"VENV={venv}", f"PYTHON={python}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, venv


def test_make_refuses_a_python_older_than_3_11(tmp_path):
    python = fake_python(tmp_path, 'echo "Python 3.9.2"; exit 1\n')
    result, venv = make_venv(tmp_path, python)
    assert result.returncode != 0
    assert "Python 3.11 or newer is required (found: Python 3.9.2)" in result.stderr
    assert not venv.exists()


def test_make_says_to_install_python3_venv_when_ensurepip_is_missing(tmp_path):
    # Debian's python3 without python3-venv: the version is right, ensurepip cannot be imported.
    python = fake_python(tmp_path, 'case "$*" in *version_info*) exit 0;; esac\nexit 1\n')
    result, venv = make_venv(tmp_path, python)
    assert result.returncode != 0
    assert "install python3-venv (Debian/Ubuntu: apt-get install python3-venv)" in result.stderr
    assert not venv.exists()


def test_make_removes_a_half_created_venv(tmp_path):
    # Both probes pass but `python -m venv` fails after creating the folder, as it does on Debian.
    half_created = 'mkdir -p "$3/bin"; touch "$3/bin/python"; exit 1'
    python = fake_python(tmp_path, f'case "$*" in *"-m venv"*) {half_created};; esac\nexit 0\n')
    result, venv = make_venv(tmp_path, python)
    assert result.returncode != 0
    assert "install python3-venv" in result.stderr
    assert not venv.exists()


@pytest.mark.parametrize(
    ("target", "commands"),
    [
        ("bench-seed", ["migrate --noinput", "seed_bench --scale 1"]),
        ("bench", ["bench"]),
        ("bench-load", ["bench_load"]),
    ],
)
def test_the_benchmark_targets_run_under_the_bench_settings(target, commands):
    """Production's settings do not install the benchmark app: only bench.settings has its
    commands."""
    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    run = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert [line.split("manage.py ", 1)[1].strip() for line in run] == commands
    assert all(line.startswith("DJANGO_SETTINGS_MODULE=bench.settings ") for line in run)


def run_commands(*args, **env):
    """The commands `make run` would start (dry run), with ``env`` added to the environment."""
    environ = {key: value for key, value in os.environ.items() if key != "PORTAL_BASE_URL"}
    result = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environ | env,
    )
    assert result.returncode == 0, result.stderr
    return [
        line
        for line in result.stdout.splitlines()
        if "manage.py runserver" in line or "celery -A" in line or "seed_demo" in line
    ]


def test_make_run_points_the_links_of_e_mails_at_the_address_it_serves():
    commands = run_commands("ADDR=0.0.0.0:9000")
    assert len(commands) == 3
    assert all("PORTAL_BASE_URL='http://0.0.0.0:9000' " in line for line in commands)


def test_make_run_keeps_a_portal_base_url_set_by_the_administrator():
    commands = run_commands(PORTAL_BASE_URL="https://portail-dsi.gov.bf")
    assert len(commands) == 3
    assert all("PORTAL_BASE_URL='https://portail-dsi.gov.bf' " in line for line in commands)


def _runserver(*args):
    return [line for line in run_commands(*args) if "manage.py runserver" in line]


def test_make_run_serves_static_files_compressed_as_in_production():
    (line,) = _runserver()
    assert "STATIC_COMPRESSED=true " in line
    (line,) = _runserver("STATIC_COMPRESSED=false")
    assert "STATIC_COMPRESSED=false " in line


@pytest.mark.parametrize(
    ("environ", "storage", "finders"),
    [
        (
            {"DEBUG": "true", "STATIC_COMPRESSED": "true"},
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
            False,
        ),
        (
            {"DEBUG": "true", "STATIC_COMPRESSED": "false"},
            "django.contrib.staticfiles.storage.StaticFilesStorage",
            True,
        ),
        ({"DEBUG": "true"}, "django.contrib.staticfiles.storage.StaticFilesStorage", True),
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 60},
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
            False,
        ),
    ],
)
def test_static_files_are_compressed_whenever_they_are_collected(environ, storage, finders):
    """Settings read in a fresh interpreter: they are computed once, at import."""
    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'dsi_portal.settings'; "
        "from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND'], settings.WHITENOISE_USE_FINDERS)"
    )
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "STATIC_COMPRESSED", "DJANGO_SETTINGS_MODULE")
    }
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=base | environ,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [storage, str(finders)]
