"""The world the trust tests probe: one of everything, for two ministries.

Health (Aïcha) and Education (Boubacar) each have a ticket with a file, a reply and an internal
note, a resolved ticket, a recommendation they lead with an update waiting for validation (and
its evidence), and a session only their structure is invited to, with a document. The January
minutes are published; the April and May minutes are drafts. Everyone has a calendar feed.

``snapshot()`` is every row the portal's apps may write, plus the files under MEDIA_ROOT: a
refused request must leave it equal.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from helpdesk import services as helpdesk_services
from helpdesk.models import Status as TicketStatus
from meetings.services import (
    agenda_item_create,
    calendar_feed_get_or_create,
    document_upload,
    invitations_send,
    meeting_create,
    minutes_publish,
    minutes_save_draft,
)
from recommendations.models import Status
from recommendations.services import update_submit
from tests.conftest import at

LOGIN = "login"  # the answer "302 to the login page"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Every role of the portal, with the member of the cast who plays it. ``dsi`` is Aïcha, whose
# structure (Health) owns the world's objects; ``other_dsi`` is Boubacar (Education), for whom
# the same objects lie outside his scope.
ROLES = ["anonymous", "dsi", "other_dsi", "agent", "secretariat", "secretary_general", "admin"]
MEMBERS = {
    "dsi": "dsi_health",
    "other_dsi": "dsi_education",
    "agent": "agent",
    "secretariat": "secretariat",
    "secretary_general": "secretary_general",
    "admin": "admin",
}
# The apps whose rows a request may write (auth for the role groups and permissions).
SNAPSHOT_APPS = ["accounts", "auth", "core", "meetings", "recommendations", "helpdesk"]
# Audit trails record attempts, refused ones included: that is their job, not a change of data.
AUDIT_MODELS = {"securityevent"}


def pdf(name="note.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class Side:
    """What one ministry owns in the world."""

    ticket: object
    resolved_ticket: object
    attachment: object
    reply: object
    reply_attachment: object
    note_attachment: object
    recommendation: object
    update: object
    evidence: object
    meeting: object
    item: object
    document: object


@dataclass
class World:
    health: Side
    education: Side
    january: object
    feeds: dict = field(default_factory=dict)


def _side(cast, dsi, structure, *, make_ticket, make_recommendation, january, starts_at):
    ticket = make_ticket(
        title=f"Messagerie inaccessible ({structure.acronym})",
        requester=dsi,
        attachments=[pdf("capture.pdf")],
    )
    reply = helpdesk_services.message_add(
        actor=cast.agent,
        ticket=ticket,
        body="Pouvez-vous préciser le navigateur ?",
        attachments=[pdf("procedure.pdf")],
    )
    note = helpdesk_services.message_add(
        actor=cast.agent,
        ticket=ticket,
        body="Piste : certificat expiré.",
        is_internal=True,
        attachments=[pdf("diagnostic.pdf")],
    )
    resolved = make_ticket(title=f"Imprimante en panne ({structure.acronym})", requester=dsi)
    helpdesk_services.ticket_transition(
        actor=cast.agent, ticket=resolved, status=TicketStatus.RESOLVED
    )
    recommendation = make_recommendation(
        text=f"Généraliser la messagerie ({structure.acronym})", lead=structure
    )
    update = update_submit(
        actor=dsi,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Comptes créés pour la moitié des agents.",
        evidence=[pdf("preuve.pdf")],
    )
    meeting = meeting_create(
        actor=cast.secretariat,
        title=f"Atelier messagerie ({structure.acronym})",
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=13),
        venue="Salle de conférence du MTDPCE",
        follows_up=january,
    )
    item = agenda_item_create(actor=cast.secretariat, meeting=meeting, title="Situation des DSI")
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[structure])
    minutes_save_draft(actor=cast.secretariat, meeting=meeting, body="Projet de relevé")
    document = document_upload(
        actor=cast.secretariat,
        meeting=meeting,
        uploaded_file=pdf("presentation.pdf"),
        title="Présentation",
    )
    return Side(
        ticket=ticket,
        resolved_ticket=resolved,
        attachment=ticket.attachments.get(message__isnull=True),
        reply=reply,
        reply_attachment=reply.attachments.get(),
        note_attachment=note.attachments.get(),
        recommendation=recommendation,
        update=update,
        evidence=update.evidence.get(),
        meeting=meeting,
        item=item,
        document=document,
    )


@pytest.fixture
def world(cast, media, january_session, make_ticket, make_recommendation, mailoutbox):
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Relevé de janvier")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    common = {
        "make_ticket": make_ticket,
        "make_recommendation": make_recommendation,
        "january": january_session,
    }
    world = World(
        health=_side(cast, cast.dsi_health, cast.health, starts_at=at(2022, 4, 21, 9), **common),
        education=_side(
            cast, cast.dsi_education, cast.education, starts_at=at(2022, 5, 12, 9), **common
        ),
        january=january_session,
        feeds={
            role: calendar_feed_get_or_create(actor=getattr(cast, member)).token
            for role, member in MEMBERS.items()
        },
    )
    mailoutbox.clear()
    return world


def _tables():
    existing = set(connection.introspection.table_names())
    models = [
        model
        for label in SNAPSHOT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.db_table in existing
        and model._meta.managed
        and model._meta.model_name not in AUDIT_MODELS
    ]
    return sorted(models, key=lambda model: model._meta.db_table)


def _rows():
    models = _tables()
    if connection.vendor != "postgresql":
        return {
            model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
            for model in models
        }
    # One round trip: a digest of each table's rows.
    quote = connection.ops.quote_name
    digest = "SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
    sql = " UNION ALL ".join(digest + quote(model._meta.db_table) + " t" for model in models)
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.db_table for model in models])
        return dict(cursor.fetchall())


def snapshot(media_root=None):
    """Every row the portal's apps hold, and the files stored under ``media_root``."""
    rows = _rows()
    if media_root is not None:
        rows["files"] = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*"))
    return rows


def changed_tables(before, after):
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


class _RollbackError(Exception):
    pass


@contextmanager
def rolled_back():
    """Run a request whose writes are undone afterwards, so the next row starts from the same
    world (files written meanwhile are the caller's to check)."""
    try:
        with transaction.atomic():
            yield
            raise _RollbackError
    except _RollbackError:
        pass


def user_for(cast, role):
    return None if role == "anonymous" else getattr(cast, MEMBERS[role])


def _answer(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


def _request(client, method, path, data=None, **extra):
    try:
        return _answer(getattr(client, method)(path, data or {}, **extra))
    except Exception as error:  # noqa: BLE001 - a crash is an answer the table must show
        return f"500 ({type(error).__name__}: {error})"


class Visitor:
    """The test client as one member of the cast. Every request starts from the same signed-in
    session: a logout or a password change inside a rolled-back request does not carry over."""

    def __init__(self, client, user):
        self.client = client
        if user is not None:
            # A fresh session: the previous visitor's may have been written in a rolled-back
            # transaction, its row gone but its copy still in the session cache.
            client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
            client.force_login(user)
        self.cookies = SimpleCookie()
        if settings.SESSION_COOKIE_NAME in client.cookies:
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.cookies[settings.SESSION_COOKIE_NAME] = session

    def request(self, method, path, data=None, **extra):
        """The answer: a status code, ``LOGIN``, or "500 (...)" for an exception."""
        self.client.cookies = SimpleCookie(self.cookies.output(header="", sep=";"))
        return _request(self.client, method, path, data, **extra)
