"""Every page and action of the meetings app, for every role (DESIGN.md, "Roles").

The story: the April session follows January up and only the education ministry is invited.
Boubacar (education DSI) is invited; Aïcha (health DSI) and Karim (ANPTIC agent) are not; the
Secretariat organises; the Secretary General reads everything. The April minutes are a draft;
January's are published and wait for their approval at the April session. A request outside
one's role answers 404 (never 403) and, for an action, changes nothing.

April is past, so replies and situations are asked for the June session, still ahead, where
Boubacar is invited too; January's minutes are approved at March's session, which was held.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from django.utils import timezone

from core.models import Notification
from meetings.models import (
    AgendaItem,
    CalendarFeed,
    Document,
    Invitation,
    Meeting,
    MeetingChange,
    Minutes,
    MinutesVersion,
    Situation,
)
from meetings.services import (
    agenda_item_create,
    calendar_feed_get_or_create,
    document_upload,
    invitations_send,
    meeting_create,
    minutes_publish,
    minutes_save_draft,
)
from tests.conftest import at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["dsi_invited", "dsi_not_invited", "agent", "secretariat", "secretary_general"]
MEMBERS = {
    "dsi_invited": "dsi_education",
    "dsi_not_invited": "dsi_health",
    "agent": "agent",
    "secretariat": "secretariat",
    "secretary_general": "secretary_general",
}
SITUATION = {
    "staff_engineers": 4,
    "staff_technicians": 6,
    "staff_other": 1,
    "email": "generalised",
    "file_server": "partial",
    "e_conseil": "generalised",
    "missions": "not_started",
    "difficulties": "Connexion lente",
    "proposals": "Mutualiser la bande passante",
}


@dataclass
class World:
    meeting: Meeting
    ahead: Meeting
    held: Meeting
    january: Meeting
    item: AgendaItem
    document: Document
    invitation: Invitation
    failed: Notification
    feeds: dict = field(default_factory=dict)


@pytest.fixture
def world(cast, january_session, april_session, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Relevé de janvier")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    item = agenda_item_create(
        actor=cast.secretariat, meeting=april_session, title="Situation des DSI"
    )
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.education])
    minutes_save_draft(actor=cast.secretariat, meeting=april_session, body="Projet de relevé")
    document = document_upload(
        actor=cast.secretariat,
        meeting=april_session,
        uploaded_file=SimpleUploadedFile("presentation.pdf", PDF),
        title="Présentation",
    )
    ahead = meeting_create(
        actor=cast.secretariat,
        title="Rencontre de juin",
        starts_at=timezone.now() + timedelta(days=30),
        follows_up=april_session,
    )
    invitations_send(actor=cast.secretariat, meeting=ahead, structures=[cast.education])
    held = Meeting.objects.create(
        title="Rencontre de mars",
        starts_at=at(2022, 3, 10),
        follows_up=january_session,
        status=Meeting.Status.HELD,
    )
    return World(
        meeting=april_session,
        ahead=ahead,
        held=held,
        january=january_session,
        item=item,
        document=document,
        invitation=april_session.invitations.get(invitee=cast.dsi_education),
        failed=Notification.objects.create(
            kind="meetings.reminder",
            target=april_session,
            recipient=cast.dsi_education,
            due_at=timezone.now(),
            dedup_key="matrix-failed-reminder",
            state=Notification.State.FAILED,
            attempts=5,
            last_error="SMTPServerDisconnected",
        ),
        feeds={
            role: calendar_feed_get_or_create(actor=getattr(cast, member)).token
            for role, member in MEMBERS.items()
        },
    )


def everyone(status):
    return dict.fromkeys(ROLES, status)


def only(allowed, status, otherwise=404, **more):
    return {
        **everyone(otherwise),
        **dict.fromkeys(allowed if isinstance(allowed, tuple) else (allowed,), status),
        **more,
    }


SECRETARIAT = "secretariat"
ACTION = everyone(405)
COORDINATION = ("secretariat", "secretary_general")
PARTICIPANTS = ("dsi_invited", "secretariat", "secretary_general")


def meeting_url(suffix):
    return lambda w, role: f"/meetings/{w.meeting.pk}/{suffix}"


def ahead_url(suffix):
    return lambda w, role: f"/meetings/{w.ahead.pk}/{suffix}"


def held_url(suffix):
    return lambda w, role: f"/meetings/{w.held.pk}/{suffix}"


def item_url(suffix):
    return lambda w, role: f"/meetings/{w.meeting.pk}/agenda/{w.item.pk}/{suffix}"


def document_url(suffix):
    return lambda w, role: f"/meetings/{w.meeting.pk}/documents/{w.document.pk}/{suffix}"


def resend_url(w, role):
    return f"/meetings/{w.meeting.pk}/notifications/{w.failed.pk}/resend/"


def fixed(path):
    return lambda w, role: path


# (url name, path, expected status by role)
GET_PAGES = [
    ("list", fixed("/meetings/"), everyone(200)),
    ("create", fixed("/meetings/new/"), only(SECRETARIAT, 200)),
    ("attendance_statistics", fixed("/meetings/attendance/"), only(COORDINATION, 200)),
    ("calendar", fixed("/meetings/calendar/?month=2022-04"), everyone(200)),
    ("feed", fixed("/meetings/feed/"), everyone(200)),
    ("personal_feed", lambda w, role: f"/meetings/feed/{w.feeds[role]}.ics", everyone(200)),
    ("ics", meeting_url("event.ics"), only(PARTICIPANTS, 200)),
    ("situation", ahead_url("situation/"), only("dsi_invited", 200)),
    ("situations", meeting_url("situations/"), only(COORDINATION, 200)),
    ("situations_xlsx", meeting_url("situations.xlsx"), only(COORDINATION, 200)),
    ("detail", meeting_url(""), only(PARTICIPANTS, 200)),
    ("edit", meeting_url("edit/"), only(SECRETARIAT, 200)),
    ("postpone", meeting_url("postpone/"), only(SECRETARIAT, 200)),
    ("cancel", meeting_url("cancel/"), only(SECRETARIAT, 200)),
    ("agenda_add", meeting_url("agenda/add/"), only(SECRETARIAT, 200)),
    ("agenda_edit", item_url("edit/"), only(SECRETARIAT, 200)),
    ("agenda_delete", item_url("delete/"), only(SECRETARIAT, 200)),
    ("invite", meeting_url("invite/"), only(SECRETARIAT, 200)),
    ("replies", meeting_url("replies/"), only(SECRETARIAT, 200)),
    ("attendance", meeting_url("attendance/"), only(SECRETARIAT, 200)),
    ("notifications", meeting_url("notifications/"), only(SECRETARIAT, 200)),
    ("minutes_edit", meeting_url("minutes/edit/"), only(SECRETARIAT, 200)),
    # The April minutes are a draft: the Secretariat's alone, even for the Secretary General.
    ("minutes_versions", meeting_url("minutes/versions/"), only(SECRETARIAT, 200)),
    ("minutes_pdf", meeting_url("minutes.pdf"), only(SECRETARIAT, 200)),
    ("document_upload", meeting_url("documents/add/"), only(SECRETARIAT, 200)),
    ("document_download", document_url(""), only(PARTICIPANTS, 200)),
    ("document_delete", document_url("delete/"), only(SECRETARIAT, 200)),
    # Actions refuse GET before looking at the user or the meeting: 405, which reveals nothing.
    ("feed_rotate", fixed("/meetings/feed/rotate/"), ACTION),
    ("duplicate", meeting_url("duplicate/"), ACTION),
    ("held", meeting_url("held/"), ACTION),
    ("agenda_reorder", meeting_url("agenda/reorder/"), ACTION),
    ("reply", meeting_url("reply/"), ACTION),
    ("attendance_add_late", meeting_url("attendance/add/"), ACTION),
    ("minutes_publish", meeting_url("minutes/publish/"), ACTION),
    ("minutes_approve", meeting_url("minutes/approve-previous/"), ACTION),
    ("notification_resend", resend_url, ACTION),
]


def pdf_file(w, cast):
    return {"file": SimpleUploadedFile("note.pdf", PDF), "title": ""}


# (url name, path, body, expected status by role)
POST_ACTIONS = [
    ("create", fixed("/meetings/new/"), lambda w, c: {"title": "Réunion", "kind": "ordinary"}),
    (
        "edit",
        meeting_url("edit/"),
        lambda w, c: {"title": "Titre changé", "kind": "ordinary", "follows_up": w.january.pk},
    ),
    (
        "postpone",
        meeting_url("postpone/"),
        lambda w, c: {"starts_at": "2022-04-28T09:00", "reason": "Salle indisponible"},
    ),
    ("cancel", meeting_url("cancel/"), lambda w, c: {"reason": "Conseil des ministres"}),
    ("held", meeting_url("held/"), lambda w, c: {}),
    ("duplicate", meeting_url("duplicate/"), lambda w, c: {}),
    ("agenda_add", meeting_url("agenda/add/"), lambda w, c: {"title": "Point ajouté"}),
    ("agenda_edit", item_url("edit/"), lambda w, c: {"title": "Point renommé"}),
    ("agenda_delete", item_url("delete/"), lambda w, c: {}),
    (
        "agenda_reorder",
        meeting_url("agenda/reorder/"),
        lambda w, c: {"item": w.item.pk, "direction": "up"},
    ),
    ("invite", meeting_url("invite/"), lambda w, c: {"structures": [c.health.pk]}),
    (
        "attendance",
        meeting_url("attendance/"),
        lambda w, c: {f"attendance-{w.invitation.pk}": "present"},
    ),
    ("attendance_add_late", meeting_url("attendance/add/"), lambda w, c: {"user": c.agent.pk}),
    ("minutes_edit", meeting_url("minutes/edit/"), lambda w, c: {"body": "Texte réécrit"}),
    ("minutes_publish", meeting_url("minutes/publish/"), lambda w, c: {}),
    ("minutes_approve", held_url("minutes/approve-previous/"), lambda w, c: {}),
    ("document_upload", meeting_url("documents/add/"), pdf_file),
    ("document_delete", document_url("delete/"), lambda w, c: {}),
    ("reply", ahead_url("reply/"), lambda w, c: {"response": "attending"}),
    ("situation", ahead_url("situation/"), lambda w, c: SITUATION),
    ("notification_resend", resend_url, lambda w, c: {}),
]
POST_ALLOWED = {"reply": "dsi_invited", "situation": "dsi_invited"}


def snapshot():
    """Everything an action of this app may write, as plain values."""
    models = [
        Meeting,
        MeetingChange,
        AgendaItem,
        Invitation,
        Minutes,
        MinutesVersion,
        Document,
        Situation,
        Notification,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def test_the_matrix_covers_every_url_of_the_app():
    namespace = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "meetings"
    )
    names = {pattern.name for pattern in namespace.url_patterns}
    assert names == {name for name, _path, _expected in GET_PAGES}
    actions = {name for name, _path, expected in GET_PAGES if expected is ACTION}
    posted = {name for name, _path, _body in POST_ACTIONS}
    # Every action is posted below (the feed's rotation has its own test), and so is every form.
    assert actions - {"feed_rotate"} <= posted
    forms = {"create", "edit", "postpone", "cancel", "agenda_add", "agenda_edit", "invite"}
    forms |= {"agenda_delete", "attendance", "minutes_edit", "document_upload", "situation"}
    assert forms | {"document_delete"} <= posted


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "path", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_each_role_gets_each_page_or_404(login, cast, world, role, name, path, expected):
    response = login(getattr(cast, MEMBERS[role])).get(path(world, role))
    assert response.status_code == expected[role], (name, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "path", "body"), POST_ACTIONS, ids=[a[0] for a in POST_ACTIONS])
def test_an_action_outside_ones_role_answers_404_and_changes_nothing(
    login, cast, world, role, name, path, body
):
    allowed = role == POST_ALLOWED.get(name, SECRETARIAT)
    before = snapshot()
    response = login(getattr(cast, MEMBERS[role])).post(path(world, role), body(world, cast))
    if allowed:
        assert response.status_code == 302, (name, role)
        assert snapshot() != before, f"{name} by {role} should have changed something"
    else:
        assert response.status_code == 404, (name, role)
        assert snapshot() == before, f"{name} by {role} changed data"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_rotates_only_their_own_feed(login, cast, world, role):
    user = getattr(cast, MEMBERS[role])
    others = dict(CalendarFeed.objects.exclude(user=user).values_list("user_id", "token"))
    response = login(user).post("/meetings/feed/rotate/")
    assert response.status_code == 302
    assert CalendarFeed.objects.get(user=user).token != world.feeds[role]
    assert dict(CalendarFeed.objects.exclude(user=user).values_list("user_id", "token")) == others


PUBLISHED_PAGES = [
    # Published minutes are for every signed-in user...
    ("detail", meeting_url(""), everyone(200)),
    ("minutes_versions", meeting_url("minutes/versions/"), everyone(200)),
    ("minutes_pdf", meeting_url("minutes.pdf"), everyone(200)),
    ("ics", meeting_url("event.ics"), everyone(200)),
    # ...the rest of the meeting stays with its participants.
    ("document_download", document_url(""), only(PARTICIPANTS, 200)),
    ("replies", meeting_url("replies/"), only(SECRETARIAT, 200)),
    # The session is past: its invited DSI is sent back to its page, where the reason is shown.
    ("situation", meeting_url("situation/"), only("dsi_invited", 302)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "path", "expected"), PUBLISHED_PAGES, ids=[p[0] for p in PUBLISHED_PAGES]
)
def test_once_published_the_minutes_open_and_nothing_else(
    login, cast, world, role, name, path, expected
):
    minutes_publish(actor=cast.secretariat, meeting=world.meeting)
    response = login(getattr(cast, MEMBERS[role])).get(path(world, role))
    assert response.status_code == expected[role], (name, role)
