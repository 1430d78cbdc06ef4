"""Where a new ticket goes: only ANPTIC agents may be a category's default assignee or team, and
a DSI put there by mistake never receives another structure's ticket."""

from django.core import mail
from django.forms import modelform_factory

from helpdesk.models import Category


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
