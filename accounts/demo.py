"""Reference structures and demo accounts, created idempotently by ``manage.py seed_demo``."""

from django.db import transaction

from .models import Structure, User
from .roles import Role

MINISTRY = Structure.Kind.MINISTRY
INSTITUTION = Structure.Kind.INSTITUTION
AGENCY = Structure.Kind.AGENCY

# (acronym, name, kind): the ministries and institutions whose DSIs take part, MTDPCE and ANPTIC.
STRUCTURES = [
    (
        "MTDPCE",
        "Ministère de la Transition digitale, des Postes et des Communications électroniques",
        MINISTRY,
    ),
    (
        "ANPTIC",
        "Agence nationale de promotion des technologies de l'information et de la communication",
        AGENCY,
    ),
    ("MS", "Ministère de la Santé", MINISTRY),
    ("MENAPLN", "Ministère de l'Éducation nationale", MINISTRY),
    (
        "MESRI",
        "Ministère de l'Enseignement supérieur, de la Recherche et de l'Innovation",
        MINISTRY,
    ),
    ("MEF", "Ministère de l'Économie et des Finances", MINISTRY),
    (
        "MAECR",
        "Ministère des Affaires étrangères, de la Coopération régionale et des Burkinabè de l'extérieur",
        MINISTRY,
    ),
    ("MATM", "Ministère de l'Administration territoriale et de la Mobilité", MINISTRY),
    ("MJDH", "Ministère de la Justice et des Droits humains", MINISTRY),
    ("MDAC", "Ministère de la Défense et des Anciens combattants", MINISTRY),
    ("MSECU", "Ministère de la Sécurité", MINISTRY),
    (
        "MFPTPS",
        "Ministère de la Fonction publique, du Travail et de la Protection sociale",
        MINISTRY,
    ),
    ("MARAH", "Ministère de l'Agriculture, des Ressources animales et halieutiques", MINISTRY),
    ("MEEA", "Ministère de l'Environnement, de l'Eau et de l'Assainissement", MINISTRY),
    ("MEMC", "Ministère de l'Énergie, des Mines et des Carrières", MINISTRY),
    ("MID", "Ministère des Infrastructures et du Désenclavement", MINISTRY),
    ("MCIA", "Ministère du Commerce, de l'Industrie et de l'Artisanat", MINISTRY),
    ("MCCAT", "Ministère de la Communication, de la Culture, des Arts et du Tourisme", MINISTRY),
    ("MSJE", "Ministère des Sports, de la Jeunesse et de l'Emploi", MINISTRY),
    ("MSAHRNGF", "Ministère de la Solidarité, de l'Action humanitaire et de la Famille", MINISTRY),
    ("MUAH", "Ministère de l'Urbanisme, des Affaires foncières et de l'Habitat", MINISTRY),
    (
        "MTMUSR",
        "Ministère des Transports, de la Mobilité urbaine et de la Sécurité routière",
        MINISTRY,
    ),
    ("PF", "Présidence du Faso", INSTITUTION),
    ("PM", "Primature", INSTITUTION),
    ("ALT", "Assemblée législative de Transition", INSTITUTION),
    ("CC", "Conseil constitutionnel", INSTITUTION),
    ("CDC", "Cour des comptes", INSTITUTION),
    ("SGG-CM", "Secrétariat général du Gouvernement et du Conseil des ministres", INSTITUTION),
    (
        "ASCE-LC",
        "Autorité supérieure de contrôle d'État et de lutte contre la corruption",
        INSTITUTION,
    ),
    ("ARCEP", "Autorité de régulation des communications électroniques et des postes", AGENCY),
    ("ANSSI", "Agence nationale de sécurité des systèmes d'information", AGENCY),
    ("INSD", "Institut national de la statistique et de la démographie", AGENCY),
]

DEMO_SECRETARIAT = "secretariat@demo.bf"

# (e-mail, first name, last name, job title, role or None for the superuser, structure acronym)
DEMO_ACCOUNTS = [
    ("admin@demo.bf", "Awa", "Compaoré", "Administratrice du portail", None, "MTDPCE"),
    (
        DEMO_SECRETARIAT,
        "Issouf",
        "Ouédraogo",
        "Chargé de la coordination des DSI",
        Role.SECRETARIAT,
        "MTDPCE",
    ),
    ("sg@demo.bf", "Mariam", "Sawadogo", "Secrétaire générale", Role.SECRETARY_GENERAL, "MTDPCE"),
    (
        "agent@demo.bf",
        "Boukary",
        "Kaboré",
        "Agent du centre d'assistance",
        Role.ANPTIC_AGENT,
        "ANPTIC",
    ),
    (
        "dsi.sante@demo.bf",
        "Aminata",
        "Traoré",
        "Directrice des services informatiques",
        Role.DSI,
        "MS",
    ),
    (
        "dsi.education@demo.bf",
        "Seydou",
        "Zongo",
        "Directeur des services informatiques",
        Role.DSI,
        "MENAPLN",
    ),
]


@transaction.atomic
def seed_structures():
    """Create or refresh the reference structures; returns how many were created."""
    created = 0
    for acronym, name, kind in STRUCTURES:
        _structure, was_created = Structure.objects.update_or_create(
            acronym=acronym, defaults={"name": name, "kind": kind, "is_active": True}
        )
        created += was_created
    return created


@transaction.atomic
def seed_demo_accounts(*, password):
    """Create the demo accounts that are missing; existing ones keep their password."""
    from django.contrib.auth.models import Group

    structures = {s.acronym: s for s in Structure.objects.all()}
    created = 0
    for email, first_name, last_name, job_title, role, acronym in DEMO_ACCOUNTS:
        user, was_created = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "job_title": job_title,
                "structure": structures[acronym],
                "is_active": True,
                "is_staff": role in (None, Role.SECRETARIAT),
                "is_superuser": role is None,
                # The demo agent also supervises the helpdesk: SLA alerts reach them.
                "is_helpdesk_supervisor": role == Role.ANPTIC_AGENT,
            },
        )
        if was_created:
            user.set_password(password)
            user.save(update_fields=["password"])
            created += 1
        user.groups.set([Group.objects.get(name=role.value)] if role else [])
    return created


def demo_secretariat():
    """The demo Secretariat account, who convenes the demo sessions and records their
    recommendations."""
    return User.objects.get(email=DEMO_SECRETARIAT)
