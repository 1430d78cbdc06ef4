"""One permission table for every URL of the portal (issue 8, item 1).

Each row names a URL pattern, the address the test requests in the world of ``conftest.py``,
the answer each role gets to a GET, and, for the URLs that take a POST, a body and the answer
each role gets to it. The objects belong to the Ministry of Health: Aïcha (``dsi``) is at home,
Boubacar (``other_dsi``, Education) is outside his scope. An answer is a status code, or
``LOGIN`` for a redirection to the login page.

The URL patterns are read from the resolver: a URL added without its row fails
``test_every_url_has_a_row`` with its name. Admin URLs are covered as one group (staff or not).
Every refused POST is checked to change nothing (rows and stored files); every allowed one to
change something, unless its row says the service refuses it in this world. A URL without a POST
in its row still gets an empty POST, which must change nothing. Each request runs in a
transaction rolled back afterwards, so every row starts from the same world.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from core.models import Notification
from helpdesk.models import CannedReply, Category, Priority
from meetings.services import invitations_send, meeting_create
from recommendations.models import StatusUpdate, Theme
from tests.conftest import PASSWORD

from .conftest import LOGIN, ROLES, Visitor, changed_tables, pdf, rolled_back, snapshot, user_for

SIGNED_IN = [role for role in ROLES if role != "anonymous"]
MANAGERS = ("secretariat", "admin")
COORDINATION = ("secretariat", "secretary_general", "admin")
MEETING_PARTICIPANTS = ("dsi", *COORDINATION)
TICKET_SIDE = ("dsi", "agent", "admin")
AGENTS = ("agent", "admin")


def expect(allowed=(), status=200, otherwise=404, anonymous=LOGIN, **more):
    """Expected answers: ``status`` for the allowed roles, ``otherwise`` for the other signed-in
    roles, ``anonymous`` for a visitor; ``more`` overrides single roles."""
    answers = dict.fromkeys(SIGNED_IN, otherwise)
    answers.update(dict.fromkeys(allowed, status))
    answers["anonymous"] = anonymous
    answers.update(more)
    return answers


EVERYONE = expect(SIGNED_IN)
ACTION_ONLY = expect(otherwise=405)  # GET on an action: refused before anything is looked up


@dataclass
class Post:
    """A POST: its body, the answers, and who changes something (``None``: the roles answered
    with a redirection other than to the login, the success of a form; a 200 shows it again)."""

    body: object
    answers: dict
    changes: tuple | None = None

    def changers(self):
        if self.changes is not None:
            return set(self.changes)
        return {r for r, a in self.answers.items() if a not in (404, 405, LOGIN, 200)}


@dataclass
class Row:
    name: str
    path: object
    get: dict
    post: Post | None = None
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def id(self):
        return f"{self.name}{'-' + self.label if self.label else ''}"


def fixed(address):
    return lambda w, role: address


def health(attribute, template):
    """An address built on one of Health's objects: ``template.format(pk=obj.pk)``."""
    return lambda w, role: template.format(obj=getattr(w.health, attribute))


def failed_notification(w):
    """The failed invitation e-mail of the Health meeting (fixture ``urgent``)."""
    return Notification.objects.for_target(w.health.meeting).order_by("pk").first()


def canned(template):
    """An address built on a canned reply (none in the world: made once, on first use)."""

    def path(w, role):
        reply = CannedReply.objects.get_or_create(
            title="Compte débloqué", defaults={"body": "Votre compte est débloqué."}
        )[0]
        return template.format(pk=reply.pk)

    return path


def rejected(template):
    """An address on Health's update, rejected by the Secretariat (on first use)."""

    def path(w, role):
        StatusUpdate.objects.filter(pk=w.health.update.pk).update(
            state=StatusUpdate.State.REJECTED, rejection_reason="Preuve illisible"
        )
        return template.format(pk=w.health.update.pk)

    return path


def ahead(template):
    """An address on the Health session still ahead (fixture ``urgent``)."""
    return lambda w, role: template.format(pk=w.ahead.pk)


def no_body(w, c):
    return {}


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


