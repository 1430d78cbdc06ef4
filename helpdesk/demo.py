"""Demo tickets, created idempotently by ``manage.py seed_demo``: every category and status,
with replies, internal notes, ratings, tickets waiting for their requester and a merged
duplicate; the canned replies agents use, and each category routed to the helpdesk team.

Each ticket tells a story of the last weeks: filed on a working day in working hours, then each
step some working hours after the one before, so that the first-response and resolution times,
the SLA due times (computed by ``helpdesk.sla``) and the statistics are those of real work,
with a few deadlines missed. The services write "now"; the rows each step wrote are dated at
its moment of the story (``core.demo.written_at``).

The demo keeps a category's default assignee or team when the administrators set one: the demo
agent takes the tickets it works on, as an agent does from the queue."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.demo import past_notifications_cancel, written_at

from . import services
from .models import CannedReply, Category, Event, Message, Priority, Status, Ticket
from .services._common import record_moment
from .services.tickets import DUE_FIELDS, _next_reference
from .sla import WorkingCalendar, due_times

# What the steps of a ticket set on it, dated at the step's moment.
STEP_DATES = ("first_response_at", "resolved_at", "closed_at", "paused_since")

CANNED_REPLIES = [
    (
        "Accusé de réception",
        "Bonjour,\n\nNous avons bien reçu votre demande et un agent la prend en charge. Nous "
        "revenons vers vous dans les délais de sa priorité.\n\nLe centre d'assistance de "
        "l'ANPTIC",
    ),
    (
        "Demande d'informations complémentaires",
        "Bonjour,\n\nPour traiter votre demande, pouvez-vous nous préciser l'identifiant du "
        "compte concerné, le message d'erreur affiché et l'heure à laquelle il est apparu ? "
        "Une capture d'écran nous aide aussi.\n\nMerci d'avance.",
    ),
    (
        "Mot de passe réinitialisé",
        "Bonjour,\n\nLe mot de passe du compte a été réinitialisé. Un mot de passe provisoire "
        "a été remis à l'agent concerné ; il devra le changer à sa première connexion.",
    ),
    (
        "Intervention sur site planifiée",
        "Bonjour,\n\nUn technicien de l'ANPTIC passera dans vos locaux pour vérifier "
        "l'équipement. Merci de prévoir l'accès au local technique et la présence d'un "
        "agent de votre DSI.",
    ),
    (
        "Demande résolue",
        "Bonjour,\n\nLe problème est résolu de notre côté. Pouvez-vous confirmer que tout "
        "fonctionne ? Sans retour de votre part, la demande sera clôturée dans sept jours.",
    ),
]


def _canned(title):
    return next(body for name, body in CANNED_REPLIES if name == title)


# (requester e-mail, category, priority, title, description, filed (working days ago, working
# hours after the day's start), [steps]). A step is (working hours after the previous one, kind,
# value): ("reply" | "note" | "requester", text), ("status", Status), ("take", None),
# ("confirm", None), ("rate", (note, text)) or ("merge_into", title of an earlier demo ticket).
# The figures: a few first responses and resolutions late (an e-Conseil ticket still open past
# its deadline, a network outage resolved in three days), two tickets waiting for their
# requester, one resolved ticket the requester has not confirmed yet.
TICKETS = [
    (
        "dsi.sante@demo.bf",
        "Messagerie professionnelle",
        "Haute",
        "Webmail inaccessible pour la direction des ressources humaines",
        "Depuis ce matin, les agents de la DRH ne peuvent plus se connecter au webmail.",
        (40, 0.5),
        [
            (0.3, "take", None),
            (0.2, "note", "Le quota de la boîte partagée DRH est atteint."),
            (0.5, "reply", "Nous avons augmenté le quota : pouvez-vous réessayer ?"),
            (1.5, "status", Status.RESOLVED),
            (3, "confirm", None),
            (0.1, "rate", (5, "Problème réglé en une heure.")),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Serveur de fichiers",
        "Normale",
        "Restaurer un dossier supprimé par erreur",
        "Le dossier « Examens 2022 » a été supprimé hier sur le partage de la DEC.",
        (30, 1),
        [
            (0.5, "take", None),
            (1.5, "reply", "De quelle date doit dater la copie restaurée ?"),
            (0.1, "status", Status.WAITING),
            (6, "requester", "La copie d'avant-hier soir convient."),
            (1, "reply", "La restauration est lancée depuis la sauvegarde de la nuit."),
            (2, "status", Status.RESOLVED),
            (2, "requester", "Merci, le dossier est bien revenu."),
            (0.2, "confirm", None),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "e-Conseil des Ministres",
        "Critique",
        "Impossible de transmettre un dossier au Secrétariat général du Gouvernement",
        "Le dépôt échoue avec une erreur à l'étape de signature.",
        (3, 2),
        [
            (0.2, "take", None),
            (0.1, "status", Status.IN_PROGRESS),
            (0.5, "note", "Certificat de signature expiré côté ministère."),
            (
                0.5,
                "reply",
                "Le certificat de signature du ministère a expiré : son "
                "renouvellement est demandé à l'autorité de certification.",
            ),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Circuit intégré des missions",
        "Normale",
        "Ordre de mission bloqué en validation",
        "L'ordre de mission n° 245 reste au statut « en attente » depuis une semaine.",
        (1, 5.5),
        [],
    ),
    (
        "dsi.sante@demo.bf",
        "Réseau et Internet",
        "Haute",
        "Coupures répétées de la connexion au réseau de l'administration",
        "Le site de l'hôpital de district perd la connexion plusieurs fois par jour.",
        (25, 1),
        [
            (1, "take", None),
            (0.5, "reply", _canned("Intervention sur site planifiée")),
            (1, "status", Status.IN_PROGRESS),
            (4, "note", "Routeur du site défaillant : remplacement commandé."),
            (18, "status", Status.RESOLVED),
            (2, "confirm", None),
            (0.1, "rate", (3, "Résolu, mais après trois jours.")),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Comptes et accès",
        "Basse",
        "Créer les comptes de trois nouveaux agents",
        "Trois agents arrivent à la DSI lundi : merci de créer leurs comptes.",
        (20, 2),
        [
            (3, "take", None),
            (2, "reply", "Les trois comptes sont créés ; les accès ont été remis aux agents."),
            (0.1, "status", Status.RESOLVED),
            (4, "confirm", None),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "Comptes et accès",
        "Normale",
        "Réinitialiser le mot de passe du compte de la directrice des études",
        "La directrice ne parvient plus à se connecter depuis son changement de poste.",
        (2, 1),
        [
            (0.5, "take", None),
            (0.5, "reply", _canned("Demande d'informations complémentaires")),
            (0.1, "status", Status.WAITING),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "e-Conseil des Ministres",
        "Critique",
        "Erreur de signature sur un second dossier de l'e-Conseil des Ministres",
        "Le dossier transmis ce matin échoue lui aussi à l'étape de signature.",
        (3, 2.5),
        [
            (
                0.3,
                "merge_into",
                "Impossible de transmettre un dossier au Secrétariat général du Gouvernement",
            )
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Messagerie professionnelle",
        "Normale",
        "Mettre à jour la liste de diffusion des directeurs régionaux",
        "Deux directeurs régionaux ont changé : la liste « dr-menapln » doit être mise à jour.",
        (1, 1),
        [
            (1, "take", None),
            (2, "reply", "La liste est à jour : les deux nouveaux directeurs y sont inscrits."),
            (0.5, "status", Status.RESOLVED),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Réseau et Internet",
        "Critique",
        "Plus d'accès à Internet au rectorat",
        "Aucun poste du rectorat n'accède à Internet depuis 8 heures.",
        (15, 0.2),
        [
            (0.3, "take", None),
            (0.4, "reply", "Une coupure de la fibre est identifiée ; l'opérateur intervient."),
            (0.1, "status", Status.IN_PROGRESS),
            (2.5, "reply", _canned("Demande résolue")),
            (0, "status", Status.RESOLVED),
            (1, "confirm", None),
            (0.1, "rate", (5, "Intervention rapide, merci.")),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "Serveur de fichiers",
        "Normale",
        "Droits d'accès au partage de la direction des affaires financières",
        "Les agents de la DAF ne peuvent plus écrire dans leur dossier partagé.",
        (10, 6.5),
        [
            (3, "take", None),
            (2.5, "reply", "Les droits d'écriture du groupe DAF sont rétablis."),
            (1, "status", Status.RESOLVED),
            (1, "confirm", None),
            (0.1, "rate", (4, "Réglé, mais la réponse a tardé.")),
        ],
    ),
    (
        "dsi.education@demo.bf",
        "Circuit intégré des missions",
        "Basse",
        "Ajouter un valideur au circuit des missions de la DRH",
        "Le nouveau directeur des ressources humaines doit valider les ordres de mission.",
        (4, 2),
        [
            (2, "take", None),
            (1, "reply", "Pouvez-vous nous transmettre la décision de nomination du directeur ?"),
            (0.1, "status", Status.WAITING),
        ],
    ),
    (
        "dsi.sante@demo.bf",
        "Messagerie professionnelle",
        "Normale",
        "Signature automatique des courriels du cabinet",
        "Le cabinet souhaite une signature commune pour tous ses agents.",
        (2, 1),
        [
            (0.5, "take", None),
            (1, "reply", "Pouvez-vous nous envoyer le modèle de signature validé ?"),
            (0.1, "status", Status.WAITING),
            (3, "requester", "Voici le modèle validé par le directeur de cabinet."),
        ],
    ),
]


def seed_canned_replies():
    """The canned replies of the demo, for those the supervisors have not written."""
    for title, body in CANNED_REPLIES:
        CannedReply.objects.get_or_create(title=title, defaults={"body": body})


def seed_routing(agent):
    """Each category that routes nowhere (no default assignee, no team) goes to the helpdesk
    team, the demo agent in it (``services.routing``)."""
    for category in Category.objects.filter(default_assignee__isnull=True, team__isnull=True):
        category.team.add(agent)


@transaction.atomic
def seed_tickets():
    agent = User.objects.filter(groups__name=Role.ANPTIC_AGENT.value).first()
    if agent is not None:
        seed_routing(agent)
    seed_canned_replies()
    if Ticket.objects.exists():
        return 0
    categories = {c.name: c for c in Category.objects.all()}
    priorities = {p.name: p for p in Priority.objects.all()}
    if agent is None or not categories or not priorities:
        return 0
    calendar = WorkingCalendar.load()
    today = timezone.localdate()
    created = {}
    # Filed in the order of the story, so that their references follow it.
    story = sorted(TICKETS, key=lambda ticket: (-ticket[5][0], ticket[5][1]))
    for email, category, priority, title, description, filed, steps in story:
        requester = User.objects.get(email=email)
        days_ago, hours = filed
        moment = calendar.add(
            calendar.day_starts(calendar.working_day_before(today, days=days_ago)), hours
        )
        with written_at(moment, {Event: ["at"]}):
            ticket = services.ticket_create(
                actor=requester,
                title=title,
                description=description,
                category=categories[category],
                priority=priorities[priority],
            )
        _file_at(ticket, moment, calendar)
        created[title] = ticket
        for delay, kind, value in steps:
            moment = calendar.add(moment, delay)
            _dated_step(ticket, moment, calendar, kind, value, agent, requester, created)
    past_notifications_cancel(*created.values())
    return len(TICKETS)


def _file_at(ticket, moment, calendar):
    """The ticket as filed at ``moment``: its reference of that year, its SLA due times."""
    response_due, resolution_due = due_times(
        created_at=moment, priority=ticket.priority, calendar=calendar
    )
    fields = {
        "created_at": moment,
        "updated_at": moment,
        "response_due_at": response_due,
        "resolution_due_at": resolution_due,
    }
    year = timezone.localtime(moment).year
    if not ticket.reference.startswith(f"HD-{year}-"):
        fields["reference"] = _next_reference(year)
    Ticket.objects.filter(pk=ticket.pk).update(**fields)


def _dated_step(ticket, moment, calendar, *step):
    """Run one step of the story, then date at ``moment`` what it wrote: its messages, its
    history, the ticket's timestamps; a pause that ended moves the due times on by the
    working time it lasted, as the service does."""
    before = Ticket.objects.get(pk=ticket.pk)
    last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with written_at(moment, {Message: ["created_at"], Event: ["at"]}):
        _step(ticket, *step)
    after = Ticket.objects.get(pk=ticket.pk)
    fields = {"updated_at": moment}
    for name in STEP_DATES:
        value = getattr(after, name)
        if value is not None and value != getattr(before, name):
            fields[name] = moment
    if after.paused_working_time != before.paused_working_time:
        paused = calendar.between(before.paused_since, moment)
        fields["paused_working_time"] = before.paused_working_time + paused
        # The service recorded the due times moved by the pause it measured until now.
        moved = Event.objects.filter(ticket=ticket, pk__gt=last_event, field__in=DUE_FIELDS)
        actor = moved.first().actor
        moved.delete()
        for name in DUE_FIELDS:
            old = getattr(before, name)
            fields[name] = calendar.add(old, paused)
            with written_at(moment, {Event: ["at"]}):
                record_moment(after, actor, name, old, fields[name])
    Ticket.objects.filter(pk=ticket.pk).update(**fields)


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
