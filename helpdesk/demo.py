"""Demo tickets, created idempotently by ``manage.py seed_demo``: every category and status,
with replies, internal notes, ratings, a ticket waiting for its requester and a merged duplicate.

The demo leaves the reference data as the administrators set it (a category's default assignee
or team): the demo agent takes the tickets it works on, as an agent does from the queue."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F

from accounts.models import User
from accounts.roles import Role

from . import services
from .models import Category, Event, Message, Priority, Status, Ticket

DATE_FIELDS = [
    "created_at",
    "response_due_at",
    "resolution_due_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "paused_since",
]

# (requester e-mail, category, priority, title, description, [steps])
# A step: ("reply" | "note" | "requester", text), ("status", Status), ("take", None),
# ("confirm", None), ("rate", (note, text)) or ("merge_into", title of an earlier demo ticket).
TICKETS = [
    (
        "dsi.sante@demo.bf",
        "Messagerie professionnelle",
        "Haute",
        "Webmail inaccessible pour la direction des ressources humaines",
        "Depuis ce matin, les agents de la DRH ne peuvent plus se connecter au webmail.",
        [
            ("take", None),
            ("note", "Le quota de la boîte partagée DRH est atteint."),
            ("reply", "Nous avons augmenté le quota : pouvez-vous réessayer ?"),
            ("status", Status.RESOLVED),
            ("confirm", None),
            ("rate", (5, "Problème réglé en une heure.")),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Serveur de fichiers",
        "Normale",
        "Restaurer un dossier supprimé par erreur",
        "Le dossier « Examens 2022 » a été supprimé hier sur le partage de la DEC.",
        [
            ("take", None),
            ("reply", "La restauration est lancée depuis la sauvegarde de la nuit."),
            ("status", Status.WAITING),
            ("requester", "Merci, le dossier est bien revenu."),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "e-Conseil des Ministres",
        "Critique",
        "Impossible de transmettre un dossier au Secrétariat général du Gouvernement",
        "Le dépôt échoue avec une erreur à l'étape de signature.",
        [
            ("take", None),
            ("status", Status.IN_PROGRESS),
            ("note", "Certificat de signature expiré côté ministère."),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Circuit intégré des missions",
        "Normale",
        "Ordre de mission bloqué en validation",
        "L'ordre de mission n° 245 reste au statut « en attente » depuis une semaine.",
        [],
    ),
    (
        "dsi.sante@demo.bf",
        "Réseau et Internet",
        "Haute",
        "Coupures répétées de la connexion au réseau de l'administration",
        "Le site de l'hôpital de district perd la connexion plusieurs fois par jour.",
        [
            ("take", None),
            ("reply", "Un technicien passera demain vérifier le routeur."),
            ("status", Status.RESOLVED),
            ("confirm", None),
            ("rate", (3, "Résolu, mais après trois jours.")),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Comptes et accès",
        "Basse",
        "Créer les comptes de trois nouveaux agents",
        "Trois agents arrivent à la DSI lundi : merci de créer leurs comptes.",
        [("take", None), ("status", Status.RESOLVED)],
    ),
    (
        "dsi.sante@demo.bf",
        "Comptes et accès",
        "Normale",
        "Réinitialiser le mot de passe du compte de la directrice des études",
        "La directrice ne parvient plus à se connecter depuis son changement de poste.",
        [
            ("take", None),
            ("reply", "Pouvez-vous nous indiquer l'identifiant exact du compte ?"),
            ("status", Status.WAITING),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "e-Conseil des Ministres",
        "Critique",
        "Erreur de signature sur un second dossier de l'e-Conseil des Ministres",
        "Le dossier transmis ce matin échoue lui aussi à l'étape de signature.",
        [
            (
                "merge_into",
                "Impossible de transmettre un dossier au Secrétariat général du Gouvernement",
            )
        ],
    ),
]


@transaction.atomic
def seed_tickets():
    if Ticket.objects.exists():
        return 0
    agent = User.objects.filter(groups__name=Role.ANPTIC_AGENT.value).first()
    categories = {c.name: c for c in Category.objects.all()}
    priorities = {p.name: p for p in Priority.objects.all()}
    if agent is None or not categories or not priorities:
        return 0
    created = {}
    for index, (email, category, priority, title, description, steps) in enumerate(TICKETS):
        requester = User.objects.get(email=email)
        ticket = services.ticket_create(
            actor=requester,
            title=title,
            description=description,
            category=categories[category],
            priority=priorities[priority],
        )
        created[title] = ticket
        for kind, value in steps:
            _step(ticket, kind, value, agent, requester, created)
        # Spread the demo over the last weeks so that the statistics have a history.
        _backdate(ticket, timedelta(days=3 * (len(TICKETS) - index)))
    return len(TICKETS)


def _backdate(ticket, shift):
    """Move the whole story of a ticket into the past, keeping its durations."""
    Ticket.objects.filter(pk=ticket.pk).update(**{field: F(field) - shift for field in DATE_FIELDS})
    Message.objects.filter(ticket=ticket).update(created_at=F("created_at") - shift)
    Event.objects.filter(ticket=ticket).update(at=F("at") - shift)


def _step(ticket, kind, value, agent, requester, created):
    ticket.refresh_from_db()
    if kind == "take":
        services.ticket_assign(actor=agent, ticket=ticket, assignee=agent)
    elif kind == "merge_into":
        services.ticket_merge(actor=agent, duplicate=ticket, into=created[value])
    elif kind == "reply":
        services.message_add(actor=agent, ticket=ticket, body=value)
    elif kind == "note":
        services.message_add(actor=agent, ticket=ticket, body=value, is_internal=True)
    elif kind == "requester":
        services.message_add(actor=requester, ticket=ticket, body=value)
    elif kind == "status":
        services.ticket_transition(actor=agent, ticket=ticket, status=value)
    elif kind == "confirm":
        services.ticket_confirm_resolution(actor=requester, ticket=ticket)
    elif kind == "rate":
        services.ticket_rate(
            actor=requester, ticket=ticket, satisfaction=value[0], comment=value[1]
        )
