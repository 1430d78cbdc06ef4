"""A real Celery worker, started as its own process against Redis and PostgreSQL, sends a due
meeting reminder; the e-mail lands in a folder through Django's file-based backend."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import pytest
from celery import Celery
from celery.result import allow_join_result
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
    pytest.mark.postgresql,
    pytest.mark.redis,
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


def wait_for(condition, timeout=60, every=0.2):
    """Poll ``condition`` until it returns something true, or the deadline passes (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    return None


def mails_in(folder):
    """The messages Django's file backend wrote, parsed: a subject with "décembre" or "août"
    is MIME-encoded in the file, so raw bytes cannot be matched."""
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(BytesParser(policy=default).parsebytes(chunk.lstrip()))
    return messages


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
    assert wait_for(lambda: timezone.now() >= reminder.due_at, timeout=30)

    client = Celery(broker=REDIS_URL, backend=REDIS_URL)
    try:
        # Two dispatches in a row: the second must find nothing left to send.
        runs = [client.send_task("core.tasks.dispatch_notifications", queue=queue) for _ in "12"]
        # This process runs tasks eagerly in other tests, and Celery keeps a process-wide
        # "inside a task" flag that refuses .get(): here the wait is the test's, not a task's.
        with allow_join_result():
            handled = [run.get(timeout=60) for run in runs]
    finally:
        client.close()
    reminder.refresh_from_db()
    assert reminder.state == Notification.State.SENT, log.read_text()

    reminders = [m for m in mails_in(mails) if m["Subject"].startswith("Rappel")]
    assert len(reminders) == 1, [m["Subject"] for m in mails_in(mails)]
    assert sum(handled) >= 1 and 0 in handled, handled
    message = reminders[0]
    assert [a.addr_spec for a in message["To"].addresses] == [cast.dsi_health.email]
    bodies = [
        part.get_content() for part in message.walk() if part.get_content_type() == "text/plain"
    ]
    assert any("https://portail-dsi.test/meetings/" in body for body in bodies)
