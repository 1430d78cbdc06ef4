from contextlib import nullcontext

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Structure
from meetings.models import Document, Invitation, Meeting, Situation
from meetings.services import (
    agenda_item_create,
    invitations_send,
    minutes_correct,
    minutes_publish,
    minutes_save_draft,
)
from tests.conftest import make_user
from tests.meetings.conftest import at


def test_the_secretariat_creates_a_follow_up_meeting_from_the_form(login, cast, january_session):
    client = login(cast.secretariat)
    response = client.post(
        "/meetings/new/",
        {
            "title": "2ème rencontre 2022",
            "kind": "ordinary",
            "starts_at": "2022-04-21T09:00",
            "ends_at": "2022-04-21T13:00",
            "venue": "Salle de conférence du MAE",
            "chair_name": "Le Ministre",
            "follows_up": january_session.pk,
        },
    )
    meeting = Meeting.objects.get(title="2ème rencontre 2022")
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "2ème rencontre 2022" in page
    assert "État de mise en œuvre des recommandations de la session du 20 janvier 2022" in page


def test_a_bad_form_keeps_what_was_typed_and_says_why(login, cast):
    response = login(cast.secretariat).post(
        "/meetings/new/",
        {
            "title": "Réunion mal datée",
            "kind": "ordinary",
            "starts_at": "2022-04-21T13:00",
            "ends_at": "2022-04-21T09:00",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Réunion mal datée" in page
    assert "La fin de la réunion doit suivre son début." in page
    assert not Meeting.objects.exists()


def test_a_dsi_accepts_an_invitation_from_the_meeting_page(
    login, cast, before_april, april_session
):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    client = login(cast.dsi_health)
    response = client.post(
        f"/meetings/{april_session.pk}/reply/", {"response": "attending"}, follow=True
    )
    assert "Votre réponse est enregistrée." in response.content.decode()
    assert april_session.invitations.get().response == Invitation.Response.ATTENDING


def test_the_replies_board_shows_who_has_not_answered(login, cast, april_session):
    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    inv = april_session.invitations.get(invitee=cast.dsi_health)
    inv.response = Invitation.Response.ATTENDING
    inv.save()
    response = login(cast.secretariat).get(f"/meetings/{april_session.pk}/replies/")
    assert [i.invitee for i in response.context["pending"]] == [cast.dsi_education]
    assert response.context["counts"]["attending"] == 1


def test_the_register_is_recorded_from_its_page(login, cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    inv = april_session.invitations.get()
    response = login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/attendance/", {f"attendance-{inv.pk}": "present"}
    )
    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.attendance == Invitation.Attendance.PRESENT


def test_minutes_render_markdown_without_any_script(login, cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    minutes_save_draft(
        actor=cast.secretariat,
        meeting=april_session,
        body="# Ouverture\n\n<script>alert('x')</script>\n\n**Décisions** adoptées",
    )
    minutes_publish(actor=cast.secretariat, meeting=april_session)
    page = login(cast.dsi_health).get(f"/meetings/{april_session.pk}/").content.decode()
    assert "<h1>Ouverture</h1>" in page
    assert "<strong>Décisions</strong>" in page
    assert "<script>alert" not in page


def test_versions_of_the_minutes_are_compared(login, cast, april_session):
    minutes_save_draft(
        actor=cast.secretariat, meeting=april_session, body="Ligne commune\nAncienne ligne"
    )
    minutes_save_draft(
        actor=cast.secretariat, meeting=april_session, body="Ligne commune\nNouvelle ligne"
    )
    response = login(cast.secretariat).get(
        f"/meetings/{april_session.pk}/minutes/versions/?a=1&b=2"
    )
    assert response.context["diff"] == [
        ("equal", "Ligne commune"),
        ("changed", "<del>Ancienne</del><ins>Nouvelle</ins> ligne"),
    ]


def test_reordering_the_agenda_by_json_answers_without_reload(login, cast, april_session):
    a = agenda_item_create(actor=cast.secretariat, meeting=april_session, title="A")
    report = april_session.agenda_items.get(reviews_meeting__isnull=False)
    response = login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/agenda/reorder/",
        data={"order": [a.pk, report.pk]},
        content_type="application/json",
    )
    assert response.json() == {"order": [a.pk, report.pk]}
    assert list(april_session.agenda_items.values_list("pk", flat=True)) == [a.pk, report.pk]


def test_an_unreadable_agenda_order_is_refused_not_a_500(login, cast, april_session):
    agenda_item_create(actor=cast.secretariat, meeting=april_session, title="A")
    before = list(april_session.agenda_items.values_list("pk", flat=True))
    response = login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/agenda/reorder/",
        data='{"order": [1e400]}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(april_session.agenda_items.values_list("pk", flat=True)) == before


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,  # made the JSON parser recurse until RecursionError: a 500
        '{"order": "12"}',  # a string, not a list
        '{"order": [' + ",".join(["1"] * 10_000) + "]}",  # longer than any agenda
    ],
)
def test_a_hostile_agenda_order_is_refused_with_a_400(login, cast, april_session, body):
    agenda_item_create(actor=cast.secretariat, meeting=april_session, title="A")
    before = list(april_session.agenda_items.values_list("pk", flat=True))
    response = login(cast.secretariat).post(
        f"/meetings/{april_session.pk}/agenda/reorder/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "Ordre du jour illisible : rechargez la page."}
    assert list(april_session.agenda_items.values_list("pk", flat=True)) == before


def populate(meeting, cast, count):
    """``count`` invited structures (one DSI each, with their situation), agenda items,
    documents and versions of the minutes; the health DSI is invited too."""
    structures = []
    for i in range(count):
        structure = Structure.objects.create(name=f"Structure {count}-{i}", acronym=f"S{count}-{i}")
        dsi = make_user(f"p{count}-{i}@gov.bf", structure, cast.dsi_health.role)
        item = agenda_item_create(actor=cast.secretariat, meeting=meeting, title=f"Point {i}")
        Document.objects.create(
            meeting=meeting,
            agenda_item=item if i % 2 else None,
            title=f"Document {i}",
            file=f"meetings/document-{count}-{i}.pdf",
            original_name=f"document-{i}.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=cast.secretariat,
        )
        Situation.objects.create(
            meeting=meeting, structure=structure, submitted_by=dsi, email="partial"
        )
        minutes_save_draft(actor=cast.secretariat, meeting=meeting, body=f"Texte, version {i}")
        structures.append(structure)
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health, *structures])
    Situation.objects.create(meeting=meeting, structure=cast.health, submitted_by=cast.dsi_health)
    minutes_publish(actor=cast.secretariat, meeting=meeting)
    minutes_correct(
        actor=cast.secretariat, meeting=meeting, body="Texte corrigé", reason="Coquille"
    )


