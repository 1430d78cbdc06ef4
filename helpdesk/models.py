from datetime import time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure, works_helpdesk_queue
from core.formats import formatted, hours
from core.models import FieldChange, StoredFile
from core.text import TEXT_MAX_CHARS, no_bidi_controls

# Only those who work the queue may receive a category's tickets: a DSI would see other
# structures' work. A callable, evaluated when a form is built.
AGENTS_ONLY = works_helpdesk_queue


class Category(models.Model):
    """What a ticket is about (a shared service); new tickets go to its assignee or team."""

    name = models.CharField(_("nom"), max_length=150, unique=True, validators=[no_bidi_controls])
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_CHARS)
    default_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent par défaut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=AGENTS_ONLY,
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("équipe"),
        blank=True,
        limit_choices_to=AGENTS_ONLY,
        related_name="helpdesk_categories",
        help_text=_(
            "Les agents prévenus des nouvelles demandes s'il n'y a pas d'agent par défaut."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def __str__(self):
        return self.name


class Priority(models.Model):
    """A priority with its SLA targets, counted in working hours of the calendar."""

    name = models.CharField(_("nom"), max_length=50, unique=True, validators=[no_bidi_controls])
    rank = models.PositiveSmallIntegerField(
        _("rang"), default=0, help_text=_("1 = la plus urgente.")
    )
    response_hours = models.DecimalField(
        _("délai de première réponse (heures ouvrées)"), max_digits=6, decimal_places=2
    )
    resolution_hours = models.DecimalField(
        _("délai de résolution (heures ouvrées)"), max_digits=6, decimal_places=2
    )

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("priorité")
        verbose_name_plural = _("priorités")

    def __str__(self):
        return self.name

    def with_deadlines(self):
        """ "Haute — réponse sous 2 h, résolution sous 8 h": what a requester choosing it is
        promised, in working hours."""
        return _("%(name)s — réponse sous %(response)s, résolution sous %(resolution)s") % {
            "name": self.name,
            "response": hours(self.response_hours),
            "resolution": hours(self.resolution_hours),
        }


class WorkingPeriod(models.Model):
    """One span of working time on a weekday (a day may have a morning and an afternoon).

    An end at 00:00 means midnight, the end of the day, so that night shifts and round-the-clock
    days can be described (00:00–00:00 is the whole day).
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Lundi")
        TUESDAY = 1, _("Mardi")
        WEDNESDAY = 2, _("Mercredi")
        THURSDAY = 3, _("Jeudi")
        FRIDAY = 4, _("Vendredi")
        SATURDAY = 5, _("Samedi")
        SUNDAY = 6, _("Dimanche")

    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    starts = models.TimeField(_("début"))
    ends = models.TimeField(_("fin"), help_text=_("00:00 signifie minuit, la fin de la journée."))

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("plage de travail")
        verbose_name_plural = _("plages de travail")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")) | Q(ends=time(0)),
                name="helpdesk_period_ends_after_start",
                violation_error_message=_(
                    "La fin de la plage doit suivre son début (00:00 pour minuit)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.hours}"

    @property
    def hours(self):
        return f"{formatted(self.starts, 'time')}–{formatted(self.ends, 'time')}"

    @property
    def ends_after_start(self):
        """The end as a duration since the start of the day: 00:00 is 24 hours."""
        return _since_midnight(self.ends) or timedelta(days=1)

    def clean(self):
        if self.starts is None or self.ends is None or self.weekday is None:
            return
        starts = _since_midnight(self.starts)
        for other in WorkingPeriod.objects.filter(weekday=self.weekday).exclude(pk=self.pk):
            if starts < other.ends_after_start and _since_midnight(other.starts) < (
                self.ends_after_start
            ):
                raise ValidationError(
                    _("Cette plage chevauche la plage %(other)s du même jour.")
                    % {"other": other.hours}
                )


def _since_midnight(moment):
    return timedelta(hours=moment.hour, minutes=moment.minute, seconds=moment.second)


class Holiday(models.Model):
    """A public holiday of Burkina Faso: no SLA time runs on it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("nom"), max_length=150, validators=[no_bidi_controls])

    class Meta:
        ordering = ["date"]
        verbose_name = _("jour férié")
        verbose_name_plural = _("jours fériés")

    def __str__(self):
        return f"{formatted(self.date, 'date_numeric')} — {self.name}"


class Status(models.TextChoices):
    NEW = "new", _("Nouvelle")
    OPEN = "open", _("Ouverte")
    IN_PROGRESS = "in_progress", _("En cours")
    WAITING = "waiting", _("En attente du demandeur")
    RESOLVED = "resolved", _("Résolue")
    CLOSED = "closed", _("Clôturée")


