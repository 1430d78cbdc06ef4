from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Invitation


@pytest.mark.parametrize(
    ("member", "panels"),
    [
        ("dsi_health", ["my_recommendations", "meetings", "my_tickets"]),
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
    # Session, user, roles, then one query per panel: meetings (+ answers), recommendations,
    # tickets.
    assert counts[0] == counts[1] <= 7, counts


def test_an_agent_sees_their_queue_on_the_home_page(login, cast, make_ticket):
    ticket = make_ticket()
    page = login(cast.agent).get("/").content.decode()
    assert ticket.reference in page
    assert f"/helpdesk/{ticket.reference}/" in page
    other = login(cast.dsi_education).get("/").content.decode()
    assert ticket.reference not in other
    assert ticket.reference in login(cast.dsi_health).get("/").content.decode()
