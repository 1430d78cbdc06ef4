"""Demo sessions of the programme, created idempotently by ``manage.py seed_demo``."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Structure, User
from core.demo import past_notifications_cancel, written_at

from . import services
from .models import Invitation, Meeting, MeetingChange, Minutes, MinutesVersion, Situation
from .permissions import is_situation_respondent

OUAGA = ZoneInfo("Africa/Ouagadougou")

JANUARY = "1ère rencontre 2022 entre le MTDPCE et les DSI"
APRIL = "2ème rencontre 2022 entre le MTDPCE et les DSI"
UPCOMING = "Rencontre de suivi entre le MTDPCE et les DSI"

JANUARY_AGENDA = [
    "e-Conseil des Ministres",
    "Circuit intégré des missions",
    "Messagerie professionnelle de l'administration",
    "Serveur de fichiers partagé pour la mémoire de l'administration",
]
SITUATION_ITEM = "Situation des DSI"
HELPDESK_ITEM = "Présentation de l'outil Helpdesk de l'ANPTIC"
APRIL_AGENDA = [SITUATION_ITEM, HELPDESK_ITEM]

# What each demo DSI reports (by structure acronym): in January the shared services are
# starting; by April most have moved on, but not all of them, and not in one direction: the
# Ministry of Health's mission circuit went back to a partial use when its regional server
# failed. The April page then shows adoption improving, with one service losing ground.
SITUATIONS = {
    "MS": (
        {
            "staff_engineers": 3,
            "staff_technicians": 5,
            "staff_other": 1,
            "email": "partial",
            "file_server": "not_started",
            "e_conseil": "partial",
            "missions": "generalised",
            "difficulties": "Connexion lente des directions régionales ; peu d'ingénieurs réseau.",
            "proposals": "Mutualiser la bande passante entre ministères.",
        },
        {
            "staff_engineers": 4,
            "staff_technicians": 5,
            "staff_other": 1,
            "email": "generalised",
            "file_server": "partial",
            "e_conseil": "generalised",
            "missions": "partial",
            "difficulties": (
                "Panne du serveur régional : le circuit des missions n'est plus utilisé que "
                "par la direction centrale."
            ),
            "proposals": "Un contrat de maintenance commun pour les serveurs régionaux.",
        },
    ),
    "MENAPLN": (
        {
            "staff_engineers": 2,
            "staff_technicians": 7,
            "staff_other": 3,
            "email": "partial",
            "file_server": "partial",
            "e_conseil": "not_started",
            "missions": "not_started",
            "difficulties": "Les agents gardent leurs messageries personnelles.",
            "proposals": "Une note circulaire du Secrétaire général sur la messagerie.",
        },
        {
            "staff_engineers": 2,
            "staff_technicians": 8,
            "staff_other": 3,
            "email": "generalised",
            "file_server": "partial",
            "e_conseil": "partial",
            "missions": "not_started",
            "difficulties": "Formation des agents au circuit intégré des missions.",
            "proposals": "Former des formateurs dans chaque direction régionale.",
        },
    ),
}
# A DSI the demo does not know (added by hand) reports the Ministry of Health's situation.
JANUARY_SITUATION, APRIL_SITUATION = SITUATIONS["MS"]

Response = Invitation.Response
Attendance = Invitation.Attendance
# Who answered and who came, by e-mail (anyone else invited: attending, present). In January the
# ANPTIC agent never answered and did not come; in April the Ministry of Education's DSI sent
# their apologies (a regional examination board).
REPLIES = {
    "january": {"agent@demo.bf": (Response.PENDING, Attendance.ABSENT)},
    "april": {"dsi.education@demo.bf": (Response.DECLINED, Attendance.EXCUSED)},
}
# Structures invited although none of their DSIs has a portal account: the register records
# whether they came, and who represented them (attendance, name of whoever came).
WITHOUT_ACCOUNT = ("SGG-CM", "MEF")
REGISTER_WITHOUT_ACCOUNT = {
    "january": {
        "SGG-CM": (Attendance.PRESENT, "Mariam Sawadogo, chargée d'études"),
        "MEF": (Attendance.ABSENT, ""),
    },
    "april": {
        "SGG-CM": (Attendance.EXCUSED, ""),
        "MEF": (Attendance.PRESENT, "Adama Zongo, DSI par intérim"),
    },
}

JANUARY_MINUTES = """# Compte rendu de la 1ère rencontre 2022

La rencontre, présidée par le Ministre, a réuni les DSI des ministères et institutions.

## e-Conseil des Ministres
Le MTDPCE a présenté l'état de déploiement de la plateforme.

## Circuit intégré des missions
Les DSI ont relevé les difficultés de connexion des structures déconcentrées.

## Messagerie professionnelle
Chaque ministère doit migrer ses agents vers la messagerie de l'administration.