def recommendation_body(w, c):
    return {
        "meeting": w.january.pk,
        "text": "Sauvegarder les serveurs chaque nuit",
        "theme": Theme.objects.get(name="Serveur de fichiers").pk,
        "lead_structure": c.health.pk,
        "priority": "high",
        "due_date": "2022-12-31",
        "status": "not_started",
        "progress": 0,
    }


def ticket_body(w, c):
    return {
        "title": "Serveur de fichiers lent",
        "description": "Les copies prennent des heures.",
        "category": Category.objects.get(name="Messagerie professionnelle").pk,
        "priority": Priority.objects.get(name="Normale").pk,
    }


def import_body(w, c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "texte;structure pilote;thème\nSauvegarder chaque nuit;MS;Serveur de fichiers\n"
    return {"meeting": w.january.pk, "file": SimpleUploadedFile("import.csv", csv.encode())}


# The whole portal except the admin. Several rows may share a name (the same URL on another
# object); ``label`` tells them apart.
ROWS = [
    # --- the home page, health, authentication -------------------------------------------
    Row("home", fixed("/"), EVERYONE),
    Row("healthz", fixed("/healthz"), expect(SIGNED_IN, anonymous=200)),
    Row("favicon", fixed("/favicon.ico"), expect(SIGNED_IN, 301, anonymous=301)),
    Row(
        "login",
        fixed("/accounts/login/"),
        expect(otherwise=302, anonymous=200),
        Post(
            lambda w, c: {"username": c.dsi_health.email, "password": "pas-le-bon"},
            expect(otherwise=302, anonymous=200),
            changes=(),
        ),
    ),
    Row(
        "logout",
        fixed("/accounts/logout/"),
        ACTION_ONLY,
        # Logging out ends the session; no row of the portal's tables changes.
        Post(no_body, expect(SIGNED_IN, LOGIN), changes=()),
    ),
    Row(
        "password_change",
        fixed("/accounts/password_change/"),
        EVERYONE,
        Post(
            lambda w, c: {
                "old_password": PASSWORD,
                "new_password1": "un-nouveau-secret-2022",
                "new_password2": "un-nouveau-secret-2022",
            },
            expect(SIGNED_IN, 302),
        ),
    ),
    Row("password_change_done", fixed("/accounts/password_change/done/"), EVERYONE),
    Row(
        "password_reset",
        fixed("/accounts/password_reset/"),
        expect(SIGNED_IN, anonymous=200),
        # The e-mail goes out; no row changes.
        Post(
            lambda w, c: {"email": c.dsi_health.email},
            expect(SIGNED_IN, 302, anonymous=302),
            changes=(),
        ),
    ),
    Row(
        "password_reset_done",
        fixed("/accounts/password_reset/done/"),
        expect(SIGNED_IN, anonymous=200),
    ),
    Row(
        "password_reset_confirm",
        fixed("/accounts/reset/MQ/jeton-invalide/"),
        expect(SIGNED_IN, anonymous=200),
        Post(
            lambda w, c: {"new_password1": "x-2022-secret", "new_password2": "x-2022-secret"},
            expect(SIGNED_IN, anonymous=200),
            changes=(),
        ),
    ),
    Row(
        "password_reset_complete", fixed("/accounts/reset/done/"), expect(SIGNED_IN, anonymous=200)
    ),
    Row(
        "set_language",
        fixed("/i18n/setlang/"),
        expect(SIGNED_IN, 302, anonymous=302),
        # The choice lives in a cookie.
        Post(lambda w, c: {"language": "en"}, expect(SIGNED_IN, 302, anonymous=302), changes=()),
    ),
    Row(
        "accounts:profile",
        fixed("/accounts/profile/"),
        EVERYONE,
        Post(
            lambda w, c: {"first_name": "Nom", "last_name": "Changé", "job_title": "", "phone": ""},
            expect(SIGNED_IN, 302),
        ),
    ),
    Row("accounts:directory", fixed("/accounts/directory/"), EVERYONE),
    Row(
        "accounts:user_detail",
        lambda w, role: f"/accounts/users/{w.health.ticket.requester_id}/",
        expect(("dsi", "agent", *COORDINATION)),
    ),
    # --- meetings: Health is invited to w.health.meeting, Education is not ----------------
    Row("meetings:list", fixed("/meetings/"), EVERYONE),
    Row(
        "meetings:create",
        fixed("/meetings/new/"),
        expect(MANAGERS),
        Post(lambda w, c: {"title": "Réunion", "kind": "ordinary"}, expect(MANAGERS, 302)),
    ),
    Row("meetings:attendance_statistics", fixed("/meetings/attendance/"), expect(COORDINATION)),
    Row("meetings:calendar", fixed("/meetings/calendar/?month=2022-04"), EVERYONE),
    Row("meetings:feed", fixed("/meetings/feed/"), EVERYONE),
    Row(
        "meetings:feed_rotate",
        fixed("/meetings/feed/rotate/"),
        ACTION_ONLY,
        Post(no_body, expect(SIGNED_IN, 302)),
    ),
    Row(
        "meetings:personal_feed",
        # Calendar clients cannot log in: the token is the key, even for a visitor.
        lambda w, role: f"/meetings/feed/{w.feeds.get(role, w.feeds['dsi'])}.ics",
        expect(SIGNED_IN, anonymous=200),
    ),
    Row(
        "meetings:ics",
        health("meeting", "/meetings/{obj.pk}/event.ics"),
        expect(MEETING_PARTICIPANTS),
    ),
    Row(
        "meetings:situation",
        ahead("/meetings/{pk}/situation/"),
        expect(("dsi",)),
        Post(lambda w, c: SITUATION, expect(("dsi",), 302)),
    ),
    Row(
        "meetings:situations",
        health("meeting", "/meetings/{obj.pk}/situations/"),
        expect(COORDINATION),
    ),
    Row(
        "meetings:situations_xlsx",
        health("meeting", "/meetings/{obj.pk}/situations.xlsx"),
        expect(COORDINATION),
    ),
    Row("meetings:detail", health("meeting", "/meetings/{obj.pk}/"), expect(MEETING_PARTICIPANTS)),
    Row(
        "meetings:edit",
        health("meeting", "/meetings/{obj.pk}/edit/"),
        expect(MANAGERS),
        Post(
            lambda w, c: {"title": "Titre changé", "kind": "ordinary", "follows_up": w.january.pk},
            expect(MANAGERS, 302),
        ),
    ),
    Row(
        "meetings:duplicate",
        health("meeting", "/meetings/{obj.pk}/duplicate/"),
        ACTION_ONLY,
        Post(no_body, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:postpone",
        health("meeting", "/meetings/{obj.pk}/postpone/"),
        expect(MANAGERS),
        Post(
            lambda w, c: {"starts_at": "2022-04-28T09:00", "reason": "Salle indisponible"},
            expect(MANAGERS, 302),
        ),
    ),
    Row(
        "meetings:cancel",
        health("meeting", "/meetings/{obj.pk}/cancel/"),
        expect(MANAGERS),
        Post(lambda w, c: {"reason": "Conseil des ministres"}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:held",
        health("meeting", "/meetings/{obj.pk}/held/"),
        ACTION_ONLY,
        Post(no_body, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:agenda_add",
        health("meeting", "/meetings/{obj.pk}/agenda/add/"),
        expect(MANAGERS),
        Post(lambda w, c: {"title": "Point ajouté"}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:agenda_reorder",
        health("meeting", "/meetings/{obj.pk}/agenda/reorder/"),
        ACTION_ONLY,
        Post(lambda w, c: {"item": w.health.item.pk, "direction": "up"}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:agenda_edit",
        lambda w, role: f"/meetings/{w.health.meeting.pk}/agenda/{w.health.item.pk}/edit/",
        expect(MANAGERS),
        Post(lambda w, c: {"title": "Point renommé"}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:agenda_delete",
        lambda w, role: f"/meetings/{w.health.meeting.pk}/agenda/{w.health.item.pk}/delete/",
        expect(MANAGERS),
        Post(no_body, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:invite",
        health("meeting", "/meetings/{obj.pk}/invite/"),
        expect(MANAGERS),
        Post(lambda w, c: {"structures": [c.education.pk]}, expect(MANAGERS, 302)),
    ),
    Row("meetings:replies", health("meeting", "/meetings/{obj.pk}/replies/"), expect(MANAGERS)),
    Row(
        "meetings:notifications",
        health("meeting", "/meetings/{obj.pk}/notifications/"),
        expect(MANAGERS),
    ),
    Row(
        "meetings:notification_resend",
        lambda w, role: (
            f"/meetings/{w.health.meeting.pk}/notifications/{failed_notification(w).pk}/resend/"
        ),
        ACTION_ONLY,
        Post(no_body, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:reply",
        ahead("/meetings/{pk}/reply/"),
        ACTION_ONLY,
        # Only the invited DSI has an invitation to answer.
        Post(lambda w, c: {"response": "attending"}, expect(("dsi",), 302)),
    ),
    Row(
        "meetings:attendance",
        health("meeting", "/meetings/{obj.pk}/attendance/"),
        expect(MANAGERS),
        Post(
            lambda w, c: {f"attendance-{w.health.meeting.invitations.get().pk}": "present"},
            expect(MANAGERS, 302),
        ),
    ),
    Row(
        "meetings:attendance_add_late",
        health("meeting", "/meetings/{obj.pk}/attendance/add/"),
        ACTION_ONLY,
        Post(lambda w, c: {"user": c.agent.pk}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:minutes_edit",
        health("meeting", "/meetings/{obj.pk}/minutes/edit/"),
        expect(MANAGERS),
        Post(lambda w, c: {"body": "Texte réécrit"}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:minutes_publish",
        health("meeting", "/meetings/{obj.pk}/minutes/publish/"),
        ACTION_ONLY,
        Post(no_body, expect(MANAGERS, 302)),
    ),
    # The Health workshop is not marked held: the approval is refused with its reason.
    Row(
        "meetings:minutes_approve",
        health("meeting", "/meetings/{obj.pk}/minutes/approve-previous/"),
        ACTION_ONLY,
        Post(no_body, expect(MANAGERS, 302), changes=()),
    ),
    # The minutes are a draft: the Secretariat's alone, even for the Secretary General.
    Row(
        "meetings:minutes_versions",
        health("meeting", "/meetings/{obj.pk}/minutes/versions/"),
        expect(MANAGERS),
    ),
    Row(
        "meetings:minutes_pdf",
        health("meeting", "/meetings/{obj.pk}/minutes.pdf"),
        expect(MANAGERS),
    ),
    # Published minutes are for every signed-in user.
    Row(
        "meetings:minutes_pdf",
        lambda w, role: f"/meetings/{w.january.pk}/minutes.pdf",
        EVERYONE,
        label="published",
    ),
    Row(
        "meetings:document_upload",
        health("meeting", "/meetings/{obj.pk}/documents/add/"),
        expect(MANAGERS),
        Post(lambda w, c: {"file": pdf(), "title": ""}, expect(MANAGERS, 302)),
    ),
    Row(
        "meetings:document_download",
        lambda w, role: f"/meetings/{w.health.meeting.pk}/documents/{w.health.document.pk}/",
        expect(MEETING_PARTICIPANTS),
    ),
    Row(
        "meetings:document_delete",
        lambda w, role: f"/meetings/{w.health.meeting.pk}/documents/{w.health.document.pk}/delete/",
        expect(MANAGERS),
        Post(no_body, expect(MANAGERS, 302)),
    ),
    # --- recommendations: Health leads w.health.recommendation -----------------------------
    Row("recommendations:list", fixed("/recommendations/"), EVERYONE),
    Row("recommendations:mine", fixed("/recommendations/mine/"), EVERYONE),
    Row(
        "recommendations:create",
        fixed("/recommendations/new/"),
        expect(MANAGERS),
        Post(recommendation_body, expect(MANAGERS, 302)),
    ),
    Row("recommendations:dashboard", fixed("/recommendations/dashboard/"), expect(COORDINATION)),
    Row("recommendations:validations", fixed("/recommendations/validations/"), expect(MANAGERS)),
    Row(
        "recommendations:import",
        fixed("/recommendations/import/"),
        expect(MANAGERS),
        # The first step only previews: nothing is saved before the confirmation.
        Post(import_body, expect(MANAGERS), changes=()),
    ),
    Row("recommendations:export_xlsx", fixed("/recommendations/export.xlsx"), EVERYONE),
    Row("recommendations:export_csv", fixed("/recommendations/export.csv"), EVERYONE),
    Row(
        "recommendations:report_pdf",
        lambda w, role: f"/recommendations/report/{w.january.pk}.pdf",
        expect(COORDINATION),
    ),
    Row(
        "recommendations:report_xlsx",
        lambda w, role: f"/recommendations/report/{w.january.pk}.xlsx",
        expect(COORDINATION),
    ),
    # Evidence of an update waiting for validation: coordination and the structure that sent it.
    Row(
        "recommendations:evidence",
        health("evidence", "/recommendations/evidence/{obj.pk}/"),
        expect(("dsi", *COORDINATION)),
    ),
    Row(
        "recommendations:update_validate",
        health("update", "/recommendations/updates/{obj.pk}/validate/"),
        ACTION_ONLY,
        Post(no_body, expect(MANAGERS, 302)),
    ),
    Row(
        "recommendations:update_reject",
        health("update", "/recommendations/updates/{obj.pk}/reject/"),
        ACTION_ONLY,
        Post(lambda w, c: {"reason": "Preuve illisible"}, expect(MANAGERS, 302)),
    ),
    # A rejected update is corrected and sent again by its structure's DSI only.
    Row(
        "recommendations:update_resubmit",
        rejected("/recommendations/updates/{pk}/resubmit/"),
        expect(("dsi",)),
        Post(
            lambda w, c: {
                "status": "in_progress",
                "progress": 50,
                "comment": "Preuve lisible jointe",
                "kept": [w.health.evidence.pk],
            },
            expect(("dsi",), 302),
        ),
    ),
    Row(
        "recommendations:update_reviewed",
        health("update", "/recommendations/updates/{obj.pk}/reviewed/"),
        ACTION_ONLY,
        # The update still waits for validation: the service refuses it with a message.
        Post(lambda w, c: {"meeting": w.health.meeting.pk}, expect(MANAGERS, 302), changes=()),
    ),
    Row("recommendations:detail", health("recommendation", "/recommendations/{obj.pk}/"), EVERYONE),
    Row(
        "recommendations:edit",
        health("recommendation", "/recommendations/{obj.pk}/edit/"),
        expect(MANAGERS),
        Post(
            lambda w, c: {**recommendation_body(w, c), "text": "Texte corrigé"},
            expect(MANAGERS, 302),
        ),
    ),
    Row(
        "recommendations:update",
        health("recommendation", "/recommendations/{obj.pk}/update/"),
        # Everyone reads a recommendation; those who may not report on it are sent back to it.
        expect(("dsi", *MANAGERS), otherwise=302),
        Post(
            lambda w, c: {"status": "in_progress", "progress": 60, "comment": "Déploiement"},
            expect(SIGNED_IN, 302),
            changes=("dsi", *MANAGERS),
        ),
    ),
    # --- helpdesk: w.health.ticket was filed by Aïcha --------------------------------------
    Row(
        "helpdesk:index",
        fixed("/helpdesk/"),
        expect(("dsi", "other_dsi", *AGENTS)),
    ),
    Row(
        "helpdesk:bulk",
        fixed("/helpdesk/bulk/"),
        expect(AGENTS, 405),
        Post(
            lambda w, c: {"tickets": [w.health.ticket.pk], "action": "status", "status": "open"},
            expect(AGENTS, 302),
        ),
    ),
    Row(
        "helpdesk:new",
        fixed("/helpdesk/new/"),
        expect(("dsi", "other_dsi")),
        Post(ticket_body, expect(("dsi", "other_dsi"), 302)),
    ),
    Row(
        "helpdesk:stats", fixed("/helpdesk/stats/"), expect(("agent", "secretary_general", "admin"))
    ),
    # Canned replies: the helpdesk supervisors (nobody of the cast is flagged) and superusers.
    Row("helpdesk:canned_list", fixed("/helpdesk/canned/"), expect(("admin",))),
    Row(
        "helpdesk:canned_new",
        fixed("/helpdesk/canned/new/"),
        expect(("admin",)),
        Post(
            lambda w, c: {"title": "Accès rétabli", "body": "Votre accès est rétabli."},
            expect(("admin",), 302),
        ),
    ),
    Row(
        "helpdesk:canned_edit",
        canned("/helpdesk/canned/{pk}/"),
        expect(("admin",)),
        Post(
            lambda w, c: {
                "title": "Compte débloqué",
                "body": "Reconnectez-vous.",
                "is_active": "on",
            },
            expect(("admin",), 302),
        ),
    ),
    Row(
        "helpdesk:canned_delete",
        canned("/helpdesk/canned/{pk}/delete/"),
        expect(("admin",)),
        Post(no_body, expect(("admin",), 302)),
    ),
    Row(
        "helpdesk:attachment",
        health("attachment", "/helpdesk/attachments/{obj.pk}/"),
        expect(TICKET_SIDE),
    ),
    Row(
        "helpdesk:attachment",
        health("note_attachment", "/helpdesk/attachments/{obj.pk}/"),
        expect(AGENTS),
        label="internal-note",
    ),
    Row("helpdesk:ticket", health("ticket", "/helpdesk/{obj.reference}/"), expect(TICKET_SIDE)),
    Row(
        "helpdesk:ticket_pdf",
        health("ticket", "/helpdesk/{obj.reference}/export.pdf"),
        expect(TICKET_SIDE),
    ),
    Row(
        "helpdesk:reply",
        health("ticket", "/helpdesk/{obj.reference}/reply/"),
        ACTION_ONLY,
        Post(lambda w, c: {"body": "Merci, c'est noté."}, expect(TICKET_SIDE, 302)),
    ),
    Row(
        "helpdesk:take",
        health("ticket", "/helpdesk/{obj.reference}/take/"),
        ACTION_ONLY,
        Post(no_body, expect(AGENTS, 302)),
    ),
    Row(
        "helpdesk:assign",
        health("ticket", "/helpdesk/{obj.reference}/assign/"),
        ACTION_ONLY,
        Post(lambda w, c: {"assignee": ""}, expect(AGENTS, 302)),
    ),
    Row(
        "helpdesk:triage",
        health("ticket", "/helpdesk/{obj.reference}/triage/"),
        ACTION_ONLY,
        Post(
            lambda w, c: {
                "priority": Priority.objects.get(name="Haute").pk,
                "category": w.health.ticket.category_id,
            },
            expect(AGENTS, 302),
        ),
    ),
    Row(
        "helpdesk:status",
        health("ticket", "/helpdesk/{obj.reference}/status/"),
        ACTION_ONLY,
        Post(lambda w, c: {"status": "in_progress"}, expect(AGENTS, 302)),
    ),
    Row(
        "helpdesk:merge",
        health("ticket", "/helpdesk/{obj.reference}/merge/"),
        ACTION_ONLY,
        Post(
            lambda w, c: {"into": w.health.resolved_ticket.reference, "confirm": "1"},
            expect(AGENTS, 302),
        ),
    ),
    Row(
        "helpdesk:confirm",
        health("resolved_ticket", "/helpdesk/{obj.reference}/confirm/"),
        ACTION_ONLY,
        Post(no_body, expect(("dsi",), 302)),
    ),
    Row(
        "helpdesk:reopen",
        health("resolved_ticket", "/helpdesk/{obj.reference}/reopen/"),
        ACTION_ONLY,
        Post(no_body, expect(("dsi",), 302)),
    ),
    Row(
        "helpdesk:rate",
        health("resolved_ticket", "/helpdesk/{obj.reference}/rate/"),
        ACTION_ONLY,
        Post(lambda w, c: {"satisfaction": "4", "comment": "Rapide"}, expect(("dsi",), 302)),
    ),
]

# The admin, as one group: staff get in, everyone else is sent to a login page.
STAFF = ("secretariat", "admin")
ADMIN_ROWS = [
    Row("admin:index", fixed("/admin/"), expect(STAFF, otherwise=302, anonymous=302)),
    Row(
        "admin:login",
        fixed("/admin/login/"),
        expect(STAFF, 302, otherwise=200, anonymous=200),
        extra={"no_post": True},
    ),
    # Staff manage accounts (the Secretariat without granting rights: tests/accounts/
    # test_admin.py); the others are sent to a login page.
    Row(
        "admin:accounts_user_changelist",
        fixed("/admin/accounts/user/"),
        expect(STAFF, otherwise=302),
        # Boubacar has tickets: deleting him is refused, for the administrator too.
        Post(
            lambda w, c: {
                "action": "delete_selected",
                "_selected_action": [c.dsi_education.pk],
                "post": "yes",
            },
            expect(STAFF, 200, otherwise=302),
            changes=(),
        ),
    ),
    Row(
        "admin:accounts_user_change",
        lambda w, role: f"/admin/accounts/user/{w.health.ticket.requester_id}/change/",
        expect(STAFF, otherwise=302),
        # An incomplete form that tries to make Aïcha a superuser: a form error, nothing saved.
        Post(
            lambda w, c: {"email": c.dsi_health.email, "is_superuser": "on", "is_staff": "on"},
            expect(STAFF, 200, otherwise=302),
            changes=(),
        ),
    ),
]
ALL_ROWS = ROWS + ADMIN_ROWS


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name or pattern.pattern}"


def test_every_url_has_a_row():
    names = {name for name in url_names(get_resolver().url_patterns)}
    portal = {name for name in names if not name.startswith("admin:")}
    missing = sorted(portal - {row.name for row in ROWS})
    assert not missing, f"URLs without a row in the permission table: {missing}"
    unknown = sorted({row.name for row in ALL_ROWS} - names)
    assert not unknown, f"Rows for URLs that no longer exist: {unknown}"


GROUPS = {
    "accounts": lambda row: ":" not in row.name or row.name.startswith("accounts:"),
    "meetings": lambda row: row.name.startswith("meetings:"),
    "recommendations": lambda row: row.name.startswith("recommendations:"),
    "helpdesk": lambda row: row.name.startswith("helpdesk:"),
    "admin": lambda row: row.name.startswith("admin:"),
}


@pytest.fixture
def urgent(world, cast):
    """What the table's actions need besides the world: a priority to triage a ticket to, a
    failed e-mail to send again (the Health workshop is past: its invitations were not
    e-mailed), and a Health session still ahead, which asks for replies and situations."""
    Priority.objects.get_or_create(
        name="Haute", defaults={"rank": 1, "response_hours": 1, "resolution_hours": 4}
    )
    Notification.objects.create(
        kind="meetings.invitation",
        target=world.health.meeting,
        recipient=cast.dsi_health,
        due_at=timezone.now(),
        dedup_key="table-failed-invitation",
        state=Notification.State.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected",
    )
    world.ahead = meeting_create(
        actor=cast.secretariat,
        title="Atelier à venir (MS)",
        starts_at=timezone.now() + timedelta(days=30),
    )
    invitations_send(actor=cast.secretariat, meeting=world.ahead, structures=[cast.health])


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_of_the_table(client, cast, world, urgent, media, role, group):
    """GET every row, then POST every action, each in a transaction rolled back afterwards."""
    visitor = Visitor(client, user_for(cast, role))
    wrong = []
    for row in filter(GROUPS[group], ALL_ROWS):
        path = row.path(world, role)
        with rolled_back():
            got = visitor.request("get", path)
        if got != row.get[role]:
            wrong.append(f"GET {path} ({row.id}): expected {row.get[role]}, got {got}")
        if row.extra.get("no_post"):
            continue
        post = row.post or Post(no_body, {}, changes=())
        before = snapshot(media)
        with rolled_back():
            got = visitor.request("post", path, post.body(world, cast))
            after = snapshot(media)
        expected = post.answers.get(role)
        if expected is not None and got != expected:
            wrong.append(f"POST {path} ({row.id}): expected {expected}, got {got}")
        if isinstance(got, str) and got.startswith("500"):
            wrong.append(f"POST {path} ({row.id}) crashed: {got}")
        changed = changed_tables(before, after)
        if role in post.changers() and not changed:
            wrong.append(f"POST {path} ({row.id}) by {role} changed nothing")
        if role not in post.changers() and changed:
            wrong.append(f"POST {path} ({row.id}) by {role} changed {changed}")
    assert not wrong, "\n".join(wrong)
