"""Django's async guard is lifted only while Playwright's event loop runs, not for every test."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_browser_fixtures_leaves_django_s_async_guard_on():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, tests.e2e.conftest; print(os.environ.get('DJANGO_ALLOW_ASYNC_UNSAFE'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_the_async_guard_is_lifted_while_the_browser_runs(browser):
    assert os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] == "true"
