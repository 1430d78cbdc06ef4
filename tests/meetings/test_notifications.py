"""Each e-mail is its own outbox row: a mail server error on one message retries that message,
later, and nobody else receives theirs twice."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from core import outbox
from core.models import Notification
from meetings.services import invitations_send, minutes_publish, minutes_save_draft

# The April session is three weeks ahead: it still asks for replies and situations.
pytestmark = pytest.mark.usefixtures("before_april")

FAILURES = []


class SecondMessageFailsOnce(EmailBackend):
    """The mail server refuses the second message once, then accepts everything."""

    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 2:
            FAILURES.append(messages[0].to)
            raise ConnectionRefusedError("Serveur SMTP indisponible")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail_server(settings):
    SecondMessageFailsOnce.calls = 0
    FAILURES.clear()
    settings.EMAIL_BACKEND = f"{__name__}.SecondMessageFailsOnce"
    return FAILURES


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def dispatch_until_done():
    """The dispatcher runs now, then again once the back-off has passed."""
    outbox.notifications_dispatch()
    later = timezone.now() + timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        outbox.notifications_dispatch()


def test_a_retried_invitation_is_not_sent_twice_to_the_others(
    cast, april_session, flaky_mail_server
):
    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    mail.outbox.clear()
    outbox.notifications_dispatch()
    assert len(flaky_mail_server) == 1
    failed = Notification.objects.get(
        kind="meetings.invitation", recipient__email=flaky_mail_server[0][0]
    )
    assert failed.state == Notification.State.PENDING
    assert "Serveur SMTP indisponible" in failed.last_error
    dispatch_until_done()
    assert recipients() == sorted([cast.dsi_health.email, cast.dsi_education.email])


def test_a_retried_publication_notice_is_not_sent_twice_to_the_others(
    cast, january_session, flaky_mail_server
):
    invitations_send(
        actor=cast.secretariat, meeting=january_session, structures=[cast.health, cast.education]
    )
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="# Compte rendu")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    Notification.objects.filter(kind="meetings.invitation").delete()
    mail.outbox.clear()
    dispatch_until_done()
    assert len(flaky_mail_server) == 1
    assert recipients() == sorted([cast.dsi_health.email, cast.dsi_education.email])
    assert all(m.subject.startswith("Compte rendu publié") for m in mail.outbox)
