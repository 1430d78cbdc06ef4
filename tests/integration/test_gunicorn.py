"""The portal served by a real gunicorn, started from the project's folder as README says:
responses do not name the server software (issue 15, defect 8)."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse()
    finally:
        connection.close()


def test_gunicorn_does_not_name_itself(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "dsi_portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # Not signed in: the login redirect, built without touching the database.
                response = _get(port, "/meetings/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
                time.sleep(0.2)
        assert response.status == 302
        assert "gunicorn" not in response.headers.get("Server", "").lower()
        assert response.headers["Cache-Control"] == "private, no-store"
    finally:
        server.terminate()
        server.wait(timeout=10)