DONE_STATUSES = (Status.RESOLVED, Status.CLOSED)
# The SLA clock stops while the ticket waits for the requester and while it is resolved (a
# reopened ticket gets back the time it spent resolved).
PAUSED_STATUSES = (Status.WAITING, Status.RESOLVED)

STILL_TO_DO = ~Q(status__in=DONE_STATUSES)
NOBODYS = Q(assignee__isnull=True)

# The only status moves the transition service allows; staying in the same status is a no-op.
# The rules: nothing goes back to "new"; an agent may close a ticket from any status, since
# closing an unresolved ticket is how a request is rejected or closed as a duplicate; a resolved
# ticket can only be reopened (to "open") or closed; a closed ticket is final.
TRANSITIONS = {
    Status.NEW: {Status.OPEN, Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.OPEN: {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED},
    Status.WAITING: {Status.OPEN, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED},
    Status.RESOLVED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: set(),
}


class TicketCounter(models.Model):
    """The last ticket number of a year; its row is locked while a reference is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agents and superusers see the whole queue; a DSI their structure's tickets."""
        from .permissions import follows_structure_tickets, sees_whole_queue

        if not user.is_authenticated:
            return self.none()
        if sees_whole_queue(user):
            return self
        if follows_structure_tickets(user):
            return self.filter(structure_id=user.structure_id)
        return self.filter(requester=user)

    def with_sla_state(self, now=None):
        """Annotate ``sla_state`` (a ``SlaState`` value) at ``now``, by default the current
        time: the database evaluates ``sla_conditions``; ``Ticket.sla`` reads it."""
        conditions = sla_conditions(now or timezone.now())
        return self.annotate(
            sla_state=models.Case(
                models.When(conditions[SlaState.BREACHED], then=models.Value(SlaState.BREACHED)),
                models.When(conditions[SlaState.AT_RISK], then=models.Value(SlaState.AT_RISK)),
                default=models.Value(SlaState.ON_TIME),
                output_field=models.CharField(),
            )
        )

    def in_sla_state(self, state, now=None):
        """The tickets in one SLA state at ``now``, as plain conditions on columns (the covering
        index of migration 0010 answers them without computing the state of every row)."""
        return self.filter(sla_conditions(now or timezone.now())[SlaState(state)])

    def sla_breached(self, now=None):
        return self.in_sla_state(SlaState.BREACHED, now)

    def with_missed_deadlines(self, now=None):
        """Annotate ``response_missed``, ``resolution_missed`` and ``resolution_at_risk``
        (``deadline_conditions`` at ``now``): what the SLA alerts read."""
        deadlines = deadline_conditions(now or timezone.now())
        return self.annotate(
            **{
                name: models.ExpressionWrapper(deadlines[name], output_field=models.BooleanField())
                for name in ("response_missed", "resolution_missed", "resolution_at_risk")
            }
        )

    def active(self):
        """Not resolved nor closed: the work still to do (the queue's ``?status=active``)."""
        return self.filter(STILL_TO_DO)

    def overdue(self, now=None):
        """Still to do and past an SLA deadline (the queue's ``?view=breached``)."""
        return self.filter(backlog_conditions(now or timezone.now())["overdue"])

    def unassigned(self):
        """Still to do and nobody's (the queue's ``?view=unassigned``)."""
        return self.filter(STILL_TO_DO & NOBODYS)

    def awaiting_requester(self):
        """The requester's side has the next move: an answer the agent asked for ("waiting"),
        or a resolution to confirm or reopen ("resolved", until it closes by itself) — the
        statuses that pause the SLA clock."""
        return self.filter(status__in=PAUSED_STATUSES)

    def backlog_counts(self, now=None, **extra):
        """The backlog in one query: ``active``, ``overdue``, ``waiting`` and ``unassigned``
        (``backlog_conditions``), plus the ``extra`` counts asked for. Only the tickets still to
        do are read (a partial index holds them)."""
        conditions = backlog_conditions(now or timezone.now())
        return self.filter(conditions["active"]).aggregate(
            **{
                name: models.Count("pk", filter=condition) for name, condition in conditions.items()
            },
            **extra,
        )


class SlaState(models.TextChoices):
    """Where a ticket stands against its SLA; ``sla_conditions`` says which tickets are in
    each state, the ``sla_badge`` template tag draws it."""

    ON_TIME = "on_time", _("Dans les délais")
    AT_RISK = "at_risk", _("Échéance proche")
    BREACHED = "breached", _("Délai dépassé")


def deadline_conditions(now):
    """The SLA's deadlines at ``now``, as ORM conditions: the one definition of a met and of
    a missed deadline, read by the SLA state, the alerts, the statistics and the digest.

    The SLA clock of a ticket stands at the start of its pause (waiting or resolved), at its
    resolution once closed, and at ``now`` otherwise. The first response is missed when it
    came late, or has not come by the response due time; the resolution is missed when the
    clock is past the resolution due time (resolved late, or not resolved in time). The
    resolution is at risk when the clock runs and it is due within ``HELPDESK_AT_RISK_HOURS``
    clock hours, not working hours, so the database can tell: with 4 hours, a ticket due on
    Monday at 8:00 is at risk from Monday 4:00, not from Friday 14:00.

    Written on the columns themselves (no COALESCE of the clock compared per row), so that
    PostgreSQL evaluates them on the entries of the covering index of migration 0010.
    """
    soon = now + timedelta(hours=settings.HELPDESK_AT_RISK_HOURS)
    stopped_at = Coalesce("paused_since", "resolved_at")
    stopped = Q(paused_since__isnull=False) | Q(resolved_at__isnull=False)
    running = Q(paused_since__isnull=True, resolved_at__isnull=True)
    unanswered = Q(first_response_at__isnull=True)
    resolution_missed = (stopped & Q(resolution_due_at__lt=stopped_at)) | (
        running & Q(resolution_due_at__lt=now)
    )
    return {
        "response_met": Q(first_response_at__lte=F("response_due_at")),
        "resolution_met": Q(resolved_at__lte=F("resolution_due_at")),
        "response_missed": Q(first_response_at__gt=F("response_due_at"))
        | (unanswered & stopped & Q(response_due_at__lt=stopped_at))
        | (unanswered & running & Q(response_due_at__lt=now)),
        "resolution_missed": resolution_missed,
        "resolution_at_risk": running & Q(resolution_due_at__gte=now, resolution_due_at__lt=soon),
    }


def sla_conditions(now):
    """``{SlaState: condition}`` at ``now``; the states exclude each other. A ticket is
    breached when it missed a deadline (``deadline_conditions``), at risk when its resolution
    is, on time otherwise."""
    deadlines = deadline_conditions(now)
    breached = deadlines["response_missed"] | deadlines["resolution_missed"]
    at_risk = ~breached & deadlines["resolution_at_risk"]
    return {
        SlaState.BREACHED: breached,
        SlaState.AT_RISK: at_risk,
        SlaState.ON_TIME: ~breached & ~deadlines["resolution_at_risk"],
    }


def backlog_conditions(now):
    """The figures of the backlog, each the condition of the queue's link that lists them:
    still to do (``?status=active``), overdue (``?view=breached``), waiting for the requester
    (``?status=waiting``), unassigned (``?view=unassigned``)."""
    return {
        "active": STILL_TO_DO,
        "overdue": STILL_TO_DO & sla_conditions(now)[SlaState.BREACHED],
        "waiting": Q(status=Status.WAITING),
        "unassigned": STILL_TO_DO & NOBODYS,
    }


class Ticket(models.Model):
    reference = models.CharField(_("référence"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("objet"), max_length=200, validators=[no_bidi_controls])
    description = models.TextField(_("description"), max_length=TEXT_MAX_CHARS)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.PROTECT, related_name="tickets"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="tickets"
    )
    priority = models.ForeignKey(
        Priority, verbose_name=_("priorité"), on_delete=models.PROTECT, related_name="tickets"
    )
    # The priority's rank on the ticket's row, so that the queue sorted by priority walks an
    # index instead of sorting every ticket (issue 18). Written by the database alone: the
    # triggers of migration 0019 set it on every insert and change of ``priority_id`` (a wrong
    # value written by anyone is put right) and when a priority's rank changes, whoever writes
    # (a service, ``QuerySet.update``, ``bulk_create``, the admin, raw SQL). It is for ordering
    # only: a Python instance's value is None once created and stale once its priority or the
    # priority's rank changes; read ``priority.rank``, or ``refresh_from_db()`` first.
    priority_rank = models.PositiveSmallIntegerField(null=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        verbose_name=_("recommandation liée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionnée dans"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    response_due_at = models.DateTimeField(_("première réponse attendue avant"))
    resolution_due_at = models.DateTimeField(_("résolution attendue avant"))
    first_response_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    # While waiting for the requester or resolved the SLA clock stops; the due times move on by
    # the working time paused when the clock starts again, and that time adds up here.
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_working_time = models.DurationField(
        _("temps suspendu (heures ouvrées)"), default=timedelta(0), editable=False
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(
        _("commentaire sur le service"), blank=True, max_length=TEXT_MAX_CHARS
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande d'assistance")
        verbose_name_plural = _("demandes d'assistance")
        # What each index is for: docs/performance.md. The full-text GIN indexes of the search
        # exist on PostgreSQL only (migration 0009), so they are not declared here.
        indexes = [
            models.Index(fields=["status", "resolution_due_at"]),
            models.Index(fields=["structure", "-created_at"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["-created_at", "-id"], name="helpdesk_ticket_newest"),
            models.Index(fields=["-updated_at", "-id"], name="helpdesk_ticket_last_change"),
            models.Index(fields=["category", "-created_at"], name="helpdesk_ticket_category_new"),
            models.Index(fields=["structure", "-updated_at"], name="helpdesk_ticket_struct_change"),
            models.Index(
                fields=["assignee", "resolution_due_at"],
                condition=~Q(status__in=["resolved", "closed"]),
                name="helpdesk_ticket_active_due",
            ),
            # The queue sorted by priority (``priority_rank``, then the deadline) walks these
            # and stops at the page: every status, and (partial) the active tickets the queue
            # opens on, which the first would find only after the years of closed ones
            # (issue 18).
            models.Index(
                fields=["priority_rank", "resolution_due_at", "id"],
                name="helpdesk_ticket_priority",
            ),
            models.Index(
                fields=["priority_rank", "resolution_due_at", "id"],
                condition=~Q(status__in=["resolved", "closed"]),
                name="helpdesk_ticket_active_prio",
            ),
            # The queue sorted by resolution deadline walks this index and stops at the page
            # (issue 18: 1,087 ms → 69 ms over 900,000 tickets, every status, search or not).
            models.Index(fields=["resolution_due_at", "id"], name="helpdesk_ticket_due"),
            # The queue's tab counts (backlog_counts: active, overdue, waiting, unassigned,
            # mine) read the active tickets from this index alone (issue 18: an index-only
            # scan, 8 ms instead of 25 ms for 27,000 active tickets at scale 3). INCLUDE is
            # PostgreSQL's; elsewhere the index is the partial one on status.
            models.Index(
                fields=["status"],
                include=[
                    "assignee",
                    "first_response_at",
                    "response_due_at",
                    "resolution_due_at",
                    "paused_since",
                    "resolved_at",
                    "id",
                ],
                condition=~Q(status__in=["resolved", "closed"]),
                name="helpdesk_ticket_backlog",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="helpdesk_satisfaction_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def sla(self):
        """The ``SlaState`` annotated by ``TicketQuerySet.with_sla_state``."""
        try:
            return SlaState(self.sla_state)
        except AttributeError:
            raise AttributeError(
                "Ticket.sla reads the annotation of Ticket.objects.with_sla_state()"
            ) from None

    @property
    def is_done(self):
        return self.status in DONE_STATUSES

    @property
    def reopen_until(self):
        """Until when the requester's side may reopen the resolved ticket (None if not resolved)."""
        if self.status != Status.RESOLVED or self.resolved_at is None:
            return None
        return self.resolved_at + timedelta(days=settings.HELPDESK_REOPEN_DAYS)


class Message(models.Model):
    """A public reply (seen by the requester) or an internal note (agents only)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=TEXT_MAX_CHARS)
    is_internal = models.BooleanField(_("note interne"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.ticket.reference} — {formatted(self.created_at, 'datetime_numeric')}"


class Attachment(StoredFile):
    upload_prefix = "helpdesk"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    @property
    def is_internal(self):
        return bool(self.message_id and self.message.is_internal)


class Event(FieldChange):
    """The history of a ticket: every change, who made it and when."""

    target_field = "ticket"
    FIELD_LABELS = {
        "status": _("Statut"),
        "assignee": _("Agent"),
        "taken": _("Prise en charge"),
        "category": _("Catégorie"),
        "priority": _("Priorité"),
        "satisfaction": _("Satisfaction"),
        "merged_into": _("Fusionnée dans"),
        "merged": _("Demande fusionnée ici"),
    }

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")

    class Meta(FieldChange.Meta):
        pass

    def __str__(self):
        return f"{self.ticket.reference}: {self.field}"


class CannedReply(models.Model):
    title = models.CharField(_("titre"), max_length=150, unique=True, validators=[no_bidi_controls])
    body = models.TextField(_("texte"), max_length=TEXT_MAX_CHARS)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("réponse type")
        verbose_name_plural = _("réponses types")

    def __str__(self):
        return self.title
