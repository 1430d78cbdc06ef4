"""Who hears of what by e-mail: every requester of a bulk status change, the agent of a reopened
ticket, and the acknowledgement sent once whatever happens to the notices to the agents; and
each status e-mail names the status it announces, however late it leaves."""

import time_machine
from django.core import mail

from accounts.roles import Role
from core import outbox
from helpdesk.models import Status
from helpdesk.services import (
    ticket_bulk_transition,
    ticket_confirm_resolution,
    ticket_reopen,
    ticket_transition,
)
from tests.conftest import at, make_user, settle_mail


def test_a_bulk_status_change_tells_each_requester_once(
    make_ticket, cast, django_capture_on_commit_callbacks
):
    health = make_ticket("Webmail inaccessible")
    education = make_ticket("Serveur lent", requester=cast.dsi_education)
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_bulk_transition(
            actor=cast.agent, tickets=[health, education], status=Status.IN_PROGRESS
        )
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _subject in sent] == sorted(
        [cast.dsi_health.email, cast.dsi_education.email]
    )
    assert {health.reference, education.reference} == {
        subject.split("]")[0].strip("[") for _to, subject in sent
    }


def test_a_bulk_change_that_moves_nothing_sends_nothing(
    make_ticket, cast, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_bulk_transition(actor=cast.agent, tickets=[ticket], status=Status.IN_PROGRESS)
    assert mail.outbox == []


def test_a_reopened_ticket_is_announced_to_its_agent(
    make_ticket, cast, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2022, 12, 5, 9), tick=False):
        ticket = make_ticket()
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    settle_mail()
    with (
        time_machine.travel(at(2022, 12, 6, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ticket_reopen(actor=cast.dsi_health, ticket=ticket)
    assert [m.to for m in mail.outbox] == [[cast.agent.email]]
    notice = mail.outbox[0]
    assert f"[{ticket.reference}] Demande rouverte" in notice.subject
    assert "est rouverte" in notice.body and "Aïcha Kaboré" in notice.body


def test_an_unassigned_reopened_ticket_is_announced_to_the_team(
    make_ticket, cast, mail_category, django_capture_on_commit_callbacks
):
    awa = make_user("awa.zongo@anptic.bf", cast.anptic, Role.ANPTIC_AGENT)
    mail_category.default_assignee = None
    mail_category.save()
    mail_category.team.set([cast.agent, awa])
    ticket = make_ticket()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reopen(actor=cast.dsi_health, ticket=ticket)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.agent.email, awa.email])


def test_the_acknowledgement_and_each_agent_notice_are_rows_of_their_own(
    make_ticket, cast, django_capture_on_commit_callbacks
):
    """A mail server failure on the agent's notice never acknowledges the request twice."""
    from core import outbox
    from core.models import Notification

    ticket = make_ticket()  # written, not sent yet (the dispatch waits for the commit)
    rows = Notification.objects.for_target(ticket).order_by("kind")
    assert [(row.kind, row.recipient) for row in rows] == [
        ("helpdesk.acknowledgement", cast.dsi_health),
        ("helpdesk.new_ticket", cast.agent),
    ]
    mail.outbox.clear()
    outbox.notifications_dispatch()
    outbox.notifications_dispatch()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.dsi_health.email, cast.agent.email])


def test_two_quick_status_changes_send_two_emails_each_naming_its_own_status(make_ticket, cast):
    """The agent sets "En cours", then "En attente du demandeur", before the worker runs."""
    ticket = make_ticket()
    settle_mail()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    outbox.notifications_dispatch()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            cast.dsi_health.email,
            f"[{ticket.reference}] Votre demande est « En attente du demandeur »",
        ),
        (cast.dsi_health.email, f"[{ticket.reference}] Votre demande est « En cours »"),
    ]
    bodies = sorted(m.body for m in mail.outbox)
    assert "est maintenant « En attente du demandeur »" in bodies[0]
    assert "est maintenant « En cours »" in bodies[1]


def test_a_resolution_confirmed_before_the_email_leaves_is_still_announced_as_resolved(
    make_ticket, cast
):
    """Aïcha confirms at once; the e-mail that leaves afterwards still tells her the ticket
    was resolved and that she can confirm or reopen it."""
    ticket = make_ticket()
    settle_mail()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    ticket_confirm_resolution(actor=cast.dsi_health, ticket=ticket)
    outbox.notifications_dispatch()
    [notice] = mail.outbox
    assert notice.subject == f"[{ticket.reference}] Votre demande est « Résolue »"
    assert "Confirmez la résolution sur le portail" in notice.body
    assert "Clôturée" not in notice.body
