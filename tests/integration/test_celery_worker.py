"""A real Celery worker, started as its own process against Redis and PostgreSQL, sends a due
meeting reminder; the e-mail lands in a folder through Django's file-based backend."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from core.models import Notification
from meetings.models import Invitation
from meetings.services import invitation_reply, invitations_send, meeting_create
from meetings.services.reminders import REMINDER

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("CI") != "true"
        and (not REDIS_URL or os.environ.get("DATABASE_URL", "").split(":")[0] != "postgres"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); .ci/run sets both",
    ),
]


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:"
        f"{db.get('PORT') or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(tmp_path):
    """The worker of `make run`, on a queue of its own, writing e-mails to a folder."""
    assert connection.vendor == "postgresql", "CI must run on PostgreSQL (DATABASE_URL)"
    assert REDIS_URL.startswith("redis://"), "CI must run with REDIS_URL"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mails = tmp_path / "mails"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dsi_portal.settings",
        "DSI_IGNORE_DOTENV": "1",
        "SECRET_KEY": "integration-test-secret-key-0123456789-abcdefghijklmnop",
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{mails}",
        "PORTAL_BASE_URL": "https://portail-dsi.test",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "dsi_portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                queue,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield queue, mails, log
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    return None


def test_a_real_worker_sends_a_due_reminder_once(cast, january_session, worker):
    queue, mails, log = worker
    # A follow-up meeting tomorrow, a few seconds after this time of day: its J-1 reminder
    # falls due in a few seconds.
    meeting = meeting_create(
        actor=cast.secretariat,
        title="Rencontre de suivi",
        starts_at=timezone.now() + timedelta(days=1, seconds=3),
        follows_up=january_session,
    )
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
    invitation_reply(
        actor=cast.dsi_health,
        invitation=meeting.invitations.get(invitee=cast.dsi_health),
        response=Invitation.Response.ATTENDING,
    )
    reminder = Notification.objects.get(
        kind=REMINDER, recipient=cast.dsi_health, due_at__lt=meeting.starts_at - timedelta(hours=1)
    )
    time.sleep(max(0, (reminder.due_at - timezone.now()).total_seconds()) + 0.5)

    client = Celery(broker=REDIS_URL)
    try:
        for _ in range(2):  # two dispatches in a row: the second finds nothing left to send
            client.send_task("core.tasks.dispatch_notifications", queue=queue)
    finally:
        client.close()

    def reminder_files():
        files = list(mails.glob("*.log")) if mails.exists() else []
        found = [f for f in files if "Subject: Rappel" in f.read_text(errors="replace")]
        return found or None

    found = wait_for(reminder_files)
    assert found, "no reminder written by the worker:\n" + log.read_text()
    time.sleep(2)  # let the second dispatch run too
    found = reminder_files()
    assert len(found) == 1, "the reminder was sent twice"
    text = found[0].read_text()
    assert f"To: {cast.dsi_health.email}" in text
    reminder.refresh_from_db()
    assert reminder.state == Notification.State.SENT
    assert "https://portail-dsi.test/meetings/" in text
