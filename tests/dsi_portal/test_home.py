from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Invitation


@pytest.mark.parametrize(
    ("member", "panels"),
    [
        ("dsi_health", ["actions", "my_recommendations", "meetings", "my_tickets"]),
        ("agent", ["queue", "meetings"]),
        ("secretariat", ["meetings", "validations", "progress"]),
        ("secretary_general", ["progress", "meetings"]),
    ],
)
def test_each_role_is_greeted_with_what_needs_its_attention(login, cast, member, panels):
    response = login(getattr(cast, member)).get("/")
    assert response.status_code == 200
    assert [panel.key for panel in response.context["panels"]] == panels
    page = response.content.decode()
    for key in panels:
        assert f'data-panel="{key}"' in page


def test_the_home_page_greets_the_user_by_name_and_structure(login, cast):
    page = login(cast.dsi_health).get("/").content.decode()
    assert "Bonjour Aïcha" in page
    assert "DSI — Ministère de la Santé" in page


def test_a_user_without_a_role_is_told_what_to_do(login, cast):
    from tests.conftest import make_user

    newcomer = make_user("nouveau@sante.gov.bf", cast.health)
    page = login(newcomer).get("/").content.decode()
    assert "Votre compte n'a pas encore de rôle" in page


def test_a_dsi_sees_the_next_meetings_and_which_await_an_answer(login, cast):
    meeting = upcoming_meeting(cast, "Rencontre de juin")
    page = login(cast.dsi_health).get("/").content.decode()
    assert "Rencontre de juin" in page
    assert f"/meetings/{meeting.pk}/" in page
    assert "réponse attendue" in page
    # Not invited, the education DSI does not see it.
    assert "Rencontre de juin" not in login(cast.dsi_education).get("/").content.decode()


def upcoming_meeting(cast, title):
    from meetings.models import Meeting
    from meetings.services import invitations_send

    meeting = Meeting.objects.create(
        title=title, starts_at=timezone.now() + timedelta(days=10), created_by=cast.secretariat
    )
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
    return meeting


def test_the_home_page_makes_the_same_queries_with_1_or_5_meetings(login, cast):
    client = login(cast.dsi_health)
    counts = []
    for total in (1, 5):
        while Invitation.objects.filter(invitee=cast.dsi_health).count() < total:
            upcoming_meeting(cast, "Rencontre")
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        counts.append(len(queries))
    # Session, user, roles; what waits for action (one query per kind, six), then one query
    # per panel: meetings (+ answers), recommendations, tickets.
    assert counts[0] == counts[1] <= 13, counts


def test_an_agent_sees_their_queue_on_the_home_page(login, cast, make_ticket):
    ticket = make_ticket()
    page = login(cast.agent).get("/").content.decode()
    assert ticket.reference in page
    assert f"/helpdesk/{ticket.reference}/" in page
    other = login(cast.dsi_education).get("/").content.decode()
    assert ticket.reference not in other
    assert ticket.reference in login(cast.dsi_health).get("/").content.decode()


def panel(response, key):
    return next(p for p in response.context["panels"] if p.key == key)


def test_the_agents_queue_panel_lists_their_tickets_soonest_due_first_then_unassigned(
    login, cast, make_ticket
):
    from helpdesk.models import Status, Ticket
    from helpdesk.selectors import tickets_for_home_agent
    from tests.conftest import make_user

    colleague = make_user("awa.traore@anptic.bf", cast.anptic, cast.agent.role)
    later, sooner = make_ticket("Plus tard"), make_ticket("Plus tôt")
    unassigned, theirs, done = make_ticket("Personne"), make_ticket("Awa"), make_ticket("Fini")
    now = timezone.now()
    Ticket.objects.filter(pk=later.pk).update(resolution_due_at=now + timedelta(days=3))
    Ticket.objects.filter(pk=sooner.pk).update(resolution_due_at=now + timedelta(days=1))
    Ticket.objects.filter(pk=unassigned.pk).update(assignee=None)
    Ticket.objects.filter(pk=theirs.pk).update(assignee=colleague)
    Ticket.objects.filter(pk=done.pk).update(status=Status.RESOLVED)

    listed = tickets_for_home_agent(cast.agent, 5)
    assert [t.title for t in listed] == ["Plus tôt", "Plus tard", "Personne"]
    assert [t.title for t in tickets_for_home_agent(cast.agent, 2)] == ["Plus tôt", "Plus tard"]
    items = panel(login(cast.agent).get("/"), "queue").items
    assert [item.url for item in items] == [f"/helpdesk/{t.reference}/" for t in listed]


def test_the_dsis_tickets_panel_leaves_out_closed_tickets(login, cast, make_ticket):
    from helpdesk.models import Status, Ticket
    from helpdesk.selectors import tickets_for_home_requester

    open_ticket, closed = make_ticket("En cours"), make_ticket("Clôturée")
    make_ticket("Éducation", requester=cast.dsi_education)
    Ticket.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    assert tickets_for_home_requester(cast.dsi_health, 5) == [open_ticket]
    items = panel(login(cast.dsi_health).get("/"), "my_tickets").items
    assert [item.url for item in items] == [f"/helpdesk/{open_ticket.reference}/"]
