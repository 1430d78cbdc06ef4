"""The benchmark's dataset: years of meetings, recommendations and helpdesk tickets.

``Sizes.at_scale(1)`` is the national scale of issue 7: 100 structures, 1,000 users, 300
meetings with 30 invitees, 20,000 recommendations with 100,000 status updates, 300,000 tickets
with 1,500,000 replies and notes. Three landmarks are what ``manage.py bench`` opens: a ticket
with 50 replies, a meeting with 100 invitees, a session with 200 recommendations. Two more are
the largest documents a user can save, for the PDFs (core/pdf.py bounds their cost): a ticket
whose description and 200 replies are each ``TEXT_MAX_CHARS`` long, and minutes of
``MINUTES_MAX_CHARS`` of Markdown. Their text is French prose from a second seeded generator, so
that adding them did not change the rest of the data.

Rows are generated in Python from a seeded random generator (the same data every run) and
written by ``loading.Loader``. The values are plausible rather than exact (an SLA due time is
a fixed number of hours after filing, not computed in working hours): what matters for the
measure is the volume and the spread of the values the pages filter and sort on.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Structure, User
from accounts.roles import Role
from core.text import MINUTES_MAX_CHARS, TEXT_MAX_CHARS
from helpdesk.models import Category, Event, Message, Priority, Status, Ticket, TicketCounter
from helpdesk.search import search_documents_defer, search_documents_resume
from meetings.models import AgendaItem, Invitation, Meeting, Minutes, MinutesVersion
from recommendations.models import Change, Recommendation, SessionPrefix, StatusUpdate, Theme
from recommendations.models import Status as RecStatus

from .loading import (
    BENCH_ACRONYM,
    BENCH_DOMAIN,
    Loader,
    empty_benchmark_data,
    holds_benchmark_data,
    is_postgresql,
)

PASSWORD = "bench-password-2026"  # noqa: S105 - benchmark accounts on a benchmark database
LONG_TICKET_TITLE = "Messagerie : échanges prolongés sur la migration des boîtes (banc d'essai)"
BIG_MEETING_TITLE = "Rencontre élargie MTDPCE – DSI (banc d'essai)"
REPORT_MEETING_TITLE = "Rencontre de suivi des recommandations (banc d'essai)"
LARGEST_TICKET_TITLE = "Messagerie : la demande la plus longue qu'un DSI peut écrire (banc d'essai)"
LONGEST_MINUTES_TITLE = "Rencontre au compte rendu le plus long (banc d'essai)"
# The largest ticket's public replies, each TEXT_MAX_CHARS long: its PDF keeps the latest ones
# within settings.TICKET_PDF_CONVERSATION_CHARS and TICKET_PDF_MESSAGES.
LARGEST_TICKET_MESSAGES = 200

NAMED = {
    "dsi": ("dsi" + BENCH_DOMAIN, Role.DSI),
    "agent": ("agent" + BENCH_DOMAIN, Role.ANPTIC_AGENT),
    "secretariat": ("secretariat" + BENCH_DOMAIN, Role.SECRETARIAT),
    "sg": ("sg" + BENCH_DOMAIN, Role.SECRETARY_GENERAL),
}

FIRST_NAMES = [
    "Aïcha", "Boubacar", "Karim", "Fatimata", "Salif", "Nadia", "Awa", "Issouf", "Mariam",
    "Ousmane", "Rasmata", "Souleymane", "Alimata", "Hamidou", "Bintou", "Idrissa", "Kadiatou",
    "Moussa", "Safiatou", "Adama",
]  # fmt: skip
LAST_NAMES = [
    "Ouédraogo", "Sawadogo", "Traoré", "Kaboré", "Zongo", "Compaoré", "Kiemdé", "Sana",
    "Bationo", "Nikiéma", "Ilboudo", "Yaméogo", "Somé", "Diallo", "Konaté", "Tapsoba",
]  # fmt: skip
TICKET_SUBJECTS = [
    "Messagerie inaccessible depuis le bureau",
    "Imprimante réseau hors service",
    "Serveur de fichiers lent",
    "Compte bloqué après changement de mot de passe",
    "Connexion Internet coupée au deuxième étage",
    "Demande de création de boîte aux lettres",
    "Ordre de mission introuvable dans le circuit",
    "Document du Conseil des ministres illisible",
    "Partage réseau non monté au démarrage",
    "Certificat expiré sur le portail interne",
    "Lenteur de la visioconférence",
    "Accès VPN refusé en mission",
]
MESSAGE_BODIES = [
    "Bonjour, le problème persiste ce matin sur plusieurs postes du service.",
    "Nous avons redémarré le serveur, merci de vérifier de votre côté.",
    "Pouvez-vous préciser le message d'erreur affiché à l'écran ?",
    "La configuration du routeur a été corrigée, la connexion devrait revenir.",
    "Note interne : vérifier la licence avant de relancer la synchronisation.",
    "Merci, tout fonctionne de nouveau depuis midi.",
    "Le mot de passe a été réinitialisé, un courriel vous a été envoyé.",
    "Le technicien passera dans vos locaux demain dans la matinée.",
    "Capture d'écran jointe, l'imprimante affiche toujours une erreur.",
    "La boîte aux lettres est créée, les identifiants suivent par téléphone.",
]
RECOMMENDATION_TEXTS = [
    "Généraliser la messagerie professionnelle de l'administration",
    "Raccorder la structure au serveur de fichiers partagé",
    "Former les agents au circuit intégré des missions",
    "Dématérialiser les dossiers du Conseil des ministres",
    "Désigner un point focal sécurité des systèmes d'information",
    "Mettre à jour l'inventaire du parc informatique",
    "Sauvegarder quotidiennement les données critiques",
    "Adopter la charte d'utilisation des ressources numériques",
]
UPDATE_COMMENTS = [
    "Les travaux avancent selon le calendrier prévu.",
    "Le marché est attribué, installation en cours.",
    "Retard dû à la disponibilité des équipements.",
    "Formation réalisée pour la moitié des agents.",
    "Mise en service effective, procès-verbal joint.",
]
MINUTES_BODY = (
    "## Ouverture\n\nLa séance est ouverte par le Secrétaire général.\n\n"
    "## Points examinés\n\n- État de mise en œuvre des recommandations\n"
    "- Messagerie professionnelle\n- Circuit intégré des missions\n\n"
    "## Recommandations\n\nLes DSI s'engagent à transmettre leurs mises à jour avant la "
    "prochaine session.\n"
)

# French prose for the largest documents: sentences built from these parts read like a
# conversation with the helpdesk or a session's minutes (accents, apostrophes, figures).
PROSE_SUBJECTS = [
    "Le service informatique du ministère", "La direction des systèmes d'information",
    "L'équipe d'assistance de l'ANPTIC", "Le technicien de permanence", "Le point focal sécurité",
    "Le prestataire chargé de la maintenance", "La cellule de coordination",
    "Le secrétariat permanent", "L'administrateur de la messagerie", "Le chef de projet",
]  # fmt: skip
PROSE_VERBS = [
    "a constaté", "signale de nouveau", "confirme", "a vérifié", "propose de traiter",
    "a relancé", "a documenté", "demande d'examiner", "a corrigé", "suit de près",
]  # fmt: skip
PROSE_OBJECTS = [
    "la coupure de la messagerie sur les postes du deuxième étage",
    "l'échec de la synchronisation des boîtes aux lettres",
    "la lenteur du serveur de fichiers partagé",
    "le renouvellement du certificat du portail interne",
    "l'accès au réseau privé virtuel des agents en mission",
    "la saturation de l'espace de stockage des sauvegardes",
    "la configuration des imprimantes réseau du secrétariat",
    "la migration des comptes vers le nouvel annuaire",
    "l'inventaire des 312 postes de travail de la structure",
    "la mise à jour du pare-feu de la passerelle Internet",
]  # fmt: skip
PROSE_COMPLEMENTS = [
    "depuis lundi matin", "après la mise à jour de la nuit dernière",
    "malgré le redémarrage du routeur", "conformément à la procédure convenue",
    "avant la fin de la semaine", "en lien avec l'opérateur", "sur l'ensemble des sites",
    "à la demande du Secrétaire général", "d'ici la prochaine session",
    "sans interruption de service pour les usagers",
]  # fmt: skip
MINUTES_TOPICS = [
    "État de mise en œuvre des recommandations", "Messagerie professionnelle",
    "Circuit intégré des missions", "Sécurité des systèmes d'information",
    "Interconnexion des administrations", "Dématérialisation des procédures",
    "Formation des agents", "Budget et marchés publics",
]  # fmt: skip


def _sentence(rnd):
    return (
        f"{rnd.choice(PROSE_SUBJECTS)} {rnd.choice(PROSE_VERBS)} {rnd.choice(PROSE_OBJECTS)} "
        f"{rnd.choice(PROSE_COMPLEMENTS)}."
    )


def _exactly(parts, chars):
    """The text of ``parts`` cut to exactly ``chars`` characters, ending on a full stop."""
    pieces, length = [], 0
    for part in parts:
        pieces.append(part)
        length += len(part)
        if length >= chars:
            break
    return "".join(pieces)[: chars - 1].rstrip().ljust(chars - 1, ".") + "."


def french_text(rnd, chars):
    """``chars`` characters of French prose in paragraphs: a description or a reply."""

    def parts():
        while True:
            yield " ".join(_sentence(rnd) for _ in range(rnd.randint(3, 6))) + "\n\n"

    return _exactly(parts(), chars)


def minutes_markdown(rnd, chars):
    """``chars`` characters of minutes in Markdown: headings, paragraphs, lists."""

    def parts():
        number = 0
        while True:
            number += 1
            topic = MINUTES_TOPICS[number % len(MINUTES_TOPICS)]
            yield f"## {number}. {topic}\n\n"
            yield " ".join(_sentence(rnd) for _ in range(rnd.randint(3, 5))) + "\n\n"
            yield "### Constats\n\n"
            yield "".join(f"- {_sentence(rnd)}\n" for _ in range(rnd.randint(3, 6))) + "\n"
            yield "### Décisions\n\n"
            yield "".join(f"{k}. {_sentence(rnd)}\n" for k in range(1, rnd.randint(2, 5))) + "\n"
            yield " ".join(_sentence(rnd) for _ in range(rnd.randint(2, 4))) + "\n\n"

    return _exactly(parts(), chars)


@dataclass(frozen=True)
class Sizes:
    structures: int
    users: int
    agents: int
    meetings: int
    invitees: int
    big_meeting_invitees: int
    recommendations: int
    report_recommendations: int
    updates_per_recommendation: int
    tickets: int
    messages_per_ticket: int
    long_ticket_messages: int

    @classmethod
    def at_scale(cls, scale):
        """Issue 7's volumes times ``scale`` (with floors so a tiny scale still has every
        kind of row)."""

        def n(count, floor):
            return max(floor, round(count * scale))

        return cls(
            structures=n(100, 6),
            users=n(1000, 30),
            agents=n(20, 3),
            meetings=n(300, 4),
            invitees=min(30, n(1000, 30) // 2),
            big_meeting_invitees=min(100, n(1000, 30) - 10),
            recommendations=n(20_000, 20),
            report_recommendations=min(200, n(20_000, 20) // 2),
            updates_per_recommendation=5,
            tickets=n(300_000, 40),
            messages_per_ticket=5,
            long_ticket_messages=50,
        )


@dataclass
class Landmarks:
    """What the benchmark opens: found again by ``landmarks()`` from the titles."""

    long_ticket: str
    big_meeting: int
    report_meeting: int
    largest_ticket: str
    longest_minutes: int
    counts: dict = field(default_factory=dict)


def landmarks(using="default"):
    return Landmarks(
        long_ticket=Ticket.objects.using(using).get(title=LONG_TICKET_TITLE).reference,
        big_meeting=Meeting.objects.using(using).get(title=BIG_MEETING_TITLE).pk,
        report_meeting=Meeting.objects.using(using).get(title=REPORT_MEETING_TITLE).pk,
        largest_ticket=Ticket.objects.using(using).get(title=LARGEST_TICKET_TITLE).reference,
        longest_minutes=Meeting.objects.using(using).get(title=LONGEST_MINUTES_TITLE).pk,
    )


class Seeder:
    def __init__(
        self, sizes, *, using="default", seed=2022, now=None, log=None, rebuild_indexes=True
    ):
        self.sizes = sizes
        self.using = using
        self.random = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        # The long texts have a generator of their own: the rest of the data stays the same.
        self.prose = random.Random(seed + 1)  # noqa: S311
        self.now = now or timezone.now()
        self.log = log or (lambda message: None)
        self.loader = Loader(using, rebuild_indexes=rebuild_indexes)
        self.counts = {}

    def run(self):
        """Write the whole dataset in one transaction; returns the landmarks."""
        with transaction.atomic(using=self.using):
            if is_postgresql(self.using) and holds_benchmark_data(self.using):
                empty_benchmark_data(self.using)
            self._step("structures and users", self._people)
            self._step("meetings and invitations", self._meetings)
            self._step("recommendations and updates", self._recommendations)
            # In bulk, the search documents are written once, after the messages and before
            # their GIN index is rebuilt (helpdesk/search.py).
            bulk = self.loader.rebuild_indexes
            if bulk:
                search_documents_defer(self.using)
            self._step("tickets", self._tickets)
            self._step("replies and notes", self._messages)
            if bulk:
                self._step("search documents", lambda: search_documents_resume(self.using))
            self._step("indexes and constraints", self.loader.finish)
        found = landmarks(self.using)
        found.counts = self.counts
        return found

    def _step(self, label, action):
        started = time.monotonic()
        action()
        self.log(f"{label}: {time.monotonic() - started:.1f} s")

    def _write(self, model, rows):
        written = self.loader.write(model, rows)
        key = model._meta.label
        self.counts[key] = self.counts.get(key, 0) + written
        return written

    def _ago(self, days_min, days_max):
        return self.now - timedelta(seconds=self.random.uniform(days_min, days_max) * 86400)

    # --- people --------------------------------------------------------------------------------

    def _people(self):
        sizes = self.sizes
        first_structure = self.loader.next_id(Structure)
        self.structures = list(range(first_structure, first_structure + sizes.structures))
        self.mtdpce, self.anptic, *self.dsi_structures = self.structures
        names = {self.mtdpce: "MTDPCE", self.anptic: "ANPTIC"}
        self._write(
            Structure,
            (
                {
                    "id": pk,
                    "name": f"{names.get(pk, 'Ministère')} — banc d'essai {i:03d}",
                    "acronym": f"{BENCH_ACRONYM}{names.get(pk, 'M')}{i:03d}",
                    "kind": Structure.Kind.MINISTRY,
                    "is_active": True,
                    "created_at": self.now,
                }
                for i, pk in enumerate(self.structures)
            ),
        )
        password = make_password(PASSWORD)
        first_user = self.loader.next_id(User)
        roles = {}
        structure_of = {}
        rows = []
        for i in range(sizes.users):
            pk = first_user + i
            if i < sizes.agents:
                role, structure = Role.ANPTIC_AGENT, self.anptic
            elif i < sizes.agents + 3:
                role, structure = Role.SECRETARIAT, self.mtdpce
            elif i == sizes.agents + 3:
                role, structure = Role.SECRETARY_GENERAL, self.mtdpce
            else:
                role, structure = Role.DSI, self.dsi_structures[i % len(self.dsi_structures)]
            roles[pk], structure_of[pk] = role, structure
            rows.append(
                {
                    "id": pk,
                    "password": password,
                    "first_name": FIRST_NAMES[i % len(FIRST_NAMES)],
                    "last_name": LAST_NAMES[(i * 7) % len(LAST_NAMES)],
                    "email": f"user{i:05d}{BENCH_DOMAIN}",
                    "is_active": True,
                    "date_joined": self.now,
                    "structure_id": structure,
                }
            )
        # The accounts the benchmark logs in with: the first of each role.
        for name, (email, role) in NAMED.items():
            row = next(r for r in rows if roles[r["id"]] == role)
            row["email"] = email
            setattr(self, f"{name}_user", row["id"])
        self._write(User, rows)
        groups = dict(Group.objects.using(self.using).values_list("name", "pk"))
        first = self.loader.next_id(User.groups.through)
        self._write(
            User.groups.through,
            (
                {"id": first + i, "user_id": pk, "group_id": groups[roles[pk].value]}
                for i, pk in enumerate(roles)
            ),
        )
        self.agents = [pk for pk, role in roles.items() if role == Role.ANPTIC_AGENT]
        self.dsis = [pk for pk, role in roles.items() if role == Role.DSI]
        self.structure_of = structure_of
        self.dsis_of = {}
        for pk in self.dsis:
            self.dsis_of.setdefault(structure_of[pk], []).append(pk)
        self.secretariat = self.secretariat_user

    # --- meetings ------------------------------------------------------------------------------

    def _meetings(self):
        sizes, rnd = self.sizes, self.random
        first = self.loader.next_id(Meeting)
        count = sizes.meetings
        # Evenly over the past twelve years, the last few still to come.
        span = 12 * 365
        starts = sorted(
            self.now - timedelta(days=span * (count - 1 - i) / count - 20, hours=rnd.randint(0, 5))
            for i in range(count)
        )
        self.meeting_starts = {}
        meetings = []
        for i, start in enumerate(starts):
            pk = first + i
            start = start.replace(hour=9, minute=0, second=0, microsecond=0)
            self.meeting_starts[pk] = start
            past = start < self.now
            meetings.append(
                {
                    "id": pk,
                    "title": f"Rencontre MTDPCE – DSI n°{i + 1}",
                    "kind": Meeting.Kind.ORDINARY,
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=4),
                    "venue": "Salle de conférence du ministère des Affaires étrangères",
                    "chair_name": "le Ministre",
                    "moderator_name": "le Secrétaire général",
                    "status": Meeting.Status.HELD if past else Meeting.Status.PLANNED,
                    "follows_up_id": pk - 1 if i else None,
                    "created_by_id": self.secretariat,
                    "created_at": start - timedelta(days=30),
                    "updated_at": start - timedelta(days=30),
                }
            )
        past = [m for m in meetings if m["starts_at"] < self.now]
        # The landmarks: the latest past session adopted 200 recommendations; the one before it
        # gathered 100 invitees; the one before has the longest minutes.
        self.report_meeting = past[-1]["id"]
        self.big_meeting = past[-2]["id"]
        self.longest_minutes = past[-3]["id"]
        past[-1]["title"] = REPORT_MEETING_TITLE
        past[-2]["title"] = BIG_MEETING_TITLE
        past[-3]["title"] = LONGEST_MINUTES_TITLE
        self.past_meetings = [m["id"] for m in past]
        self._write(Meeting, meetings)

        first_item = self.loader.next_id(AgendaItem)
        titles = ["État de mise en œuvre des recommandations", "Messagerie professionnelle",
                  "Circuit intégré des missions"]  # fmt: skip
        self._write(
            AgendaItem,
            (
                {
                    "id": first_item + i * len(titles) + position,
                    "meeting_id": m["id"],
                    "position": position,
                    "title": title,
                    "presenter_structure_id": self.anptic,
                    "duration_minutes": 45,
                    "reviews_meeting_id": m["follows_up_id"] if position == 0 else None,
                }
                for i, m in enumerate(meetings)
                for position, title in enumerate(titles)
            ),
        )
        self._invitations(meetings)
        first_minutes = self.loader.next_id(Minutes)
        minutes = [
            {
                "id": first_minutes + i,
                "meeting_id": m["id"],
                "status": Minutes.Status.PUBLISHED,
                "published_at": m["ends_at"] + timedelta(days=3),
                "published_by_id": self.secretariat,
                "published_version": 1,
            }
            for i, m in enumerate(past)
        ]
        self._write(Minutes, minutes)
        first_version = self.loader.next_id(MinutesVersion)
        self._write(
            MinutesVersion,
            (
                {
                    "id": first_version + i,
                    "minutes_id": row["id"],
                    "number": 1,
                    "body": minutes_markdown(self.prose, MINUTES_MAX_CHARS)
                    if row["meeting_id"] == self.longest_minutes
                    else MINUTES_BODY,
                    "author_id": self.secretariat,
                    "created_at": row["published_at"],
                }
                for i, row in enumerate(minutes)
            ),
        )

    def _invitations(self, meetings):
        rnd, sizes = self.random, self.sizes
        first = self.loader.next_id(Invitation)
        rows = []
        others = [pk for pk in self.dsis if pk != self.dsi_user]
        for m in meetings:
            size = sizes.big_meeting_invitees if m["id"] == self.big_meeting else sizes.invitees
            invitees = [self.dsi_user, *rnd.sample(others, min(size, len(others)) - 1)]
            past = m["starts_at"] < self.now
            for invitee in invitees:
                response = rnd.choice(
                    [Invitation.Response.ATTENDING] * 3
                    + [Invitation.Response.DECLINED, Invitation.Response.PENDING]
                )
                attendance = Invitation.Attendance.UNRECORDED
                if past:
                    attendance = (
                        Invitation.Attendance.PRESENT
                        if response == Invitation.Response.ATTENDING
                        else Invitation.Attendance.ABSENT
                    )
                rows.append(
                    {
                        "id": first + len(rows),
                        "meeting_id": m["id"],
                        "invitee_id": invitee,
                        "structure_id": self.structure_of[invitee],
                        "response": response,
                        "responded_at": None
                        if response == Invitation.Response.PENDING
                        else m["created_at"] + timedelta(days=2),
                        "attendance": attendance,
                        "invited_by_id": self.secretariat,
                        "created_at": m["created_at"],
                    }
                )
        self._write(Invitation, rows)

    # --- recommendations ------------------------------------------------------------------------

    def _recommendations(self):
        sizes, rnd = self.sizes, self.random
        themes = list(Theme.objects.using(self.using).values_list("pk", flat=True))
        others = [m for m in self.past_meetings if m != self.report_meeting]
        per_meeting = {self.report_meeting: sizes.report_recommendations}
        rest = sizes.recommendations - sizes.report_recommendations
        for i in range(rest):
            meeting = others[i % len(others)]
            per_meeting[meeting] = per_meeting.get(meeting, 0) + 1
        # The session's rank in its year, for the reference prefix R-<year>-<rank>.
        ranks, seen = {}, {}
        for pk in sorted(self.meeting_starts, key=lambda k: (self.meeting_starts[k], k)):
            year = timezone.localtime(self.meeting_starts[pk]).year
            seen[year] = seen.get(year, 0) + 1
            ranks[pk] = (year, seen[year])
        first_prefix = self.loader.next_id(SessionPrefix)
        prefixes = {pk: f"R-{ranks[pk][0]}-{ranks[pk][1]:02d}" for pk in per_meeting}
        self._write(
            SessionPrefix,
            (
                {"id": first_prefix + i, "meeting_id": pk, "prefix": prefixes[pk]}
                for i, pk in enumerate(sorted(per_meeting))
            ),
        )
        weights = [
            (RecStatus.IMPLEMENTED, 35),
            (RecStatus.IN_PROGRESS, 30),
            (RecStatus.NOT_STARTED, 20),
            (RecStatus.BLOCKED, 8),
            (RecStatus.ABANDONED, 7),
        ]
        statuses = [s for s, w in weights for _ in range(w)]
        first = self.loader.next_id(Recommendation)
        recs = []
        for meeting, count in sorted(per_meeting.items()):
            start = self.meeting_starts[meeting]
            for number in range(1, count + 1):
                status = rnd.choice(statuses)
                progress = {RecStatus.IMPLEMENTED: 100, RecStatus.NOT_STARTED: 0}.get(
                    status, rnd.randrange(10, 95, 5)
                )
                lead = rnd.choice(self.dsi_structures)
                validated = start + timedelta(days=rnd.uniform(30, 900))
                recs.append(
                    {
                        "id": first + len(recs),
                        "reference": f"{prefixes[meeting]}-{number:02d}",
                        "number": number,
                        "text": rnd.choice(RECOMMENDATION_TEXTS) + f" (n°{number})",
                        "meeting_id": meeting,
                        "theme_id": rnd.choice(themes),
                        "lead_structure_id": lead,
                        "focal_person_id": self.dsis_of[lead][0],
                        "priority": rnd.choice(["high", "medium", "low"]),
                        "due_date": timezone.localdate(start)
                        + timedelta(days=rnd.randint(60, 900)),
                        "status": status,
                        "status_reason": "Financement en attente"
                        if status in (RecStatus.BLOCKED, RecStatus.ABANDONED)
                        else "",
                        "progress": progress,
                        "last_validated_at": min(validated, self.now)
                        if status != RecStatus.NOT_STARTED
                        else None,
                        "created_at": start,
                        "updated_at": start,
                    }
                )
        self._write(Recommendation, recs)
        first_contributor = self.loader.next_id(Recommendation.contributors.through)
        self._write(
            Recommendation.contributors.through,
            (
                {
                    "id": first_contributor + i,
                    "recommendation_id": r["id"],
                    "structure_id": rnd.choice(self.dsi_structures),
                }
                for i, r in enumerate(recs)
            ),
        )
        self._updates(recs)

    def _updates(self, recs):
        rnd, per = self.random, self.sizes.updates_per_recommendation
        first = self.loader.next_id(StatusUpdate)
        first_change = self.loader.next_id(Change)

        def updates():
            n = 0
            for i, r in enumerate(recs):
                author = self.dsis_of[r["lead_structure_id"]][0]
                for k in range(per):
                    created = r["created_at"] + timedelta(days=30 * (k + 1) + rnd.uniform(0, 20))
                    # One in 50 waits for the Secretariat's validation (the first one too, so
                    # that the smallest dataset has some).
                    pending = k == per - 1 and i % 50 == 0
                    created = min(created, self.now - timedelta(hours=1))
                    yield {
                        "id": first + n,
                        "recommendation_id": r["id"],
                        "author_id": author,
                        "created_at": created,
                        "status": r["status"] if k == per - 1 else RecStatus.IN_PROGRESS,
                        "progress": min(100, r["progress"] * (k + 1) // per),
                        "comment": rnd.choice(UPDATE_COMMENTS),
                        "state": StatusUpdate.State.PENDING
                        if pending
                        else StatusUpdate.State.VALIDATED,
                        "reviewed_by_id": None if pending else self.secretariat,
                        "reviewed_at": None if pending else created + timedelta(days=2),
                    }
                    n += 1

        self._write(StatusUpdate, updates())
        self._write(
            Change,
            (
                {
                    "id": first_change + i,
                    "recommendation_id": r["id"],
                    "actor_id": self.secretariat,
                    "at": r["created_at"],
                    "field": "status",
                    "old_value": "",
                    "new_value": r["status"],
                }
                for i, r in enumerate(recs)
            ),
        )

    # --- helpdesk -------------------------------------------------------------------------------

    def _tickets(self):
        sizes, rnd = self.sizes, self.random
        categories = list(Category.objects.using(self.using).values_list("pk", flat=True))
        priorities = list(
            Priority.objects.using(self.using).values_list(
                "pk", "response_hours", "resolution_hours"
            )
        )
        first = self.loader.next_id(Ticket)
        # Three years of tickets, oldest first: their numbers follow the filing order.
        moments = sorted(self._ago(0.01, 3 * 365) for _ in range(sizes.tickets))
        numbers = {}
        self.tickets = []
        rows = []
        for i, created in enumerate(moments):
            pk = first + i
            year = timezone.localtime(created).year
            numbers[year] = numbers.get(year, 0) + 1
            requester = rnd.choice(self.dsis)
            if i == len(moments) - 1:
                requester = self.dsi_user
            age_days = (self.now - created).total_seconds() / 86400
            status = self._ticket_status(age_days)
            priority, response_hours, resolution_hours = rnd.choice(priorities)
            responded = None
            if status != Status.NEW:
                responded = created + timedelta(hours=rnd.uniform(0.2, float(response_hours) * 2))
            resolved = None
            if status in (Status.RESOLVED, Status.CLOSED):
                resolved = created + timedelta(hours=rnd.uniform(1, float(resolution_hours) * 3))
            closed = resolved + timedelta(days=3) if status == Status.CLOSED else None
            paused = resolved if status == Status.RESOLVED else None
            if status == Status.WAITING:
                paused = created + timedelta(hours=1)
            assignee = None
            if status != Status.NEW or rnd.random() < 0.3:
                assignee = rnd.choice(self.agents)
            last = min(closed or resolved or responded or created, self.now)
            rows.append(
                {
                    "id": pk,
                    "reference": f"HD-{year}-{numbers[year]:05d}",
                    "title": rnd.choice(TICKET_SUBJECTS),
                    "description": rnd.choice(MESSAGE_BODIES),
                    "requester_id": requester,
                    "structure_id": self.structure_of[requester],
                    "category_id": rnd.choice(categories),
                    "priority_id": priority,
                    "status": status,
                    "assignee_id": assignee,
                    "created_at": created,
                    "updated_at": last,
                    "response_due_at": created + timedelta(hours=float(response_hours) * 2),
                    "resolution_due_at": created + timedelta(hours=float(resolution_hours) * 2.5),
                    "first_response_at": responded,
                    "resolved_at": resolved,
                    "closed_at": closed,
                    "paused_since": paused,
                    "paused_working_time": timedelta(0),
                    "satisfaction": rnd.randint(1, 5)
                    if status == Status.CLOSED and rnd.random() < 0.4
                    else None,
                }
            )
        # The landmark: the newest ticket, of the benchmark DSI, holds the long conversation.
        rows[-1]["title"] = LONG_TICKET_TITLE
        rows[-1]["created_at"] = self.now - timedelta(days=3)
        rows[-1]["status"] = Status.IN_PROGRESS
        rows[-1]["assignee_id"] = self.agent_user
        # The largest ticket a DSI can write, the one before it: see _messages for its replies.
        largest = rows[-2]
        largest.update(
            title=LARGEST_TICKET_TITLE,
            description=french_text(self.prose, TEXT_MAX_CHARS),
            requester_id=self.dsi_user,
            structure_id=self.structure_of[self.dsi_user],
            created_at=self.now - timedelta(days=10),
            updated_at=self.now - timedelta(hours=1),
            status=Status.IN_PROGRESS,
            assignee_id=self.agent_user,
            first_response_at=self.now - timedelta(days=10, hours=-1),
            resolved_at=None,
            closed_at=None,
            paused_since=None,
            satisfaction=None,
        )
        self.tickets = [
            (r["id"], r["requester_id"], r["assignee_id"], r["created_at"]) for r in rows
        ]
        self._write(Ticket, rows)
        self._write(TicketCounter, ({"year": year, "last": last} for year, last in numbers.items()))
        first_event = self.loader.next_id(Event)
        long_ticket = rows[-1]
        self._write(
            Event,
            (
                {
                    "id": first_event + k,
                    "ticket_id": long_ticket["id"],
                    "actor_id": self.agent_user,
                    "at": long_ticket["created_at"] + timedelta(minutes=k),
                    "field": "status",
                    "old_value": Status.OPEN,
                    "new_value": Status.IN_PROGRESS,
                }
                for k in range(10)
            ),
        )

    def _ticket_status(self, age_days):
        roll = self.random.random()
        if age_days > 14:
            if roll < 0.97:
                return Status.CLOSED
            if roll < 0.98:
                return Status.RESOLVED
            return self.random.choice([Status.OPEN, Status.IN_PROGRESS, Status.WAITING])
        return self.random.choice(
            [Status.NEW, Status.OPEN, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED]
        )

    def _messages(self):
        sizes = self.sizes
        first = self.loader.next_id(Message)
        bodies = MESSAGE_BODIES

        def messages():
            n = 0
            last = len(self.tickets) - 1
            for i, (ticket, requester, assignee, created) in enumerate(self.tickets):
                count = sizes.long_ticket_messages if i == last else sizes.messages_per_ticket
                largest = i == last - 1
                if largest:
                    count = LARGEST_TICKET_MESSAGES
                agent = assignee or self.agents[0]
                # Replies every 20 minutes, closer together for a ticket filed moments ago.
                step = min(timedelta(minutes=20), (self.now - created) / (count + 1))
                for k in range(count):
                    internal = k % 5 == 3 and not largest
                    yield {
                        "id": first + n,
                        "ticket_id": ticket,
                        "author_id": agent if internal or k % 2 else requester,
                        "body": french_text(self.prose, TEXT_MAX_CHARS)
                        if largest
                        else bodies[(i + k) % len(bodies)],
                        "is_internal": internal,
                        "created_at": created + step * (k + 1),
                    }
                    n += 1

        self._write(Message, messages())