## Serveur de fichiers partagé
Un serveur de fichiers partagé préservera la mémoire de l'administration.
"""

APRIL_MINUTES = """# Compte rendu de la 2ème rencontre 2022

Tenue le 21 avril 2022 dans la salle de conférence du Ministère des Affaires étrangères,
présidée par le Ministre et modérée par la Secrétaire générale.

## Situation des DSI
Les DSI ont présenté leurs effectifs et les services partagés en usage.

## État de mise en œuvre des recommandations
Le Secrétariat a présenté l'avancement des recommandations de janvier.

## Outil Helpdesk
L'ANPTIC a présenté son outil de gestion des demandes d'assistance.
"""


def _at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=OUAGA)


# When each step of a 2022 session happened: the services write "now", the demo dates the rows
# they wrote at these moments (core.demo.written_at), whatever today's date.
STORIES = {
    "january": {
        "created": _at(2022, 1, 5, 9, 30),
        "invited": _at(2022, 1, 6, 10),
        "answered": _at(2022, 1, 10, 8, 45),
        "situations": _at(2022, 1, 13, 11),
        "drafts": [_at(2022, 1, 27, 15), _at(2022, 2, 1, 10, 30)],
        "published": _at(2022, 2, 3, 9),
    },
    "april": {
        "created": _at(2022, 3, 24, 9, 30),
        "invited": _at(2022, 3, 25, 10),
        "answered": _at(2022, 4, 4, 9, 15),
        "situations": _at(2022, 4, 12, 11),
        "drafts": [_at(2022, 4, 28, 15), _at(2022, 5, 3, 11)],
        "published": _at(2022, 5, 4, 9),
    },
}
# The rows a session's steps write, and their date fields.
WRITTEN = {
    Meeting: ["created_at", "updated_at"],
    MeetingChange: ["at"],
    Invitation: ["created_at"],
    MinutesVersion: ["created_at"],
}


def _session(secretariat, title, *, story=None, **fields):
    existing = Meeting.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    if story is None:
        return services.meeting_create(actor=secretariat, title=title, **fields), True
    with written_at(story["created"], WRITTEN):
        meeting = services.meeting_create(actor=secretariat, title=title, **fields)
    return meeting, True


def _answers(meeting, story, replies, situations):
    """The replies and situation forms given before the session, each on its own day. The
    session is past: the portal no longer takes answers for it (``answers_closed``), so they
    are written as they were."""
    invitations = meeting.invitations.of_people().select_related("invitee__structure")
    invitations = invitations.order_by("pk")
    for index, invitation in enumerate(invitations):
        response, attendance = replies.get(
            invitation.invitee.email, (Response.ATTENDING, Attendance.PRESENT)
        )
        answered = story["answered"] + timedelta(days=index % 4, hours=index)
        Invitation.objects.filter(pk=invitation.pk).update(
            response=response,
            responded_at=None if response == Response.PENDING else answered,
            attendance=attendance,
        )
    respondents = [
        invitation.invitee
        for invitation in invitations
        if is_situation_respondent(invitation.invitee, meeting)
    ]
    Situation.objects.bulk_create(
        Situation(
            meeting=meeting,
            structure_id=dsi.structure_id,
            submitted_by=dsi,
            submitted_at=story["situations"] + timedelta(days=index, hours=index),
            **situations.get(getattr(dsi.structure, "acronym", None), situations[None]),
        )
        for index, dsi in enumerate(respondents)
    )


def _register_without_account(meeting, register):
    """The line each structure without an account got in the register on the day."""
    for invitation in meeting.invitations.without_account().select_related("structure"):
        attendance, name = register.get(invitation.structure.acronym, (Attendance.PRESENT, ""))
        Invitation.objects.filter(pk=invitation.pk).update(
            attendance=attendance, attendee_name=name
        )


def _prepare(
    secretariat, meeting, story, *, agenda, invitees, minutes, replies, situations, register
):
    with written_at(story["created"], WRITTEN):
        for title in agenda:
            services.agenda_item_create(actor=secretariat, meeting=meeting, title=title)
    with written_at(story["invited"], WRITTEN):
        services.invitations_send(
            actor=secretariat,
            meeting=meeting,
            users=invitees,
            structures=Structure.objects.filter(acronym__in=WITHOUT_ACCOUNT),
        )
    _answers(meeting, story, replies, situations)
    _register_without_account(meeting, register)
    with written_at(meeting.ends_at, WRITTEN):
        services.meeting_mark_held(actor=secretariat, meeting=meeting)
    for number, moment in enumerate(story["drafts"]):
        with written_at(moment, WRITTEN):
            # The first draft lacks the last section, added once the DSIs had read it.
            last = number == len(story["drafts"]) - 1
            body = minutes if last else minutes.rsplit("\n## ", 1)[0]
            services.minutes_save_draft(actor=secretariat, meeting=meeting, body=body)
    services.minutes_publish(actor=secretariat, meeting=meeting)
    Minutes.objects.filter(meeting=meeting).update(published_at=story["published"])
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=story["published"])


def _april_agenda(secretariat, april, anptic):
    """The order of the day of 21 April 2022: the situation of the DSIs, the state of
    implementation of January's recommendations, then ANPTIC's Helpdesk tool."""
    situation = services.agenda_item_create(actor=secretariat, meeting=april, title=SITUATION_ITEM)
    helpdesk = services.agenda_item_create(
        actor=secretariat, meeting=april, title=HELPDESK_ITEM, presenter_structure=anptic
    )
    # meeting_create put the implementation report first, as the only item then.
    report = april.agenda_items.get(reviews_meeting__isnull=False)
    services.agenda_reorder(
        actor=secretariat, meeting=april, ordered_ids=[situation.pk, report.pk, helpdesk.pk]
    )


def _note(meeting):
    """The Secretariat's framing note, a short text file, as documents are shared before a
    session."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (
        f"Note de cadrage — {meeting.title}\n\n"
        "Objet : faire le point sur la mise en œuvre des recommandations d'avril 2022 et "
        "recueillir la situation de chaque DSI.\n"
    ).encode()
    return SimpleUploadedFile("note-de-cadrage.txt", body, content_type="text/plain")


