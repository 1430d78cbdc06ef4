"""The Secretariat's page of a meeting's notifications: what is pending, sent and failed, and
resending a failed one."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from meetings.models import Meeting
from meetings.services import invitations_send

# The April session is three weeks ahead: it still asks for replies and situations.
pytestmark = pytest.mark.usefixtures("before_april")

State = Notification.State


@pytest.fixture
def failed(cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    return Notification.objects.create(
        kind="meetings.reminder",
        target=april_session,
        recipient=cast.dsi_health,
        due_at=timezone.now(),
        dedup_key="page-failed",
        state=State.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_the_secretariat_sees_each_notification_with_its_state_and_error(
    cast, login, april_session, failed
):
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/notifications/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rappel avant la réunion" in html
    assert "Invitation" in html
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    assert "5 tentatives" in html
    assert html.count("Renvoyer") == 1
    assert page.context["counts"]["failed"] == 1


def test_resending_a_failed_notification_sends_it_once(
    cast, login, april_session, failed, django_capture_on_commit_callbacks
):
    from django.core import mail

    # The failed e-mail is the invitation (it does not depend on the meeting's date).
    failed.kind, failed.payload = (
        "meetings.invitation",
        {"invitation": april_session.invitations.get(invitee=cast.dsi_health).pk},
    )
    failed.save()
    Notification.objects.exclude(pk=failed.pk).delete()
    mail.outbox.clear()
    client = login(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/meetings/{april_session.pk}/notifications/{failed.pk}/resend/", follow=True
        )
    assert "La notification est remise en file" in response.content.decode()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([cast.dsi_health.email], "Invitation : 2ème rencontre 2022 entre le MTDPCE et les DSI")
    ]
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.SENT, 1)


def test_resending_twice_does_nothing_the_second_time(cast, login, april_session, failed):
    client = login(cast.secretariat)
    url = f"/meetings/{april_session.pk}/notifications/{failed.pk}/resend/"
    client.post(url)
    failed.refresh_from_db()
    assert failed.state == State.PENDING
    response = client.post(url, follow=True)
    assert "rien à renvoyer" in response.content.decode()


def test_a_notification_of_another_meeting_answers_404(cast, login, april_session, failed):
    other = Meeting.objects.create(title="Autre", starts_at=timezone.now())
    response = login(cast.secretariat).post(
        f"/meetings/{other.pk}/notifications/{failed.pk}/resend/"
    )
    assert response.status_code == 404
    failed.refresh_from_db()
    assert failed.state == State.FAILED


def test_the_page_makes_the_same_queries_for_few_or_many_notifications(cast, login, april_session):
    client = login(cast.secretariat)
    url = f"/meetings/{april_session.pk}/notifications/"

    def add(count, start):
        Notification.objects.bulk_create(
            Notification(
                kind="meetings.reminder",
                target_type=ContentType.objects.get_for_model(Meeting),
                target_id=april_session.pk,
                recipient=cast.dsi_health,
                due_at=timezone.now(),
                dedup_key=f"many-{number}",
            )
            for number in range(start, start + count)
        )

    add(2, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(60, 2)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_an_smtp_outage_shows_on_the_page_until_the_invitation_leaves(
    cast, login, april_session, smtp
):
    """The mail server is down when the invitations go: the Secretariat sees the failure and
    the next attempt; once the server is back, each invitation leaves once and shows sent."""
    from datetime import timedelta

    import time_machine

    from core import outbox

    inbox, server = smtp
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    outbox.notifications_dispatch()
    client = login(cast.secretariat)
    url = f"/meetings/{april_session.pk}/notifications/"
    html = client.get(url).content.decode()
    assert "Nouvel essai prévu" in html
    assert "Connection refused" in html or "Errno 111" in html
    row = Notification.objects.get(kind="meetings.invitation")
    server.start()
    with time_machine.travel(row.due_at + timedelta(seconds=1), tick=False):
        outbox.notifications_dispatch()
        outbox.notifications_dispatch()
    assert [message.rcpt_tos for message in inbox.messages] == [[cast.dsi_health.email]]
    html = client.get(url).content.decode()
    assert "Nouvel essai prévu" not in html
    assert "Connection refused" not in html
    row.refresh_from_db()
    assert row.state == State.SENT
