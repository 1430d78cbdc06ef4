"""Where a new ticket goes: only ANPTIC agents may be a category's default assignee or team, and
a DSI put there by mistake never receives another structure's ticket; a category that routes
nowhere (as every shipped one) sends its tickets to every agent on duty and the supervisors."""

import pytest
from django.core import mail
from django.forms import modelform_factory

from accounts.roles import Role
from core import outbox
from helpdesk.models import Category, Status
from helpdesk.services import message_add, ticket_reopen, ticket_transition
from tests.conftest import make_user, settle_mail


def test_the_admin_offers_only_agents_for_a_category(cast, mail_category):
    form = modelform_factory(Category, fields=["default_assignee", "team"])()
    for field in ("default_assignee", "team"):
        offered = set(form.fields[field].queryset)
        assert cast.agent in offered
        assert not offered & {cast.dsi_health, cast.dsi_education, cast.secretariat}


def test_a_default_assignee_who_is_not_an_agent_is_ignored_and_the_team_is_told(
    make_ticket, cast, mail_category, django_capture_on_commit_callbacks
):
    # Boubacar, the education DSI, was set as the mail category's agent by mistake.
    mail_category.default_assignee = cast.dsi_education
    mail_category.save()
    mail_category.team.set([cast.agent])
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket()
    assert ticket.assignee is None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([cast.dsi_health.email, cast.agent.email])


def test_an_inactive_default_assignee_is_ignored(make_ticket, cast, mail_category):
    cast.agent.is_active = False
    cast.agent.save()
    assert make_ticket().assignee is None


def test_a_team_member_who_is_not_an_agent_is_not_told(
    make_ticket, cast, mail_category, django_capture_on_commit_callbacks
):
    mail_category.default_assignee = None
    mail_category.save()
    mail_category.team.set([cast.agent, cast.dsi_education])
    with django_capture_on_commit_callbacks(execute=True):
        make_ticket()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([cast.dsi_health.email, cast.agent.email])


@pytest.fixture
def network(db):
    """A category like those the portal ships with: no default agent, no team."""
    return Category.objects.create(name="Réseau et connectivité")


@pytest.fixture
def helpdesk_staff(cast):
    """Besides Karim and Nadia (the administrator, an agent too): Rasmata, an agent who
    supervises the helpdesk; Issa, an agent who left; Boubacar flagged supervisor by mistake."""
    supervisor = make_user(
        "rasmata.kabore@anptic.bf", cast.anptic, Role.ANPTIC_AGENT, is_helpdesk_supervisor=True
    )
    make_user("issa.traore@anptic.bf", cast.anptic, Role.ANPTIC_AGENT, is_active=False)
    cast.dsi_education.is_helpdesk_supervisor = True
    cast.dsi_education.save()
    return sorted([cast.agent.email, cast.admin.email, supervisor.email])


def told(about):
    """Who received the e-mails whose subject says ``about``, the worker having run."""
    outbox.notifications_dispatch()
    return sorted(m.to[0] for m in mail.outbox if about in m.subject)


def test_a_new_ticket_in_a_category_routed_nowhere_reaches_the_agents_and_supervisors(
    make_ticket, cast, network, helpdesk_staff
):
    ticket = make_ticket(category=network)
    assert ticket.assignee is None
    mail.outbox.clear()
    assert told("Nouvelle demande") == helpdesk_staff


def test_a_dsi_reply_on_an_unassigned_ticket_routed_nowhere_reaches_the_agents(
    make_ticket, cast, network, helpdesk_staff
):
    ticket = make_ticket(category=network)
    settle_mail()
    message_add(actor=cast.dsi_health, ticket=ticket, body="Toujours pas de connexion.")
    assert told("Nouvelle réponse") == helpdesk_staff


def test_a_reopened_unassigned_ticket_routed_nowhere_reaches_the_agents(
    make_ticket, cast, network, helpdesk_staff
):
    ticket = make_ticket(category=network)
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    settle_mail()
    ticket_reopen(actor=cast.dsi_health, ticket=ticket)
    assert told("Demande rouverte") == helpdesk_staff


def test_a_reply_on_a_ticket_whose_agent_left_reaches_the_categorys_team(
    make_ticket, cast, mail_category
):
    awa = make_user("awa.zongo@anptic.bf", cast.anptic, Role.ANPTIC_AGENT)
    mail_category.team.set([awa])
    ticket = make_ticket()
    assert ticket.assignee == cast.agent
    cast.agent.is_active = False
    cast.agent.save()
    settle_mail()
    message_add(actor=cast.dsi_health, ticket=ticket, body="Toujours en panne.")
    assert told("Nouvelle réponse") == [awa.email]


def test_a_routed_category_keeps_its_tickets_to_its_routing(
    make_ticket, cast, mail_category, helpdesk_staff
):
    make_ticket()
    assert told("Nouvelle demande") == [cast.agent.email]
