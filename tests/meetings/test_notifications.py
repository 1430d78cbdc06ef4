"""E-mails leave one task per recipient: a mail server error re-sends one message, not all."""

import pytest
from celery import current_app
from django.core import mail

from meetings import emails
from meetings.services import invitations_send, minutes_publish, minutes_save_draft


@pytest.fixture
def second_message_fails_once(monkeypatch):
    """The mail server refuses the second message once, then accepts everything.

    Eager tasks retry in place only when their errors do not propagate, as on a worker.
    """
    monkeypatch.setitem(current_app.conf, "task_eager_propagates", False)
    real = emails.send_templated_email
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise ConnectionRefusedError("Serveur SMTP indisponible")
        return real(**kwargs)

    monkeypatch.setattr(emails, "send_templated_email", flaky)
    return calls


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_retried_invitation_is_not_sent_twice_to_the_others(
    cast, april_session, second_message_fails_once, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(
            actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
        )
    assert len(second_message_fails_once) == 3  # two invitations, one of them tried twice
    assert recipients() == sorted([cast.dsi_health.email, cast.dsi_education.email])


def test_a_retried_publication_notice_is_not_sent_twice_to_the_others(
    cast, january_session, second_message_fails_once, django_capture_on_commit_callbacks
):
    invitations_send(
        actor=cast.secretariat, meeting=january_session, structures=[cast.health, cast.education]
    )
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="# Compte rendu")
    second_message_fails_once.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(actor=cast.secretariat, meeting=january_session)
    assert len(second_message_fails_once) == 3
    assert recipients() == sorted([cast.dsi_health.email, cast.dsi_education.email])
    assert all(m.subject.startswith("Compte rendu publié") for m in mail.outbox)
