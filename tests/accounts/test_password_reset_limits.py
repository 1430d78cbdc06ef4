"""Password-reset e-mails are limited (issue 15, defect 6): ten requests in a second sent ten
e-mails. Per address typed and per client address, within an hour, counted in the security
journal, with the same answer whether the address has an account or not."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import SecurityEvent

RESET = "/accounts/password_reset/"
TOO_MANY = "Trop de demandes de réinitialisation"


def _ask(client, email, address="198.51.100.20"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_three_reset_e_mails_per_address_and_hour_then_a_french_refusal(client, cast, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 3
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            assert _ask(client, cast.dsi_health.email).status_code == 302
        assert len(mail.outbox) == 3
        # The same address in capitals is the same address.
        refused = _ask(client, cast.dsi_health.email.upper())
        assert refused.status_code == 429
        assert TOO_MANY in refused.content.decode()
        assert len(mail.outbox) == 3
        # Another person is not held back by it.
        assert _ask(client, cast.dsi_education.email).status_code == 302
        assert len(mail.outbox) == 4
        # An address without an account gets the same answers (nothing tells them apart).
        for _ in range(3):
            assert _ask(client, "personne@nulle-part.bf").status_code == 302
        assert _ask(client, "personne@nulle-part.bf").status_code == 429
        assert len(mail.outbox) == 4
        clock.shift(timedelta(hours=1, minutes=1))
        assert _ask(client, cast.dsi_health.email).status_code == 302
        assert len(mail.outbox) == 5
    refusals = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, detail__startswith="trop de demandes"
    )
    assert refusals.count() == 2


def test_one_client_address_cannot_ask_for_many_accounts(client, cast, settings):
    settings.PASSWORD_RESETS_PER_CLIENT = 4
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(4):
            assert _ask(client, f"agent{n}@x.bf", address="203.0.113.9").status_code == 302
        assert _ask(client, cast.dsi_health.email, address="203.0.113.9").status_code == 429
        assert not mail.outbox
        # The same person from another network is served.
        assert _ask(client, cast.dsi_health.email, address="203.0.113.10").status_code == 302
        assert len(mail.outbox) == 1