SECRETARIAT_PAGES = [
    "",
    "replies/",
    "attendance/",
    "edit/",
    "postpone/",
    "invite/",
    "agenda/add/",
    "documents/add/",
    "minutes/edit/",
    "minutes/versions/",
    "minutes.pdf",
    "event.ics",
    "situations/",
    "situations.xlsx",
]
DSI_PAGES = ["", "situation/", "minutes/versions/", "minutes.pdf", "event.ics"]


@pytest.mark.parametrize(
    ("viewer", "page"),
    [("secretariat", page) for page in SECRETARIAT_PAGES]
    + [("dsi_health", page) for page in DSI_PAGES],
)
def test_meeting_pages_make_the_same_queries_for_3_or_100_of_everything(login, cast, viewer, page):
    small = Meeting.objects.create(title="Petite", starts_at=at(2022, 5, 1))
    large = Meeting.objects.create(title="Grande", starts_at=at(2022, 6, 1))
    populate(small, cast, 3)
    populate(large, cast, 100)
    client = login(getattr(cast, viewer))
    counts = []
    # The situation form is open until the sessions start, and their minutes are published
    # after: the form is read before the start.
    before = time_machine.travel(at(2022, 4, 1), tick=False)
    with before if page == "situation/" else nullcontext():
        for meeting in (small, large):
            client.get(f"/meetings/{meeting.pk}/{page}")
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/meetings/{meeting.pk}/{page}")
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_personal_feed_makes_the_same_queries_for_3_or_30_meetings(client, cast):
    from meetings.services import calendar_feed_get_or_create, meeting_postpone

    token = calendar_feed_get_or_create(actor=cast.dsi_health).token
    counts = []
    for total in (3, 30):
        while Meeting.objects.count() < total:
            n = Meeting.objects.count()
            meeting = Meeting.objects.create(title=f"R{n}", starts_at=at(2022, 3, 1 + n % 27))
            invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
            meeting_postpone(actor=cast.secretariat, meeting=meeting, starts_at=at(2022, 5, 1))
        with time_machine.travel(at(2022, 4, 1)), CaptureQueriesContext(connection) as queries:
            response = client.get(f"/meetings/feed/{token}.ics")
        assert response.status_code == 200
        assert response.content.count(b"BEGIN:VEVENT") == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_makes_the_same_queries_for_3_or_30_meetings(login, cast):
    client = login(cast.dsi_health)
    counts = []
    for total in (3, 30):
        for i in range(total - Meeting.objects.count()):
            meeting = Meeting.objects.create(title=f"R{i}", starts_at=at(2021, 1, 1 + i % 27))
            invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/meetings/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_situations_table_makes_the_same_queries_for_3_or_30_structures(login, cast):
    from meetings.models import Situation

    meeting = Meeting.objects.create(title="Session", starts_at=at(2022, 9, 1))
    client = login(cast.secretariat)
    client.get("/")  # the staff warnings are cached from the first page on
    counts = []
    for total in (3, 30):
        while Structure.objects.filter(acronym__startswith="T").count() < total:
            n = Structure.objects.count()
            structure = Structure.objects.create(name=f"Structure T{n}", acronym=f"T{n}")
            make_user(f"dsi-t{n}@gov.bf", structure, cast.dsi_health.role)
            invitations_send(actor=cast.secretariat, meeting=meeting, structures=[structure])
            Situation.objects.create(meeting=meeting, structure=structure, staff_engineers=n)
        for url in (f"/meetings/{meeting.pk}/situations/", f"/meetings/{meeting.pk}/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:2] == counts[2:], counts


def test_the_calendar_makes_the_same_queries_for_1_or_20_meetings(login, cast):
    client = login(cast.dsi_health)
    counts = []
    for total in (1, 20):
        while Meeting.objects.count() < total:
            meeting = Meeting.objects.create(
                title="R", starts_at=at(2022, 4, 1 + Meeting.objects.count())
            )
            invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
        with CaptureQueriesContext(connection) as queries:
            client.get("/meetings/calendar/?month=2022-04")
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_filters_upcoming_past_status_kind_year_and_text(
    login, cast, january_session, april_session
):
    from datetime import timedelta

    from django.utils import timezone

    future = Meeting.objects.create(
        title="Session thématique messagerie",
        kind=Meeting.Kind.THEMATIC,
        starts_at=timezone.now() + timedelta(days=30),
    )
    client = login(cast.secretariat)

    def titles(**params):
        response = client.get("/meetings/", params)
        return {m.title for m in response.context["page_obj"].object_list}

    assert titles(period="upcoming") == {future.title}
    assert titles(period="past") == {january_session.title, april_session.title}
    assert titles(status="held") == {january_session.title}
    assert titles(kind="thematic") == {future.title}
    assert titles(year=2022) == {january_session.title, april_session.title}
    assert titles(q="messagerie") == {future.title}
    page = client.get("/meetings/", {"q": "introuvable"}).content.decode()
    assert "Aucune réunion ne correspond à ces critères" in page


def test_the_secretary_general_reads_the_attendance_statistics(login, cast, january_session):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    inv = january_session.invitations.get()
    inv.attendance = Invitation.Attendance.PRESENT
    inv.save()
    response = login(cast.secretary_general).get("/meetings/attendance/")
    [row] = response.context["rows"]
    assert (row.name, row.present, row.meetings) == ("Ministère de la Santé", 1, 1)
    assert login(cast.dsi_health).get("/meetings/attendance/").status_code == 404


def test_attendance_statistics_count_a_delegation_once(login, cast, january_session):
    from meetings.services import attendance_record, invitation_reply

    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    deputy = make_user("ali.ouedraogo@sante.gov.bf", cast.health, first_name="Ali")
    invitation = january_session.invitations.get(invitee=cast.dsi_health)
    january_session.status = Meeting.Status.PLANNED
    january_session.save()
    with time_machine.travel(at(2022, 1, 10), tick=False):  # ten days before the session
        invitation_reply(
            actor=cast.dsi_health, invitation=invitation, response="delegated", delegate=deputy
        )
    delegated = january_session.invitations.get(invitee=deputy)
    attendance_record(
        actor=cast.secretariat,
        meeting=january_session,
        attendance={invitation.pk: "absent", delegated.pk: "present"},
    )
    january_session.status = Meeting.Status.HELD
    january_session.save()
    response = login(cast.secretary_general).get("/meetings/attendance/")
    [row] = response.context["rows"]
    assert (row.name, row.invited, row.present, row.meetings) == ("Ministère de la Santé", 1, 1, 1)


def test_the_meeting_page_does_not_query_while_rendering(login, cast, january_session, monkeypatch):
    """Templates never query: the approval, the reviewed session and the rest come prefetched.

    (The invitee's reply form lists their colleagues when rendered, like any form's choices; this
    page is seen here by the Secretariat and by a DSI reading the published minutes.)
    """
    from meetings.services import minutes_approve
    from meetings.views import meetings as meeting_views

    april = Meeting.objects.create(
        title="Avril",
        starts_at=at(2022, 4, 21),
        follows_up=january_session,
        status=Meeting.Status.HELD,
    )
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    minutes_approve(actor=cast.secretariat, at_meeting=april)

    real_render = meeting_views.render
    rendering = []

    def render(request, template, context):
        request.user.groups.all()  # the menu's role check, outside the template's concern
        with CaptureQueriesContext(connection) as queries:
            response = real_render(request, template, context)
        rendering.append([q["sql"] for q in queries])
        return response

    monkeypatch.setattr(meeting_views, "render", render)
    for member in (cast.dsi_education, cast.secretariat):
        page = login(member).get(f"/meetings/{january_session.pk}/").content.decode()
        assert "Approuvé lors de « Avril »" in page
    assert rendering == [[], []], rendering
