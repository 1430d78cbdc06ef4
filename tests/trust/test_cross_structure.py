"""Aïcha, DSI of Health, probes everything Education owns (issue 8, item 2).

She knows (or guesses) the ids and references of Education's tickets, replies, attachments,
recommendation updates and evidence, meeting documents, minutes, reports and calendar feeds, and
she tries them in the address bar and in the hidden or select fields of the forms she is given.
Every attempt answers 404 or a form error, and no row or stored file changes.
"""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk.models import Category, Message, Priority, Ticket
from meetings.models import CalendarFeed, Invitation, Situation
from meetings.services import calendar_feed_rotate
from recommendations.models import StatusUpdate
from tests.conftest import at

from .conftest import PDF, changed_tables, snapshot


def by_address(w):
    """(method, address, body) of every probe of Education's objects through their address."""
    edu, health = w.education, w.health
    ticket, resolved = edu.ticket.reference, edu.resolved_ticket.reference
    meeting = edu.meeting.pk
    probes = [
        ("get", f"/helpdesk/{ticket}/", {}),
        ("get", f"/helpdesk/{ticket}/export.pdf", {}),
        ("get", f"/helpdesk/attachments/{edu.attachment.pk}/", {}),
        ("get", f"/helpdesk/attachments/{edu.reply_attachment.pk}/", {}),
        ("get", f"/helpdesk/attachments/{edu.note_attachment.pk}/", {}),
        ("post", f"/helpdesk/{ticket}/reply/", {"body": "Je passe par là"}),
        ("post", f"/helpdesk/{resolved}/confirm/", {}),
        ("post", f"/helpdesk/{resolved}/reopen/", {}),
        ("post", f"/helpdesk/{resolved}/rate/", {"satisfaction": "1", "comment": "Nul"}),
        ("post", f"/helpdesk/{ticket}/status/", {"status": "closed"}),
        ("post", f"/helpdesk/{ticket}/merge/", {"into": health.ticket.reference, "confirm": "1"}),
        ("get", f"/recommendations/evidence/{edu.evidence.pk}/", {}),
        ("post", f"/recommendations/updates/{edu.update.pk}/validate/", {}),
        ("post", f"/recommendations/updates/{edu.update.pk}/reject/", {"reason": "Non"}),
        ("get", f"/meetings/{meeting}/", {}),
        ("get", f"/meetings/{meeting}/event.ics", {}),
        ("get", f"/meetings/{meeting}/minutes.pdf", {}),
        ("get", f"/meetings/{meeting}/minutes/versions/", {}),
        ("get", f"/meetings/{meeting}/documents/{edu.document.pk}/", {}),
        # Education's document through the address of a meeting Health is invited to.
        ("get", f"/meetings/{health.meeting.pk}/documents/{edu.document.pk}/", {}),
        ("get", f"/meetings/{meeting}/situations.xlsx", {}),
        ("get", f"/meetings/{meeting}/situation/", {}),
        ("post", f"/meetings/{meeting}/situation/", {"staff_engineers": 1}),
        ("post", f"/meetings/{meeting}/reply/", {"response": "attending"}),
        ("get", f"/recommendations/report/{meeting}.pdf", {}),
        ("get", f"/recommendations/report/{meeting}.xlsx", {}),
        ("get", f"/accounts/users/{edu.ticket.requester_id}/", {}),
    ]
    return probes


def test_every_object_of_education_answers_404_to_health_and_nothing_changes(
    client, cast, world, media
):
    client.force_login(cast.dsi_health)
    wrong = []
    for method, address, body in by_address(world):
        before = snapshot(media)
        response = getattr(client, method)(address, body)
        if response.status_code != 404:
            wrong.append(f"{method.upper()} {address}: {response.status_code}")
        changed = changed_tables(before, snapshot(media))
        if changed:
            wrong.append(f"{method.upper()} {address} changed {changed}")
    assert not wrong, "\n".join(wrong)


def test_searching_and_filtering_never_bring_up_educations_tickets(client, cast, world):
    client.force_login(cast.dsi_health)
    edu = world.education.ticket
    for query in (
        {"q": edu.reference},
        {"q": "MENA"},
        {"q": edu.title},
        {"structure": cast.education.pk},
        {"q": "", "status": "all", "structure": cast.education.pk},
    ):
        page = client.get("/helpdesk/", query).content.decode()
        assert f'href="/helpdesk/{edu.reference}/"' not in page, query
        assert f'href="/helpdesk/{world.education.resolved_ticket.reference}/"' not in page
        # The search does work: Health's own ticket comes up for its own title.
    page = client.get("/helpdesk/", {"q": world.health.ticket.title}).content.decode()
    assert f'href="/helpdesk/{world.health.ticket.reference}/"' in page


def test_the_directory_does_not_list_educations_dsi(client, cast, world):
    client.force_login(cast.dsi_health)
    page = client.get("/accounts/directory/", {"q": "Ilboudo"}).content.decode()
    assert cast.dsi_education.email not in page
    assert "Boubacar" not in page


