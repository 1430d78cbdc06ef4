from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from core.formats import percent
from core.models import FieldChange, StoredFile
from core.text import RECOMMENDATION_MAX_CHARS, TEXT_MAX_CHARS, no_bidi_controls
from meetings.models import AgendaItem, Meeting


class Theme(models.Model):
    """A subject the recommendations are grouped by (editable reference data)."""

    name = models.CharField(_("nom"), max_length=150, unique=True, validators=[no_bidi_controls])
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_CHARS)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name


class SessionPrefix(models.Model):
    """The first part of the references of a session's recommendations (``R-2022-01``), fixed
    when its first recommendation is recorded. The session's rank among the year's sessions may
    change afterwards (a session added earlier, one cancelled or re-dated); the references
    already given must not."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="reference_prefix"
    )
    prefix = models.CharField(max_length=20, unique=True)

    class Meta:
        verbose_name = _("préfixe de référence")
        verbose_name_plural = _("préfixes de référence")

    def __str__(self):
        return self.prefix


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Non démarrée")
    IN_PROGRESS = "in_progress", _("En cours")
    IMPLEMENTED = "implemented", _("Mise en œuvre")
    ABANDONED = "abandoned", _("Abandonnée")
    BLOCKED = "blocked", _("Bloquée")


CLOSED_STATUSES = (Status.IMPLEMENTED, Status.ABANDONED)


def progress_recorded(status, progress):
    """The progress a recommendation takes with ``status``: "implemented" means 100 %, whatever
    was declared (a validated update, the edit form and the import all apply it)."""
    return 100 if status == Status.IMPLEMENTED else progress


class Priority(models.TextChoices):
    HIGH = "high", _("Haute")
    MEDIUM = "medium", _("Moyenne")
    LOW = "low", _("Basse")


# Lateness is counted in weeks from the day after the due date: the first week late is when
# the digest lists a recommendation as "devenue en retard cette semaine" and when the first
# overdue reminder leaves, then one reminder a week (``Recommendation.overdue_week``).
OVERDUE_WEEK_DAYS = 7


def _open():
    return ~Q(status__in=CLOSED_STATUSES)


def _overdue(today):
    """Open, and the due date has passed: the one definition of "overdue"."""
    return _open() & Q(due_date__lt=today)


def _stale(now):
    """Open, and no validated update (nor creation) for RECOMMENDATION_STALE_DAYS."""
    since = now - timedelta(days=settings.RECOMMENDATION_STALE_DAYS)
    return _open() & (
        Q(last_validated_at__lt=since) | Q(last_validated_at__isnull=True, created_at__lt=since)
    )


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every signed-in user reads every recommendation (DESIGN.md); writes are scoped."""
        if not user.is_authenticated:
            return self.none()
        return self

    def with_states(self, *, now=None):
        """Annotate the derived states in the database so lists filter and sort on them:
        ``is_overdue``, ``days_late`` and ``is_stale``, at ``now`` (by default, now).

        "Today" and "now" are Python's (django.utils.timezone), passed in as values: the
        database's own clock (NOW(), CURRENT_DATE) is UTC on SQLite, may drift from the web
        server's, and would disagree with ``is_overdue`` read elsewhere (e-mails, reminders)."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        return self.annotate(
            is_overdue=Case(
                When(_overdue(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            is_stale=Case(
                When(_stale(now), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        ).annotate(
            days_late=Case(
                When(
                    is_overdue=True,
                    then=ExpressionWrapper(
                        Value(today, output_field=models.DateField()) - F("due_date"),
                        output_field=models.DurationField(),
                    ),
                ),
                default=None,
                output_field=models.DurationField(),
            )
        )

    def open(self):
        return self.filter(_open())

    def overdue(self, *, today=None):
        """Overdue on ``today`` (the portal's date by default), as ``is_overdue`` says."""
        return self.filter(_overdue(today or timezone.localdate()))

    def newly_overdue(self, *, today=None):
        """Overdue, in their first week late (``overdue_week`` 0): due at most
        OVERDUE_WEEK_DAYS days before ``today``."""
        today = today or timezone.localdate()
        return self.overdue(today=today).filter(
            due_date__gte=today - timedelta(days=OVERDUE_WEEK_DAYS)
        )

    def escalated(self, *, today=None):
        """Overdue for more than RECOMMENDATION_ESCALATION_DAYS days."""
        today = today or timezone.localdate()
        return self.overdue(today=today).filter(
            due_date__lt=today - timedelta(days=settings.RECOMMENDATION_ESCALATION_DAYS)
        )


class Recommendation(models.Model):
    reference = models.CharField(_("référence"), max_length=30, unique=True, editable=False)
    # The recommendation's number within its session, the last part of the reference.
    number = models.PositiveIntegerField(editable=False)
    text = models.TextField(_("recommandation"), max_length=RECOMMENDATION_MAX_CHARS)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.PROTECT, related_name="recommendations"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point de l'ordre du jour"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("thème"), on_delete=models.PROTECT, related_name="recommendations"
    )
    lead_structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure pilote"),
        on_delete=models.PROTECT,
        related_name="led_recommendations",
    )
    contributors = models.ManyToManyField(
        Structure,
        verbose_name=_("structures contributrices"),
        blank=True,
        related_name="contributed_recommendations",
    )
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("point focal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_recommendations",
    )
    priority = models.CharField(
        _("priorité"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    status_reason = models.TextField(
        _("motif"),
        blank=True,
        max_length=TEXT_MAX_CHARS,
        help_text=_("Pourquoi elle est abandonnée, ou ce qui la bloque."),
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    last_validated_at = models.DateTimeField(
        _("dernière mise à jour validée"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="recommendations_progress_at_most_100"
            ),
            models.UniqueConstraint(
                fields=["meeting", "number"], name="recommendations_number_once_per_session"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["lead_structure", "status"]),
            # The list by due date, and the overdue ones latest first: read in order, 25 rows at a
            # time, rather than every row sorted (68 ms at scale 1, three times that at scale 3).
            models.Index(fields=["due_date", "reference"], name="recommendations_soonest_due"),
            # The newest change: the fingerprint of the cached dashboard figures.
            models.Index(fields=["-updated_at"], name="recommendations_last_change"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.text[:80]}"

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def overdue_week(self):
        """0 in the first OVERDUE_WEEK_DAYS days late (the day after the due date to a week
        after it), 1 in the next ones, and so on; None when not overdue. Reads ``days_late``
        (``with_states``)."""
        if self.days_late is None:
            return None
        return (self.days_late.days - 1) // OVERDUE_WEEK_DAYS

    def meetings_for_review(self):
        """The sessions at which an update of this recommendation may be reviewed: those not
        cancelled, held at or after the session that adopted it."""
        return (
            Meeting.objects.filter(starts_at__gte=self.meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at", "pk")
        )

    def has_validated_evidence(self):
        """At least one file proves a validated update: what "implemented" needs."""
        return Evidence.objects.filter(
            update__recommendation=self, update__state=StatusUpdate.State.VALIDATED
        ).exists()


class StatusUpdateQuerySet(models.QuerySet):
    def awaiting_resubmission(self, structure_id):
        """The rejected updates sent from the structure that it has not followed with another
        update of the same recommendation: what its DSIs may still correct and send again."""
        later = StatusUpdate.objects.filter(
            recommendation_id=OuterRef("recommendation_id"), author__structure_id=structure_id
        ).filter(
            Q(created_at__gt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
        )
        return self.filter(
            state=StatusUpdate.State.REJECTED, author__structure_id=structure_id
        ).exclude(Exists(later))


class StatusUpdate(models.Model):
    """One entry of a recommendation's timeline: a DSI's (or the Secretariat's) report.

    Append-only; a DSI's update is pending until the Secretariat validates or rejects it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        VALIDATED = "validated", _("Validée")
        REJECTED = "rejected", _("Rejetée")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("nouveau statut"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("commentaire"), max_length=TEXT_MAX_CHARS)
    status_reason = models.TextField(
        _("motif (abandon ou blocage)"), blank=True, max_length=TEXT_MAX_CHARS
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("motif du rejet"), blank=True, max_length=TEXT_MAX_CHARS)
    reviewed_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("examinée lors de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_updates",
    )

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The Secretariat's validation queue: the few pending among 100,000 updates.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(state="pending"),
                name="recommendations_update_pending",
            ),
        ]

    def __str__(self):
        progress = percent(self.progress)
        return f"{self.recommendation.reference} — {self.get_status_display()} ({progress})"

    @property
    def recorded_progress(self):
        """The progress the recommendation will take if this update is validated."""
        return progress_recorded(self.status, self.progress)

    @property
    def progress_completed(self):
        """Declared implemented below 100 %: validating records 100 %, which the Secretariat is
        told before validating and the history says."""
        return self.recorded_progress != self.progress


class Evidence(StoredFile):
    """A file that proves an update."""

    upload_prefix = "evidence"

    update = models.ForeignKey(StatusUpdate, on_delete=models.CASCADE, related_name="evidence")


class Change(FieldChange):
    """The audit trail: every change to a recommendation, who made it and when."""

    target_field = "recommendation"
    FIELD_LABELS = {"contributors": _("structures contributrices")}
    # The recommendation's page has always named fields as its form does, in lower case.
    CAPITALISE_LABELS = False

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="changes"
    )
    # Why the value is not the one asked for (an update declared implemented below 100 %).
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(FieldChange.Meta):
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.recommendation.reference}: {self.field}"
