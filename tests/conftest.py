"""The cast every test tells its story with.

Two ministries, each with its DSI (Aïcha at Health, Boubacar at Education), an ANPTIC agent
(Karim), the Secretariat (Fatimata) and the Secretary General (Salif) at the MTDPCE, and the
portal's administrator (Nadia). Names are invented.
"""

import os
import socket
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from hypothesis import settings as hypothesis_settings

from accounts.models import Structure, User
from accounts.roles import Role, install_role_groups
from helpdesk.models import Category, Priority, WorkingPeriod
from meetings.models import Meeting
from recommendations.models import Theme
from recommendations.services import recommendation_create

PASSWORD = "motdepasse-de-test-2022"

# Property tests: in CI every run draws the same examples (a red run can be replayed, and a
# green one does not turn red on the next day's draw); on a developer's machine they draw anew
# each run, and a failure prints the @seed (or --hypothesis-seed) that replays it. A failure
# found either way is kept as an @example beside its test.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", database=None, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)

# Tests of a code path that exists for one database only: each runs on its side and is
# skipped on the other. CI runs the suite on both (.ci/run), so the pair covers every branch.
ONE_DATABASE_ONLY = {
    "postgresql": "runs on PostgreSQL only (CI's production pass: DATABASE_URL=postgres://…)",
    "sqlite": "runs on SQLite only (the embedded default: CI's second pass, `make test`)",
}


def pytest_configure(config):
    for marker, says in ONE_DATABASE_ONLY.items():
        config.addinivalue_line("markers", f"{marker}: {says}")
    config.addinivalue_line(
        "markers", "redis: needs a real Redis (REDIS_URL; CI's production pass sets it)"
    )


def database_vendor():
    """The database's vendor ("postgresql" or "sqlite"), read without opening a connection."""
    from django.db import connections

    return connections["default"].vendor


def pytest_collection_modifyitems(config, items):
    vendor = database_vendor()
    for item in items:
        for marker, says in ONE_DATABASE_ONLY.items():
            if item.get_closest_marker(marker) and vendor != marker:
                item.add_marker(pytest.mark.skip(reason=says))
        if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))


def pytest_report_header(config):
    from django.conf import settings

    return (
        f"database: {database_vendor()}, Celery broker: "
        f"{settings.CELERY_BROKER_URL.split(':', 1)[0]}, "
        f"hypothesis profile: {hypothesis_settings.get_current_profile_name()}"
    )


