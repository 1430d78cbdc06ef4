"""The outbox sends each notification exactly once: after a crash, with two dispatchers at
once, and after the mail server fails then comes back."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.db import connections
from django.utils import timezone

from core import outbox
from core.models import Notification
from tests.conftest import at

State = Notification.State


def build_hello(notification, _target):
    if notification.payload.get("nothing_to_say"):
        return None
    return EmailMessage(
        subject=f"Bonjour {notification.pk}", body="…", to=[notification.recipient.email]
    )


KIND = outbox.kind_declare("tests.hello", "Test", build=build_hello, key=("name",))


def schedule(user, key, due_at=None, **payload):
    """Plan one hello to ``user``, named ``key``; returns its row."""
    [planned] = KIND.to([user], due_at=due_at, name=key, **payload)
    outbox.notifications_plan([planned])
    return Notification.objects.get(dedup_key=planned.dedup_key)


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_scheduling_the_same_key_twice_keeps_one_row(cast):
    first = schedule(cast.dsi_health, "same")
    again = schedule(cast.dsi_health, "same")
    assert first.pk == again.pk
    assert Notification.objects.count() == 1


def test_a_due_notification_is_sent_once_and_marked_sent(cast):
    row = schedule(cast.dsi_health, "one")
    mail.outbox.clear()
    outbox.notifications_dispatch()
    outbox.notifications_dispatch()
    assert sent_to() == [cast.dsi_health.email]
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.SENT, 1, "")
    assert row.sent_at is not None


def test_a_notification_waits_for_its_time(cast):
    with time_machine.travel(at(2026, 3, 2, 8), tick=False):
        row = schedule(cast.dsi_health, "later", due_at=at(2026, 3, 2, 9))
        mail.outbox.clear()
        outbox.notifications_dispatch()
        assert mail.outbox == []
    with time_machine.travel(at(2026, 3, 2, 9, 1), tick=False):
        outbox.notifications_dispatch()
    assert sent_to() == [cast.dsi_health.email]
    row.refresh_from_db()
    assert row.state == State.SENT


def test_the_message_id_names_the_notification_so_a_duplicate_is_recognisable(cast):
    row = schedule(cast.dsi_health, "mid")
    mail.outbox.clear()
    outbox.notifications_dispatch()
    assert mail.outbox[0].extra_headers["Message-ID"] == outbox.message_id(row)
    assert f"notification-{row.pk}@" in outbox.message_id(row)


def test_a_notification_with_nothing_left_to_say_is_cancelled_not_sent(cast):
    row = schedule(cast.dsi_health, "moot", nothing_to_say=True)
    mail.outbox.clear()
    outbox.notifications_dispatch()
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.state == State.CANCELLED


def test_a_crash_between_claim_and_send_is_sent_once_after_the_claim_expires(cast, settings):
    settings.NOTIFICATION_CLAIM_TIMEOUT = 600
    start = timezone.now()
    rows = [schedule(user, f"crash-{user.pk}") for user in (cast.dsi_health, cast.dsi_education)]
    mail.outbox.clear()
    # The sender claims the rows, then its process dies before sending anything.
    claimed = outbox.notifications_claim()
    assert {row.pk for row in claimed} == {row.pk for row in rows}
    # A retry right away finds them claimed: it does not send them a second time meanwhile.
    outbox.notifications_dispatch()
    assert mail.outbox == []
    with time_machine.travel(start + timedelta(seconds=601), tick=False):
        outbox.notifications_dispatch()
        outbox.notifications_dispatch()
    assert sent_to() == sorted([cast.dsi_health.email, cast.dsi_education.email])
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}


def test_a_dispatch_that_dies_mid_batch_sends_the_rest_once_on_retry(cast, settings, monkeypatch):
    """The first message goes, then the worker dies; the retried task sends only the rest."""
    settings.NOTIFICATION_CLAIM_TIMEOUT = 600
    start = timezone.now()
    users = [cast.dsi_health, cast.dsi_education, cast.agent]
    for user in users:
        schedule(user, f"batch-{user.pk}")
    mail.outbox.clear()
    real_deliver = outbox.deliver
    calls = []

    def dies_after_the_first(notification, now=None):
        calls.append(notification.pk)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real_deliver(notification, now=now)

    monkeypatch.setattr(outbox, "deliver", dies_after_the_first)
    with pytest.raises(SystemExit):
        outbox.notifications_dispatch()
    monkeypatch.setattr(outbox, "deliver", real_deliver)
    assert len(mail.outbox) == 1
    with time_machine.travel(start + timedelta(seconds=601), tick=False):
        outbox.notifications_dispatch()
        outbox.notifications_dispatch()
    assert sent_to() == sorted(user.email for user in users)


@pytest.mark.postgresql  # row locks
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_send_each_email_exactly_once(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFICATION_BATCH_SIZE = 5
    users = [cast.dsi_health, cast.dsi_education, cast.agent, cast.secretariat]
    # Written straight to the table: scheduling would already dispatch them, on commit.
    Notification.objects.bulk_create(
        Notification(
            kind=KIND.name,
            recipient=users[number % 4],
            due_at=timezone.now(),
            dedup_key=f"race-{number}",
        )
        for number in range(40)
    )
    mail.outbox = []
    barrier = threading.Barrier(2)
    errors = []

    def dispatcher():
        try:
            barrier.wait()
            outbox.notifications_dispatch()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 40
    assert len(set(subjects)) == 40, "a notification was sent twice"
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_an_smtp_failure_is_visible_then_the_email_leaves_once_after_recovery(cast, settings, smtp):
    inbox, server = smtp
    settings.NOTIFICATION_RETRY_BASE = 120
    settings.NOTIFICATION_MAX_ATTEMPTS = 5
    start = timezone.now()
    row = schedule(cast.dsi_health, "smtp")
    outbox.notifications_dispatch()
    row.refresh_from_db()
    # The failure shows: still pending, one attempt, the error kept, a retry planned.
    assert row.state == State.PENDING
    assert row.attempts == 1
    assert "Connection refused" in row.last_error or "Errno 111" in row.last_error
    assert row.due_at >= start + timedelta(seconds=120)
    # Before the back-off has passed nothing is tried again.
    outbox.notifications_dispatch()
    row.refresh_from_db()
    assert row.attempts == 1
    server.start()
    with time_machine.travel(row.due_at + timedelta(seconds=1), tick=False):
        outbox.notifications_dispatch()
        outbox.notifications_dispatch()
    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == [cast.dsi_health.email]
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.SENT, 2, "")


def test_after_the_last_attempt_the_notification_is_failed_and_can_be_resent_once(
    cast, settings, smtp
):
    inbox, server = smtp
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BASE = 60
    row = schedule(cast.dsi_health, "doomed")
    moment = timezone.now()
    for _attempt in range(3):
        with time_machine.travel(moment, tick=False):
            outbox.notifications_dispatch()
        row.refresh_from_db()
        moment = row.due_at + timedelta(seconds=1)
    assert (row.state, row.attempts) == (State.FAILED, 3)
    assert row.last_error
    # Back-off doubled between attempts: 60 s, then 120 s.
    assert outbox.retry_delay(1) == timedelta(seconds=60)
    assert outbox.retry_delay(2) == timedelta(seconds=120)
    server.start()
    with time_machine.travel(moment + timedelta(hours=1), tick=False):
        outbox.notifications_dispatch()
        assert inbox.messages == []  # a failed row stays failed until someone resends it
        assert outbox.notification_resend(notification=row) is True
        assert outbox.notification_resend(notification=row) is False
        outbox.notifications_dispatch()
        outbox.notifications_dispatch()
    assert len(inbox.messages) == 1
    row.refresh_from_db()
    assert row.state == State.SENT


def test_the_secretariat_reads_the_outbox_in_the_admin_and_cannot_edit_it(cast, login):
    row = schedule(cast.dsi_health, "admin-row")
    client = login(cast.secretariat)
    listing = client.get("/admin/core/notification/")
    assert listing.status_code == 200
    assert str(cast.dsi_health) in listing.content.decode()
    assert client.get(f"/admin/core/notification/{row.pk}/change/").status_code == 200
    assert client.post(f"/admin/core/notification/{row.pk}/delete/").status_code == 403
    assert login(cast.dsi_health).get("/admin/core/notification/").status_code == 302


class SlowMailServer(EmailBackend):
    """The first dispatcher's messages take 400 s each (the clock is moved on); while its
    second one is being sent, 800 s after the batch was claimed, a second dispatcher runs."""

    traveller = None
    sent = 0
    nested = False

    def send_messages(self, messages):
        cls = type(self)
        if not cls.nested:
            cls.sent += 1
            cls.traveller.shift(400)
            if cls.sent == 2:
                cls.nested = True
                try:
                    outbox.notifications_dispatch()
                finally:
                    cls.nested = False
        return super().send_messages(messages)


def test_a_slow_batch_keeps_its_claim_so_no_message_leaves_twice(cast, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailServer"
    settings.NOTIFICATION_CLAIM_TIMEOUT = 600
    users = [cast.dsi_health, cast.dsi_education, cast.agent]
    Notification.objects.bulk_create(
        Notification(
            kind=KIND.name, recipient=user, due_at=timezone.now(), dedup_key=f"slow-{user.pk}"
        )
        for user in users
    )
    mail.outbox = []
    SlowMailServer.sent, SlowMailServer.nested = 0, False
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        SlowMailServer.traveller = traveller
        outbox.notifications_dispatch()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user in users)
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}


def test_the_secretariat_resends_failed_notifications_from_the_admin(cast, login):
    failed = schedule(cast.dsi_health, "admin-failed")
    sent = schedule(cast.dsi_education, "admin-sent")
    Notification.objects.filter(pk=failed.pk).update(state=State.FAILED, attempts=5)
    Notification.objects.filter(pk=sent.pk).update(state=State.SENT)
    response = login(cast.secretariat).post(
        "/admin/core/notification/",
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 notification remise en file" in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.PENDING, 0)
    assert sent.state == State.SENT


def test_old_notifications_are_purged_and_pending_ones_kept(cast, settings):
    settings.NOTIFICATION_KEEP_DAYS = 365
    old_sent = schedule(cast.dsi_health, "old-sent")
    old_pending = schedule(cast.dsi_education, "old-pending")
    recent_sent = schedule(cast.agent, "recent-sent")
    long_ago = timezone.now() - timedelta(days=400)
    Notification.objects.filter(pk=old_sent.pk).update(state=State.SENT, updated_at=long_ago)
    Notification.objects.filter(pk=old_pending.pk).update(updated_at=long_ago)
    Notification.objects.filter(pk=recent_sent.pk).update(state=State.SENT)
    assert outbox.notifications_purge() == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {
        old_pending.pk,
        recent_sent.pk,
    }
