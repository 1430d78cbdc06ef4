"""Demo recommendations of the 2022 sessions, created idempotently by ``manage.py seed_demo``.

The January session's recommendations cover its four themes; their updates make the dashboard
tell a story: the professional e-mail is well under way, the file server lags behind.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Structure, User
from accounts.roles import Role

from . import services
from .models import Recommendation, Status, StatusUpdate, Theme

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


def _at(year, month, day):
    return datetime(year, month, day, 10, 0, tzinfo=OUAGA)


@transaction.atomic
def seed_recommendations(*, secretariat, january, april):
    if Recommendation.objects.filter(meeting__in=[january, april]).exists():
        return 0
    themes = {theme.name: theme for theme in Theme.objects.all()}
    structures = {s.acronym: s for s in Structure.objects.all()}
    dsis = {
        u.structure.acronym: u
        for u in User.objects.filter(groups__name=Role.DSI.value).select_related("structure")
    }
    created = 0
    for index, (theme, lead, contributors, text, due, updates) in enumerate(JANUARY):
        recommendation = services.recommendation_create(
            actor=secretariat,
            meeting=january,
            text=text,
            theme=themes[theme],
            lead_structure=structures[lead],
            contributors=[structures[c] for c in contributors],
            due_date=due,
            focal_person=dsis.get(lead),
        )
        created += 1
        when = _at(2022, 2, 1) + timedelta(days=20 * index)
        for status, progress, comment, by_dsi in updates:
            author = dsis.get(lead) if by_dsi else secretariat
            update = services.update_submit(
                actor=author,
                recommendation=recommendation,
                status=status,
                progress=progress,
                comment=comment,
                status_reason=comment if status == Status.BLOCKED else "",
                evidence=[_evidence(text)] if status == Status.IMPLEMENTED else [],
            )
            if update.state == StatusUpdate.State.PENDING:
                services.update_validate(actor=secretariat, update=update)
            when += timedelta(days=45)
            StatusUpdate.objects.filter(pk=update.pk).update(created_at=when, reviewed_at=when)
            Recommendation.objects.filter(pk=recommendation.pk).update(last_validated_at=when)
        Recommendation.objects.filter(pk=recommendation.pk).update(created_at=_at(2022, 1, 20))
    # One update waits for the Secretariat, so its queue is not empty.
    pending = Recommendation.objects.get(
        meeting=january,
        lead_structure=structures["MENAPLN"],
        theme=themes["Messagerie professionnelle"],
    )
    services.update_submit(
        actor=dsis["MENAPLN"],
        recommendation=pending,
        status=Status.IN_PROGRESS,
        progress=55,
        comment="Les directions régionales ont basculé.",
    )
    today = timezone.localdate()
    for theme, lead, contributors, text, days in APRIL:
        services.recommendation_create(
            actor=secretariat,
            meeting=april,
            text=text,
            theme=themes[theme],
            lead_structure=structures[lead],
            contributors=[structures[c] for c in contributors],
            due_date=today + timedelta(days=days),
        )
        created += 1
    return created


def _evidence(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = f"Procès-verbal de mise en œuvre : {text}\n".encode()
    return SimpleUploadedFile("proces-verbal.txt", body, content_type="text/plain")
