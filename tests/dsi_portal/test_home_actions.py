"""The DSI's home page says what waits for their action, most urgent first, each line one click
from the action: invitations to answer, rejected updates to send again, overdue recommendations,
tickets waiting for them, recommendations due soon, minutes published lately. Dates are built
from today, so the answers are the same on any day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk.models import Status as TicketStatus
from helpdesk.models import Ticket
from meetings.models import Meeting, Minutes
from meetings.services import invitations_send, minutes_publish, minutes_save_draft
from recommendations.models import Status
from recommendations.services import update_reject, update_submit


def actions(client):
    response = client.get("/")
    return next(p for p in response.context["panels"] if p.key == "actions"), response


def upcoming(cast, title, days=10, structures=None):
    meeting = Meeting.objects.create(
        title=title, starts_at=timezone.now() + timedelta(days=days), created_by=cast.secretariat
    )
    invitations_send(
        actor=cast.secretariat, meeting=meeting, structures=structures or [cast.health]
    )
    return meeting


def due_in(days):
    return timezone.localdate() + timedelta(days=days)


def rejected_update(cast, recommendation):
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=30,
        comment="Premiers comptes créés.",
    )
    return update_reject(actor=cast.secretariat, update=update, reason="Précisez le nombre.")


def published_minutes(cast, meeting, days_ago=0):
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
    minutes_save_draft(actor=cast.secretariat, meeting=meeting, body="Relevé")
    minutes_publish(actor=cast.secretariat, meeting=meeting)
    Minutes.objects.filter(meeting=meeting).update(
        published_at=timezone.now() - timedelta(days=days_ago)
    )


def test_nothing_waiting_is_said_plainly(login, cast):
    panel, response = actions(login(cast.dsi_health))
    assert panel.items == [] and panel.count == 0
    page = response.content.decode()
    assert "Ce qui attend votre action" in page
    assert "Rien n&#x27;attend votre action" in page


@pytest.mark.usefixtures("still_clock")
def test_everything_waiting_is_listed_most_urgent_first_one_click_from_the_action(
    login, cast, make_recommendation, make_ticket, january_session
):
    meeting = upcoming(cast, "Rencontre de juin")
    overdue = make_recommendation("En retard", due_date=due_in(-3))
    soon = make_recommendation("Bientôt", due_date=due_in(10))
    make_recommendation("Plus tard", due_date=due_in(200))
    rejected = rejected_update(cast, make_recommendation("Rejetée", due_date=due_in(100)))
    waiting, resolved = make_ticket("Précisions demandées"), make_ticket("Réparée")
    make_ticket("En cours de traitement")
    Ticket.objects.filter(pk=waiting.pk).update(status=TicketStatus.WAITING)
    Ticket.objects.filter(pk=resolved.pk).update(
        status=TicketStatus.RESOLVED, resolved_at=timezone.now()
    )
    published_minutes(cast, january_session)

    panel, response = actions(login(cast.dsi_health))

    assert [item.url for item in panel.items] == [
        f"/meetings/{meeting.pk}/#my-invitation",
        f"/recommendations/updates/{rejected.pk}/resubmit/",
        f"/recommendations/{overdue.pk}/update/",
        f"/helpdesk/{waiting.reference}/",
        f"/helpdesk/{resolved.reference}/",
        f"/recommendations/{soon.pk}/update/",
        f"/meetings/{january_session.pk}/#minutes",
    ]
    assert panel.count == 7 and not panel.partial
    page = response.content.decode()
    assert "Motif : Précisez le nombre." in page
    assert "confirmez la résolution" in page
    assert 'data-testid="action-count">7<' in page
    # Each line leads where the action is taken.
    client = login(cast.dsi_health)
    for item in panel.items:
        assert client.get(item.url.split("#")[0]).status_code == 200, item.url


@pytest.mark.usefixtures("still_clock")
def test_what_is_done_or_not_theirs_is_not_listed(
    login, cast, make_recommendation, make_ticket, april_session, january_session
):
    from meetings.models import Invitation

    answered = upcoming(cast, "Déjà répondu")
    Invitation.objects.filter(meeting=answered).update(response=Invitation.Response.ATTENDING)
    held = upcoming(cast, "Tenue", days=2)
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    upcoming(cast, "Éducation seulement", structures=[cast.education])
    make_recommendation("D'une autre structure", lead=cast.education, due_date=due_in(-3))
    resubmitted = rejected_update(cast, make_recommendation("Renvoyée"))
    update_submit(
        actor=cast.dsi_health,
        recommendation=resubmitted.recommendation,
        status=Status.IN_PROGRESS,
        progress=35,
        comment="Corrigée.",
    )
    make_ticket("Éducation", requester=cast.dsi_education)
    Ticket.objects.update(status=TicketStatus.WAITING)
    published_minutes(cast, january_session, days_ago=45)

    panel, _ = actions(login(cast.dsi_health))
    # Only the recommendation resubmitted, due 30 June 2022, is late: nothing else.
    assert [item.label.split(" — ")[-1] for item in panel.items] == ["Renvoyée"]
    assert "Éducation" not in str(panel.items)


def test_a_long_list_says_there_are_more(login, cast, make_recommendation):
    for n in range(7):
        make_recommendation(f"Retard {n}", due_date=due_in(-1 - n))
    panel, response = actions(login(cast.dsi_health))
    assert panel.count == 5 and panel.partial
    assert 'data-testid="action-count">5+<' in response.content.decode()


def fill(cast, n, make_recommendation, make_ticket, meetings):
    for i in range(n):
        upcoming(cast, f"Rencontre {i}")
        make_recommendation(f"En retard {i}", due_date=due_in(-1 - i))
        make_recommendation(f"Bientôt {i}", due_date=due_in(5 + i))
        rejected_update(cast, make_recommendation(f"Rejetée {i}", due_date=due_in(90)))
        ticket = make_ticket(f"Demande {i}")
        Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.WAITING)
        published_minutes(cast, meetings[i])


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.usefixtures("still_clock")
def test_the_home_page_asks_a_bounded_number_of_queries(
    login, cast, make_recommendation, make_ticket, size, django_assert_max_num_queries
):
    past = [
        Meeting.objects.create(
            title=f"Session {i}",
            starts_at=timezone.now() - timedelta(days=20 + i),
            created_by=cast.secretariat,
        )
        for i in range(size)
    ]
    fill(cast, size, make_recommendation, make_ticket, past)
    client = login(cast.dsi_health)
    panel, _ = actions(client)
    assert panel.count == 6 * size
    # Session, user, roles; the actions (6), the other panels (4).
    with django_assert_max_num_queries(13):
        client.get("/")