@pytest.fixture(scope="session", autouse=True)
def _cache_keys_per_test_worker():
    """Each pytest-xdist worker has its own keys in the shared Redis cache: one worker emptying
    the figures cache before its test must not empty it under another worker's test."""
    from django.conf import settings
    from django.test.utils import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    caches = {
        name: {**config, "KEY_PREFIX": f"{config.get('KEY_PREFIX', '')}-{worker}"}
        for name, config in settings.CACHES.items()
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fresh_figures_cache():
    """Cached dashboard figures never leak from one test's data into another's (the Redis
    cache outlives each test's rolled-back transaction)."""
    from core.cache import forget_figures

    forget_figures()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own, returned."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@dataclass
class Cast:
    health: Structure
    education: Structure
    mtdpce: Structure
    anptic: Structure
    dsi_health: User
    dsi_education: User
    agent: User
    secretariat: User
    secretary_general: User
    admin: User


def make_user(email, structure, role=None, **extra):
    user = User.objects.create_user(email=email, password=PASSWORD, structure=structure, **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def cast(db):
    # Transactional tests flush the tables, groups included: make sure the roles exist.
    install_role_groups(Group, Permission)
    health = Structure.objects.create(name="Ministère de la Santé", acronym="MS")
    education = Structure.objects.create(name="Ministère de l'Éducation nationale", acronym="MENA")
    mtdpce = Structure.objects.create(name="Ministère de la Transition digitale", acronym="MTDPCE")
    anptic = Structure.objects.create(
        name="Agence nationale de promotion des TIC", acronym="ANPTIC", kind=Structure.Kind.AGENCY
    )
    return Cast(
        health=health,
        education=education,
        mtdpce=mtdpce,
        anptic=anptic,
        dsi_health=make_user(
            "aicha.kabore@sante.gov.bf", health, Role.DSI, first_name="Aïcha", last_name="Kaboré"
        ),
        dsi_education=make_user(
            "boubacar.ilboudo@education.gov.bf",
            education,
            Role.DSI,
            first_name="Boubacar",
            last_name="Ilboudo",
        ),
        agent=make_user(
            "karim.sanou@anptic.bf",
            anptic,
            Role.ANPTIC_AGENT,
            first_name="Karim",
            last_name="Sanou",
        ),
        secretariat=make_user(
            "fatimata.diallo@mtdpce.gov.bf",
            mtdpce,
            Role.SECRETARIAT,
            first_name="Fatimata",
            last_name="Diallo",
            is_staff=True,
        ),
        secretary_general=make_user(
            "salif.ouattara@mtdpce.gov.bf",
            mtdpce,
            Role.SECRETARY_GENERAL,
            first_name="Salif",
            last_name="Ouattara",
        ),
        admin=User.objects.create_superuser(
            email="nadia.some@mtdpce.gov.bf",
            password=PASSWORD,
            structure=mtdpce,
            first_name="Nadia",
            last_name="Somé",
        ),
    )


@pytest.fixture
def still_clock():
    """The clock stands still for the test at the moment it starts (the moved clock's under
    TEST_CLOCK): a test that reads today's date, then asserts about a page, cannot straddle
    midnight."""
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def login(client):
    """Log a member of the cast in with the test client; returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


OUAGA = ZoneInfo("Africa/Ouagadougou")


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=OUAGA)


@pytest.fixture
def january_session(cast):
    """The January 2022 session, chaired by the Minister."""
    return Meeting.objects.create(
        title="1ère rencontre 2022 entre le MTDPCE et les DSI",
        starts_at=at(2022, 1, 20, 9),
        ends_at=at(2022, 1, 20, 13),
        venue="Salle de conférence du MTDPCE",
        chair_name="Le Ministre",
        status=Meeting.Status.HELD,
        created_by=cast.secretariat,
    )


@pytest.fixture
def april_session(cast, january_session):
    """The 21 April 2022 session, which follows the January one up."""
    from meetings.services import meeting_create

    return meeting_create(
        actor=cast.secretariat,
        title="2ème rencontre 2022 entre le MTDPCE et les DSI",
        starts_at=at(2022, 4, 21, 9),
        ends_at=at(2022, 4, 21, 13),
        venue="Salle de conférence du Ministère des Affaires étrangères",
        chair_name="Le Ministre",
        moderator=cast.secretary_general,
        follows_up=january_session,
    )


@pytest.fixture
def before_april():
    """The clock stands on 1 April 2022, three weeks before the April session: the session
    still asks its invitees for their reply and their situation (``answers_closed``)."""
    import time_machine

    with time_machine.travel(at(2022, 4, 1, 9), tick=False) as traveller:
        yield traveller


DEFAULT_THEMES = [
    "e-Conseil des Ministres",
    "Circuit intégré des missions",
    "Messagerie professionnelle",
    "Serveur de fichiers",
]


@pytest.fixture
def themes(db):
    """The themes of the data migration (recreated: transactional tests flush the tables)."""
    return {name: Theme.objects.get_or_create(name=name)[0] for name in DEFAULT_THEMES}


@pytest.fixture
def make_recommendation(cast, january_session, themes):
    """Adopt a recommendation at the January 2022 session, owned by a structure of the cast."""

    def _make(text="Généraliser la messagerie professionnelle", lead=None, **fields):
        fields.setdefault("theme", themes["Messagerie professionnelle"])
        fields.setdefault("due_date", date(2022, 6, 30))
        return recommendation_create(
            actor=cast.secretariat,
            meeting=fields.pop("meeting", january_session),
            text=text,
            lead_structure=lead or cast.health,
            **fields,
        )

    return _make


@pytest.fixture
def calendar(db):
    """Monday to Friday, 7:30–12:30 and 13:00–16:00 (recreated: transactional tests flush)."""
    if not WorkingPeriod.objects.exists():
        for day in range(5):
            WorkingPeriod.objects.create(weekday=day, starts=time(7, 30), ends=time(12, 30))
            WorkingPeriod.objects.create(weekday=day, starts=time(13, 0), ends=time(16, 0))
    return WorkingPeriod.objects.all()


@pytest.fixture
def mail_category(db, cast):
    category, _ = Category.objects.get_or_create(name="Messagerie professionnelle")
    category.default_assignee = cast.agent
    category.save()
    return category


@pytest.fixture
def normal(db):
    priority, _ = Priority.objects.get_or_create(
        name="Normale", defaults={"rank": 3, "response_hours": 4, "resolution_hours": 24}
    )
    return priority


@pytest.fixture
def make_ticket(cast, calendar, mail_category, normal):
    from helpdesk.services import ticket_create

    def _make(title="Messagerie inaccessible", requester=None, **fields):
        return ticket_create(
            actor=requester or cast.dsi_health,
            title=title,
            description=fields.pop(
                "description", "Impossible d'ouvrir le webmail depuis ce matin."
            ),
            category=fields.pop("category", mail_category),
            priority=fields.pop("priority", normal),
            **fields,
        )

    return _make


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What a real SMTP server (aiosmtpd) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    """The portal sends through SMTP to a free local port where a real SMTP server can be
    started (``server.start()``); until then the mail server is down."""
    from aiosmtpd.controller import Controller

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    yield inbox, controller
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


def settle_mail():
    """Send what the earlier steps of a story planned, then forget it: the next assertion is
    about the e-mails of the step under test only."""
    from django.core import mail

    from core import outbox

    outbox.notifications_dispatch()
    mail.outbox.clear()


pytest_plugins = ["tests.clock"]
