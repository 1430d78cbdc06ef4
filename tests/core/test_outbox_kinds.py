"""Every kind of notification the portal declares, in every app, reaches an active recipient
and says nothing to a closed account: the row is cancelled, never sent. Each kind is planned
by the service that plans it in real use; a kind declared without a story here fails the
first test, so a new app's e-mails cannot skip the check."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from core import outbox
from core.models import Notification
from dsi_portal.digest import weekly_digest_plan
from helpdesk.models import Status as TicketStatus
from helpdesk.models import Ticket
from helpdesk.services import message_add, ticket_reopen, ticket_transition
from helpdesk.services.timers import sla_alerts_plan
from meetings.services import (
    invitations_send,
    meeting_cancel,
    meeting_create,
    meeting_postpone,
    minutes_correct,
    minutes_publish,
    minutes_save_draft,
)
from recommendations.models import Status
from recommendations.services import update_reject, update_submit
from recommendations.services.reminders import recommendation_reminders_plan
from tests.conftest import at

State = Notification.State
MONDAY = at(2026, 3, 2, 8)
STARTS = at(2026, 3, 20, 9)


@dataclass
class World:
    cast: object
    make_ticket: object
    make_recommendation: object
    january_session: object


@pytest.fixture
def world(cast, make_ticket, make_recommendation, january_session):
    return World(cast, make_ticket, make_recommendation, january_session)


STORIES = {}


def story(name):
    """The story that plans a notification of kind ``name``: returns its recipient and the
    moment it is due."""

    def register(plan):
        STORIES[name] = plan
        return plan

    return register


def _ticket(w):
    """Filed on Monday at 8:00 in the mail category (Karim's), answered within the hour."""
    with time_machine.travel(MONDAY, tick=False):
        ticket = w.make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(first_response_at=MONDAY + timedelta(hours=1))
    ticket.refresh_from_db()
    return ticket


@story("helpdesk.acknowledgement")
def ticket_acknowledged(w):
    _ticket(w)
    return w.cast.dsi_health, MONDAY


@story("helpdesk.new_ticket")
def ticket_announced(w):
    _ticket(w)
    return w.cast.agent, MONDAY


@story("helpdesk.reply")
def ticket_answered(w):
    ticket = _ticket(w)
    with time_machine.travel(MONDAY, tick=False):
        message_add(actor=w.cast.agent, ticket=ticket, body="Pouvez-vous redémarrer le poste ?")
    return w.cast.dsi_health, MONDAY


@story("helpdesk.status_changed")
def ticket_in_progress(w):
    ticket = _ticket(w)
    with time_machine.travel(MONDAY, tick=False):
        ticket_transition(actor=w.cast.agent, ticket=ticket, status=TicketStatus.IN_PROGRESS)
    return w.cast.dsi_health, MONDAY


@story("helpdesk.reopened")
def ticket_reopened(w):
    ticket = _ticket(w)
    with time_machine.travel(MONDAY, tick=False):
        ticket_transition(actor=w.cast.agent, ticket=ticket, status=TicketStatus.RESOLVED)
        ticket_reopen(actor=w.cast.dsi_health, ticket=ticket)
    return w.cast.agent, MONDAY


def _sla_alert(w, moment_after_due):
    ticket = _ticket(w)
    moment = ticket.resolution_due_at + moment_after_due
    with time_machine.travel(moment, tick=False):
        sla_alerts_plan()
    return w.cast.agent, moment


@story("helpdesk.sla_at_risk")
def ticket_at_risk(w):
    return _sla_alert(w, -timedelta(hours=3))


@story("helpdesk.sla_breached")
def ticket_late(w):
    return _sla_alert(w, timedelta(minutes=5))


def _meeting(w):
    """Planned on Monday for 20 March; the Health ministry is invited."""
    with time_machine.travel(MONDAY, tick=False):
        meeting = meeting_create(
            actor=w.cast.secretariat,
            title="1ère rencontre 2026",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=4),
            venue="Salle de conférence du MTDPCE",
        )
        invitations_send(actor=w.cast.secretariat, meeting=meeting, structures=[w.cast.health])
    return meeting


@story("meetings.invitation")
def meeting_invitation(w):
    _meeting(w)
    return w.cast.dsi_health, MONDAY


@story("meetings.reminder")
def meeting_reminder(w):
    _meeting(w)
    return w.cast.dsi_health, STARTS - timedelta(days=7) + timedelta(minutes=1)


@story("meetings.nudge")
def meeting_nudge(w):
    _meeting(w)
    return w.cast.dsi_health, STARTS - timedelta(days=3) + timedelta(minutes=1)


@story("meetings.cancelled")
def meeting_cancelled(w):
    meeting = _meeting(w)
    with time_machine.travel(MONDAY, tick=False):
        meeting_cancel(actor=w.cast.secretariat, meeting=meeting, reason="Conseil des ministres")
    return w.cast.dsi_health, MONDAY


