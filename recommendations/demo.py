"""Demo recommendations of the 2022 sessions, created idempotently by ``manage.py seed_demo``.

The January session's recommendations cover its four themes; their updates make the dashboard
tell a story: the professional e-mail is well under way, the file server lags behind.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Structure, User
from accounts.roles import Role
from core.demo import past_notifications_cancel, written_at
from helpdesk.sla import WorkingCalendar

from . import services
from .models import Change, Recommendation, Status, StatusUpdate, Theme

OUAGA = ZoneInfo("Africa/Ouagadougou")

# (theme, lead acronym, contributors, text, due date, [(status, progress, comment, by DSI?)])
JANUARY = [
    (
        "e-Conseil des Ministres",
        "SGG-CM",
        ["MTDPCE"],
        "Généraliser l'usage de l'e-Conseil des Ministres à tous les départements ministériels.",
        date(2022, 12, 31),
        [
            (Status.IN_PROGRESS, 60, "Formation des secrétariats généraux achevée.", False),
            (
                Status.IMPLEMENTED,
                100,
                "Tous les ministères transmettent leurs dossiers en ligne.",
                False,
            ),
        ],
    ),
    (
        "e-Conseil des Ministres",
        "MS",
        [],
        "Désigner un point focal e-Conseil dans chaque ministère.",
        date(2022, 6, 30),
        [(Status.IMPLEMENTED, 100, "Point focal désigné par arrêté.", True)],
    ),
    (
        "Circuit intégré des missions",
        "MEF",
        ["MTDPCE"],
        "Étendre le circuit intégré des missions aux directions régionales.",
        date(2023, 6, 30),
        [(Status.IN_PROGRESS, 40, "Six régions connectées sur treize.", False)],
    ),
    (
        "Circuit intégré des missions",
        "MENAPLN",
        [],
        "Former les gestionnaires de missions à l'outil.",
        date(2022, 9, 30),
        [(Status.IN_PROGRESS, 50, "Deux sessions de formation tenues.", True)],
    ),
    (
        "Messagerie professionnelle",
        "MS",
        ["ANPTIC"],
        "Migrer toutes les boîtes des agents vers la messagerie de l'administration.",
        date(2022, 12, 31),
        [
            (Status.IN_PROGRESS, 70, "Migration de la direction centrale terminée.", True),
            (Status.IMPLEMENTED, 100, "Toutes les boîtes sont migrées.", True),
        ],
    ),
    (
        "Messagerie professionnelle",
        "MENAPLN",
        ["ANPTIC"],
        "Supprimer l'usage des messageries personnelles pour les échanges officiels.",
        date(2022, 12, 31),
        [(Status.IN_PROGRESS, 30, "Note circulaire signée.", True)],
    ),
    (
        "Serveur de fichiers",
        "MTDPCE",
        ["ANPTIC"],
        "Mettre en place un serveur de fichiers partagé pour la mémoire de l'administration.",
        date(2022, 12, 31),
        [(Status.BLOCKED, 20, "Marché d'acquisition en cours.", False)],
    ),
    (
        "Serveur de fichiers",
        "MEF",
        [],
        "Numériser les archives des marchés publics.",
        date(2023, 3, 31),
        [],
    ),
]

APRIL = [
    (
        "Messagerie professionnelle",
        "MS",
        ["ANPTIC"],
        "Raccorder les centres hospitaliers régionaux à la messagerie professionnelle.",
        20,
    ),
    (
        "Serveur de fichiers",
        "MTDPCE",
        [],
        "Publier la politique de conservation des documents numériques.",
        60,
    ),
]


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=OUAGA)


def _focal_persons(secretariat):
    """A focal person in each lead structure that has someone on the portal: its DSI, the
    coordination for MTDPCE, the helpdesk agent for ANPTIC."""
    people = {}
    for user in User.objects.filter(is_active=True, structure__isnull=False).select_related(
        "structure"
    ):
        if user.role in (Role.DSI, Role.ANPTIC_AGENT) or user == secretariat:
            people.setdefault(user.structure.acronym, user)
    return people


def _story_of(recommendation, updates, *, start, secretariat, dsis, calendar):
    """The recommendation's updates, each reported on a working day and validated by the
    Secretariat on the next one; the rows and their history dated then."""
    day = start
    for status, progress, comment, by_dsi in updates:
        day = calendar.working_day_on_or_after(day)
        author = dsis.get(recommendation.lead_structure.acronym) if by_dsi else secretariat
        with written_at(_at(day, 10), WRITTEN):
            update = services.update_submit(
                actor=author,
                recommendation=recommendation,
                status=status,
                progress=progress,
                comment=comment,
                status_reason=comment if status == Status.BLOCKED else "",
                evidence=[_evidence(recommendation.text)] if status == Status.IMPLEMENTED else [],
            )
        reviewed = _at(day, 10)
        if update.state == StatusUpdate.State.PENDING:
            reviewed = _at(calendar.working_day_on_or_after(day + timedelta(days=1)), 15, 30)
            with written_at(reviewed, WRITTEN):
                services.update_validate(actor=secretariat, update=update)
        StatusUpdate.objects.filter(pk=update.pk).update(reviewed_at=reviewed)
        Recommendation.objects.filter(pk=recommendation.pk).update(
            last_validated_at=reviewed, updated_at=reviewed
        )
        day += timedelta(days=45)


# The rows a step writes, and their date fields.
WRITTEN = {
    Recommendation: ["created_at", "updated_at"],
    StatusUpdate: ["created_at"],
    Change: ["at"],
}


@transaction.atomic
def seed_recommendations(*, secretariat, january, april):
    if Recommendation.objects.filter(meeting__in=[january, april]).exists():
        return 0
    calendar = WorkingCalendar.load()
    themes = {theme.name: theme for theme in Theme.objects.all()}
    structures = {s.acronym: s for s in Structure.objects.all()}
    dsis = {
        u.structure.acronym: u
        for u in User.objects.filter(groups__name=Role.DSI.value).select_related("structure")
    }
    focal = _focal_persons(secretariat)
    recorded = timezone.localtime(january.ends_at, OUAGA) + timedelta(hours=2)
    created = []
    for index, (theme, lead, contributors, text, due, updates) in enumerate(JANUARY):
        with written_at(recorded, WRITTEN):
            recommendation = services.recommendation_create(
                actor=secretariat,
                meeting=january,
                text=text,
                theme=themes[theme],
                lead_structure=structures[lead],
                contributors=[structures[c] for c in contributors],
                # A due date is a working day: the end of a month, or the day before it.
                due_date=calendar.working_day_on_or_before(due),
                focal_person=focal.get(lead),
            )
        created.append(recommendation)
        _story_of(
            recommendation,
            updates,
            start=date(2022, 2, 1) + timedelta(days=20 * index),
            secretariat=secretariat,
            dsis=dsis,
            calendar=calendar,
        )
    # One update waits for the Secretariat since the last working day, so its queue is not
    # empty.
    pending = Recommendation.objects.get(
        meeting=january,
        lead_structure=structures["MENAPLN"],
        theme=themes["Messagerie professionnelle"],
    )
    yesterday = calendar.working_day_before(timezone.localdate())
    with written_at(_at(yesterday, 11, 20), WRITTEN):
        services.update_submit(
            actor=dsis["MENAPLN"],
            recommendation=pending,
            status=Status.IN_PROGRESS,
            progress=55,
            comment="Les directions régionales ont basculé.",
        )
    past_notifications_cancel(*created)
    today = timezone.localdate()
    recorded = timezone.localtime(april.ends_at, OUAGA) + timedelta(hours=2)
    for theme, lead, contributors, text, days in APRIL:
        with written_at(recorded, WRITTEN):
            services.recommendation_create(
                actor=secretariat,
                meeting=april,
                text=text,
                theme=themes[theme],
                lead_structure=structures[lead],
                contributors=[structures[c] for c in contributors],
                due_date=calendar.working_day_on_or_after(today + timedelta(days=days)),
                focal_person=focal.get(lead),
            )
        created.append(None)
    _rejected_last_week(secretariat, dsis, calendar)
    return len(created)


def _rejected_last_week(secretariat, dsis, calendar):
    """The Ministry of Health reported progress on its April recommendation without the proof
    asked for; the Secretariat rejected it with the reason: its DSI finds it on the home page,
    ready to be corrected and sent again. No e-mail at seeding."""
    recommendation = Recommendation.objects.filter(
        lead_structure__acronym="MS", text__startswith="Raccorder les centres hospitaliers"
    ).first()
    if recommendation is None or "MS" not in dsis:
        return
    today = timezone.localdate()
    sent = _at(calendar.working_day_before(today, days=3), 9, 40)
    reviewed = _at(calendar.working_day_before(today, days=2), 14, 10)
    with written_at(sent, WRITTEN):
        update = services.update_submit(
            actor=dsis["MS"],
            recommendation=recommendation,
            status=Status.IN_PROGRESS,
            progress=60,
            comment="Huit centres hospitaliers régionaux sur treize sont raccordés.",
        )
    with written_at(reviewed, WRITTEN):
        services.update_reject(
            actor=secretariat,
            update=update,
            reason="Joignez la liste des centres raccordés, signée par le DSI : sans elle, "
            "l'avancement ne peut pas être validé.",
        )
    StatusUpdate.objects.filter(pk=update.pk).update(reviewed_at=reviewed)
    past_notifications_cancel(recommendation, update)


def _evidence(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = f"Procès-verbal de mise en œuvre : {text}\n".encode()
    return SimpleUploadedFile("proces-verbal.txt", body, content_type="text/plain")