@transaction.atomic
def seed_meetings(*, secretariat):
    """The January and April 2022 sessions, held with published minutes, and one upcoming."""
    dsis = list(User.objects.filter(groups__name="DSI", is_active=True))
    agent = User.objects.filter(groups__name="Agent ANPTIC").first()
    sg = User.objects.filter(groups__name="Secrétaire général").first()
    invitees = dsis + [u for u in (agent, sg) if u]
    anptic = Structure.objects.filter(acronym="ANPTIC").first()

    january, created = _session(
        secretariat,
        JANUARY,
        starts_at=_at(2022, 1, 20, 9),
        ends_at=_at(2022, 1, 20, 13),
        venue="Salle de conférence du MTDPCE, Ouagadougou",
        chair_name="Le Ministre de la Transition digitale",
        moderator=sg,
        story=STORIES["january"],
    )
    if created:
        _prepare(
            secretariat,
            january,
            STORIES["january"],
            agenda=JANUARY_AGENDA,
            invitees=invitees,
            minutes=JANUARY_MINUTES,
            replies=REPLIES["january"],
            register=REGISTER_WITHOUT_ACCOUNT["january"],
            situations={**{k: v[0] for k, v in SITUATIONS.items()}, None: JANUARY_SITUATION},
        )
        past_notifications_cancel(january)

    april, created = _session(
        secretariat,
        APRIL,
        starts_at=_at(2022, 4, 21, 9),
        ends_at=_at(2022, 4, 21, 13),
        venue="Salle de conférence du Ministère des Affaires étrangères, Ouagadougou",
        chair_name="Le Ministre de la Transition digitale",
        moderator=sg,
        follows_up=january,
        story=STORIES["april"],
    )
    if created:
        with written_at(STORIES["april"]["created"], WRITTEN):
            _april_agenda(secretariat, april, anptic)
        _prepare(
            secretariat,
            april,
            STORIES["april"],
            agenda=[],
            invitees=invitees,
            minutes=APRIL_MINUTES,
            replies=REPLIES["april"],
            register=REGISTER_WITHOUT_ACCOUNT["april"],
            situations={**{k: v[1] for k, v in SITUATIONS.items()}, None: APRIL_SITUATION},
        )
        # The April session approved January's minutes, as it ended.
        services.minutes_approve(actor=secretariat, at_meeting=april)
        Minutes.objects.filter(meeting=january).update(approved_at=april.ends_at)
        past_notifications_cancel(january, april)

    upcoming_start = timezone.localtime(timezone.now() + timedelta(days=21)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    upcoming, created = _session(
        secretariat,
        UPCOMING,
        starts_at=upcoming_start,
        ends_at=upcoming_start + timedelta(hours=4),
        venue="Salle de conférence du MTDPCE, Ouagadougou",
        chair_name="Le Ministre de la Transition digitale",
        moderator=sg,
        follows_up=april,
    )
    if created:
        for title in APRIL_AGENDA[:1]:
            services.agenda_item_create(actor=secretariat, meeting=upcoming, title=title)
        services.invitations_send(
            actor=secretariat,
            meeting=upcoming,
            users=invitees,
            structures=Structure.objects.filter(acronym__in=WITHOUT_ACCOUNT),
        )
        services.document_upload(
            actor=secretariat,
            meeting=upcoming,
            uploaded_file=_note(upcoming),
            title="Note de cadrage de la rencontre",
        )
    return [january, april, upcoming]