@story("meetings.postponed")
def meeting_postponed(w):
    meeting = _meeting(w)
    with time_machine.travel(MONDAY, tick=False):
        meeting_postpone(
            actor=w.cast.secretariat,
            meeting=meeting,
            starts_at=STARTS + timedelta(days=7),
            reason="Conseil des ministres",
        )
    return w.cast.dsi_health, MONDAY


@story("meetings.minutes_published")
def minutes_published(w):
    meeting = w.january_session
    with time_machine.travel(MONDAY, tick=False):
        invitations_send(actor=w.cast.secretariat, meeting=meeting, structures=[w.cast.health])
        minutes_save_draft(actor=w.cast.secretariat, meeting=meeting, body="# Compte rendu")
        minutes_publish(actor=w.cast.secretariat, meeting=meeting)
    return w.cast.dsi_health, MONDAY


@story("meetings.minutes_corrected")
def minutes_corrected(w):
    meeting = w.january_session
    with time_machine.travel(MONDAY, tick=False):
        invitations_send(actor=w.cast.secretariat, meeting=meeting, structures=[w.cast.health])
        minutes_save_draft(actor=w.cast.secretariat, meeting=meeting, body="# Compte rendu")
        minutes_publish(actor=w.cast.secretariat, meeting=meeting)
        minutes_correct(
            actor=w.cast.secretariat,
            meeting=meeting,
            body="# Compte rendu corrigé",
            reason="Coquille dans le titre",
        )
    return w.cast.dsi_health, MONDAY


def _update(w):
    """Aïcha reports progress on a recommendation her ministry leads."""
    recommendation = w.make_recommendation()
    with time_machine.travel(MONDAY, tick=False):
        return update_submit(
            actor=w.cast.dsi_health,
            recommendation=recommendation,
            status=Status.IN_PROGRESS,
            progress=40,
            comment="Migration de la moitié des boîtes",
        )


@story("recommendations.update_submitted")
def update_to_validate(w):
    _update(w)
    return w.cast.secretariat, MONDAY


@story("recommendations.update_rejected")
def update_rejected(w):
    update = _update(w)
    with time_machine.travel(MONDAY, tick=False):
        update_reject(actor=w.cast.secretariat, update=update, reason="Pièce justificative absente")
    return w.cast.dsi_health, MONDAY


def _due(w, due_date):
    w.make_recommendation(due_date=due_date)
    with time_machine.travel(MONDAY, tick=False):
        recommendation_reminders_plan()
    return w.cast.dsi_health, MONDAY


@story("recommendations.due_soon")
def recommendation_due_soon(w):
    return _due(w, date(2026, 3, 10))


@story("recommendations.overdue")
def recommendation_overdue(w):
    return _due(w, date(2026, 2, 20))


@story("core.server_error")
def server_error(w):
    from django.test import RequestFactory

    from core.errors import server_error_report

    request = RequestFactory().get("/helpdesk/")
    request.user = w.cast.dsi_health
    try:
        raise RuntimeError("panne")
    except RuntimeError:
        import sys

        with time_machine.travel(MONDAY, tick=False):
            server_error_report(request, sys.exc_info())
    return w.cast.admin, MONDAY


@story("dsi_portal.weekly_digest")
def weekly_digest(w):
    with time_machine.travel(MONDAY, tick=False):
        weekly_digest_plan()
    return w.cast.secretary_general, MONDAY


def test_every_declared_kind_has_its_story_here():
    declared = {name for name in outbox.kinds() if not name.startswith("tests.")}
    assert declared == set(STORIES)


def planned(name, recipient, moment):
    """The rows of this kind waiting for ``recipient``, due by ``moment``."""
    rows = Notification.objects.filter(
        kind=name, recipient=recipient, state=State.PENDING, due_at__lte=moment
    )
    return set(rows.values_list("pk", flat=True))


def states(pks):
    return set(Notification.objects.filter(pk__in=pks).values_list("state", flat=True))


def sent_to_at(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        outbox.notifications_dispatch()
    return {address for message in mail.outbox for address in message.to}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_each_kind_reaches_an_active_recipient(name, world):
    recipient, moment = STORIES[name](world)
    rows = planned(name, recipient, moment)
    assert rows, f"the story of {name} planned nothing for {recipient}"
    assert recipient.email in sent_to_at(moment)
    assert states(rows) == {State.SENT}


@pytest.mark.parametrize("name", sorted(STORIES))
def test_each_kind_says_nothing_to_a_deactivated_account(name, world):
    recipient, moment = STORIES[name](world)
    rows = planned(name, recipient, moment)
    assert rows, f"the story of {name} planned nothing for {recipient}"
    User.objects.filter(pk=recipient.pk).update(is_active=False)
    assert recipient.email not in sent_to_at(moment)
    assert states(rows) == {State.CANCELLED}
