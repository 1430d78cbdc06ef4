"""The load run: gunicorn serves the portal, wrk drives it from another process on loopback.

Each target (the agents' queue, a ticket page, the dashboard, the minimal view and the floor of
a signed-in page) is driven for a
bounded time with a fixed number of open connections; wrk reports throughput and latency
percentiles (wrk_report.lua). Pages behind the login get a session cookie made beforehand, so
the run measures the pages, not the password hashing of the login form.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from .pages import bench_user
from .seeding import landmarks

HERE = Path(__file__).resolve().parent
BACKEND = "accounts.backends.EmailBackend"


@dataclass
class Target:
    name: str
    path: str
    user: str | None


@dataclass
class LoadResult:
    name: str
    path: str
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    share_of_minimal: float | None = None
    share_of_floor: float | None = None  # issue 18: the queue's at least a quarter


def targets():
    found = landmarks()
    return [
        Target("minimal Django view", "/bench/minimal/", None),
        # The floor of a signed-in page: the session and the user, read by the view.
        Target("floor: request.user", "/bench/floor/", "agent"),
        Target("queue: first page", "/helpdesk/", "agent"),
        Target("ticket with 50 replies", f"/helpdesk/{found.long_ticket}/", "agent"),
        Target("SG dashboard", "/recommendations/dashboard/", "sg"),
    ]


def session_cookie(key):
    """A logged-in session of a benchmark account, stored where the portal reads sessions."""
    user = bench_user(key)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def wrk_binary():
    return shutil.which("wrk")


class Server:
    """gunicorn with the benchmark's settings, on a loopback port, for the duration of a block.

    It starts in the project's folder, so it reads ``gunicorn.conf.py`` there as production's
    gunicorn does; the options given here (bind, workers, timeouts) take precedence over it."""

    def __init__(self, *, port, workers):
        self.port = port
        self.workers = workers
        self.process = None

    def __enter__(self):
        env = {
            **os.environ,
            # The minimal view is in bench.urls, which only bench.settings serves.
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # The sessions made here are signed with this process's key: the server needs it.
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "false",
            # Plain HTTP on loopback: no TLS in front of gunicorn here.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "dsi_portal.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
        self._wait_until_ready()
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting; see the messages above.")
            try:
                urllib.request.urlopen(self.url("/bench/minimal/"), timeout=2)  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 30 seconds.")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __exit__(self, *exc):
        # A graceful stop (bounded by --graceful-timeout): the workers finish the requests wrk
        # left in flight instead of printing interrupted tracebacks.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def check_page(server, target, cookie):
    """One request first: a page that answers with a redirect to the login or an error would
    make wrk measure the wrong thing."""
    request = urllib.request.Request(server.url(target.path))  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        if response.status != 200 or response.url != server.url(target.path):
            raise RuntimeError(f"{target.path} answered {response.status} at {response.url}")


def drive(server, target, cookie, *, duration, connections):
    command = [
        wrk_binary(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "10s",
        "--script",
        str(HERE / "wrk_report.lua"),
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    command.append(server.url(target.path))
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("WRK-JSON "))
    data = json.loads(line.removeprefix("WRK-JSON "))
    seconds = data["duration_us"] / 1e6
    return LoadResult(
        name=target.name,
        path=target.path,
        requests=data["requests"],
        errors=data["errors"] + data["non_2xx_3xx"],
        requests_per_second=round(data["requests"] / seconds, 1),
        p50_ms=round(data["p50_us"] / 1000, 1),
        p95_ms=round(data["p95_us"] / 1000, 1),
        p99_ms=round(data["p99_us"] / 1000, 1),
    )


def run(*, port, workers, duration, connections, log):
    results = []
    with Server(port=port, workers=workers) as server:
        for target in targets():
            cookie = session_cookie(target.user) if target.user else None
            check_page(server, target, cookie)
            log(f"driving {target.path} for {duration} s with {connections} connections")
            results.append(
                drive(server, target, cookie, duration=duration, connections=connections)
            )
    minimal, floor = results[0].requests_per_second, results[1].requests_per_second
    for result in results:
        result.share_of_minimal = (
            round(result.requests_per_second / minimal, 3) if minimal else None
        )
        result.share_of_floor = round(result.requests_per_second / floor, 3) if floor else None
    return [asdict(r) for r in results]
