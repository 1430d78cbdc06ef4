"""Who is an agent: one answer for permissions, lists and routing (issue 14, defect 6).

helpdesk.permissions.is_agent decides for one user; User.objects.helpdesk_agents() lists the
same people; every list of agents (the assignee choices on a ticket, the queue's filter, the
bulk action form, a category's default agent and team) is that list.
"""

import pytest
from django.contrib.auth.models import Group
from django.forms import modelform_factory
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from helpdesk.forms import BulkActionForm
from helpdesk.models import Category
from helpdesk.permissions import is_agent
from helpdesk.services import ticket_assign

from ..conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_list_of_agents_is_whoever_the_permission_calls_an_agent(cast):
    # A superuser in two groups is listed once; an inactive agent is not listed at all.
    cast.admin.groups.add(Group.objects.get(name=Role.SECRETARIAT.value))
    cast.admin.groups.add(Group.objects.get(name=Role.ANPTIC_AGENT.value))
    gone = make_user("parti@anptic.bf", cast.anptic, Role.ANPTIC_AGENT, is_active=False)
    listed = list(User.objects.helpdesk_agents())
    everyone = User.objects.all()
    assert sorted(u.pk for u in listed) == sorted(
        u.pk for u in everyone if u.is_active and is_agent(u)
    )
    assert cast.admin in listed and cast.agent in listed
    assert gone not in listed and cast.dsi_health not in listed
    assert len(listed) == len({u.pk for u in listed})


def test_supervisors_are_agents_flagged_as_such(cast):
    cast.agent.is_helpdesk_supervisor = True
    cast.agent.save()
    cast.dsi_health.is_helpdesk_supervisor = True  # set on a DSI by mistake
    cast.dsi_health.save()
    assert list(User.objects.helpdesk_supervisors()) == [cast.agent]


def test_a_ticket_a_superuser_took_shows_them_as_its_agent(cast, make_ticket, login):
    ticket = make_ticket()
    ticket_assign(actor=cast.admin, ticket=ticket, assignee=cast.admin)
    page = login(cast.agent).get(reverse("helpdesk:ticket", args=[ticket.reference]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{cast.admin.pk}" selected>' in html
    # The queue can be filtered on that agent, and the bulk form can give tickets to them.
    queue = login(cast.agent).get(reverse("helpdesk:index"), {"assignee": cast.admin.pk})
    assert ticket.reference in queue.content.decode()
    assert cast.admin in BulkActionForm(viewer=cast.agent).fields["assignee"].queryset


def test_a_category_may_route_to_a_superuser_but_not_to_a_dsi(cast):
    cast.admin.groups.add(Group.objects.get(name=Role.SECRETARIAT.value))
    form = modelform_factory(Category, fields=["default_assignee", "team"])()
    for name in ("default_assignee", "team"):
        choices = form.fields[name].queryset
        assert cast.admin in choices and cast.agent in choices
        assert cast.dsi_health not in choices
        assert list(choices.filter(pk=cast.admin.pk)) == [cast.admin]