def test_a_ticket_filed_with_another_structure_in_hidden_fields_is_still_healths(
    client, cast, world
):
    client.force_login(cast.dsi_health)
    response = client.post(
        "/helpdesk/new/",
        {
            "title": "Réseau coupé",
            "description": "Plus de réseau au 2e étage.",
            "category": Category.objects.get(name="Messagerie professionnelle").pk,
            "priority": Priority.objects.get(name="Normale").pk,
            # Fields the form does not have: ignored.
            "structure": cast.education.pk,
            "requester": cast.dsi_education.pk,
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(title="Réseau coupé")
    assert (ticket.structure, ticket.requester) == (cast.health, cast.dsi_health)


def test_a_ticket_cannot_be_linked_to_a_recommendation_health_does_not_own(
    client, cast, world, media
):
    client.force_login(cast.dsi_health)
    before = snapshot(media)
    response = client.post(
        "/helpdesk/new/",
        {
            "title": "Messagerie",
            "description": "Lien vers la recommandation de l'Éducation.",
            "category": Category.objects.get(name="Messagerie professionnelle").pk,
            "priority": Priority.objects.get(name="Normale").pk,
            "recommendation": world.education.recommendation.pk,
            "attachments": SimpleUploadedFile("capture.pdf", PDF),
        },
    )
    assert response.status_code == 200
    assert "recommendation" in response.context["form"].errors
    assert changed_tables(before, snapshot(media)) == []


def test_a_dsi_cannot_send_an_update_on_a_recommendation_health_does_not_lead(
    client, cast, world, media
):
    client.force_login(cast.dsi_health)
    before = snapshot(media)
    response = client.post(
        f"/recommendations/{world.education.recommendation.pk}/update/",
        {
            "status": "implemented",
            "progress": 100,
            "comment": "Fait",
            "evidence": SimpleUploadedFile("preuve.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert changed_tables(before, snapshot(media)) == []
    assert not StatusUpdate.objects.filter(
        recommendation=world.education.recommendation, author=cast.dsi_health
    ).exists()


@pytest.mark.parametrize("outsider", ["dsi_education", "agent", "secretariat"])
def test_a_delegation_to_someone_outside_the_structure_is_refused(
    client, cast, world, media, outsider
):
    client.force_login(cast.dsi_health)
    before = snapshot(media)
    response = client.post(
        f"/meetings/{world.health.meeting.pk}/reply/",
        {"response": "delegated", "delegate": getattr(cast, outsider).pk},
    )
    assert response.status_code == 302
    assert changed_tables(before, snapshot(media)) == []
    invitation = Invitation.objects.get(meeting=world.health.meeting, invitee=cast.dsi_health)
    assert invitation.response == Invitation.Response.PENDING
    assert not Invitation.objects.filter(
        meeting=world.health.meeting, invitee=getattr(cast, outsider)
    ).exists()


def test_a_situation_posted_with_another_structure_is_recorded_for_health(client, cast, world):
    client.force_login(cast.dsi_health)
    # Three weeks before the Health workshop, while it asks for situations.
    with time_machine.travel(at(2022, 4, 1), tick=False):
        response = client.post(
            f"/meetings/{world.health.meeting.pk}/situation/",
            {
                "structure": cast.education.pk,
                "staff_engineers": 2,
                "staff_technicians": 3,
                "staff_other": 0,
                "email": "generalised",
                "file_server": "partial",
                "e_conseil": "generalised",
                "missions": "not_started",
            },
        )
    assert response.status_code == 302
    assert Situation.objects.get().structure == cast.health


def test_a_profile_posted_with_another_structure_or_role_changes_only_the_profile(
    client, cast, world
):
    client.force_login(cast.dsi_health)
    client.post(
        "/accounts/profile/",
        {
            "first_name": "Aïcha",
            "last_name": "Kaboré",
            "structure": cast.education.pk,
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [1, 2, 3, 4],
        },
    )
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.structure == cast.health
    assert not (cast.dsi_health.is_staff or cast.dsi_health.is_superuser)
    assert list(cast.dsi_health.groups.values_list("name", flat=True)) == ["DSI"]


def test_a_dsi_reply_marked_internal_is_an_ordinary_message(client, cast, world):
    """The internal-note box is an agent's field: a DSI who adds it by hand writes to ANPTIC
    openly, and the note never hides from the requester's side."""
    client.force_login(cast.dsi_health)
    client.post(
        f"/helpdesk/{world.health.ticket.reference}/reply/",
        {"body": "Ceci est-il caché ?", "is_internal": "on"},
    )
    assert Message.objects.get(body="Ceci est-il caché ?").is_internal is False


def test_an_agent_cannot_merge_a_ticket_into_another_structures_ticket(client, cast, world, media):
    client.force_login(cast.agent)
    before = snapshot(media)
    response = client.post(
        f"/helpdesk/{world.health.ticket.reference}/merge/",
        {"into": world.education.ticket.reference, "confirm": "1"},
    )
    assert response.status_code == 302
    assert changed_tables(before, snapshot(media)) == []


def test_healths_feed_lists_only_healths_meetings(client, cast, world):
    with time_machine.travel(at(2022, 4, 1)):  # the feed lists the year around today
        feed = client.get(f"/meetings/feed/{world.feeds['dsi']}.ics").content.decode()
    assert "Atelier messagerie (MS)" in feed
    assert "Atelier messagerie (MENA)" not in feed


def test_a_guessed_or_rotated_feed_token_answers_404(client, cast, world):
    old = world.feeds["other_dsi"]
    calendar_feed_rotate(actor=cast.dsi_education)
    assert client.get(f"/meetings/feed/{old}.ics").status_code == 404
    assert client.get("/meetings/feed/0000000000000000.ics").status_code == 404
    assert client.get(f"/meetings/feed/{old[:-1]}.ics").status_code == 404
    # The key is long and random: not guessable from anything Aïcha can see.
    assert all(len(feed.token) >= 32 for feed in CalendarFeed.objects.all())


def test_the_feed_of_a_deactivated_user_answers_404(client, cast, world):
    cast.dsi_education.is_active = False
    cast.dsi_education.save()
    assert client.get(f"/meetings/feed/{world.feeds['other_dsi']}.ics").status_code == 404
