"""Demo sessions of the programme, created idempotently by ``manage.py seed_demo``."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Structure, User

from . import services
from .models import Invitation, Meeting, Situation
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

# What the demo DSIs report: in January the shared services are starting; by April they have
# moved on, so the April page shows adoption improving since the session it follows up.
JANUARY_SITUATION = {
    "staff_engineers": 3,
    "staff_technicians": 5,
    "staff_other": 1,
    "email": "partial",
    "file_server": "not_started",
    "e_conseil": "partial",
    "missions": "not_started",
    "difficulties": "Connexion lente des directions régionales ; peu d'ingénieurs réseau.",
    "proposals": "Mutualiser la bande passante entre ministères.",
}
APRIL_SITUATION = {
    **JANUARY_SITUATION,
    "staff_engineers": 4,
    "email": "generalised",
    "file_server": "partial",
    "e_conseil": "generalised",
    "missions": "partial",
    "difficulties": "Formation des agents au circuit intégré des missions.",
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


def _at(year, month, day, hour):
    return datetime(year, month, day, hour, 0, tzinfo=OUAGA)


def _session(secretariat, title, **fields):
    existing = Meeting.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    return services.meeting_create(actor=secretariat, title=title, **fields), True


def _prepare(secretariat, meeting, agenda, invitees, minutes, situation=None):
    for title in agenda:
        services.agenda_item_create(actor=secretariat, meeting=meeting, title=title)
    services.invitations_send(actor=secretariat, meeting=meeting, users=invitees)
    # The session is past: the portal no longer takes answers for it (``answers_closed``), so
    # the replies and situations given before it are written as they were, dated a week before.
    answered_at = meeting.starts_at - timedelta(days=7)
    meeting.invitations.update(response=Invitation.Response.ATTENDING, responded_at=answered_at)
    if situation is not None:
        Situation.objects.bulk_create(
            Situation(
                meeting=meeting,
                structure_id=dsi.structure_id,
                submitted_by=dsi,
                submitted_at=answered_at,
                **situation,
            )
            for dsi in invitees
            if is_situation_respondent(dsi, meeting)
        )
    services.attendance_record(
        actor=secretariat,
        meeting=meeting,
        attendance={i.pk: Invitation.Attendance.PRESENT for i in meeting.invitations.all()},
    )
    services.meeting_mark_held(actor=secretariat, meeting=meeting)
    services.minutes_save_draft(actor=secretariat, meeting=meeting, body=minutes)
    services.minutes_publish(actor=secretariat, meeting=meeting)


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
    )
    if created:
        _prepare(secretariat, january, JANUARY_AGENDA, invitees, JANUARY_MINUTES, JANUARY_SITUATION)

    april, created = _session(
        secretariat,
        APRIL,
        starts_at=_at(2022, 4, 21, 9),
        ends_at=_at(2022, 4, 21, 13),
        venue="Salle de conférence du Ministère des Affaires étrangères, Ouagadougou",
        chair_name="Le Ministre de la Transition digitale",
        moderator=sg,
        follows_up=january,
    )
    if created:
        _april_agenda(secretariat, april, anptic)
        _prepare(secretariat, april, [], invitees, APRIL_MINUTES, APRIL_SITUATION)
        services.minutes_approve(actor=secretariat, at_meeting=april)

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
        services.invitations_send(actor=secretariat, meeting=upcoming, users=invitees)
    return [january, april, upcoming]
