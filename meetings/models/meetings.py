"""A session, its history of dates and statuses, and its agenda."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from accounts.roles import Role
from core.models import AuditEntry
from core.text import TEXT_MAX_CHARS, no_bidi_controls

# Newest first, undated meetings (still to be scheduled) last on every database: PostgreSQL
# puts NULLs first in a descending order, SQLite last.
NEWEST_FIRST = (F("starts_at").desc(nulls_last=True), "-pk")


def _invited_ids(user):
    """The ids of the meetings the user is invited to, by the one rule of invitation: the user
    is on the list, or the user is a DSI of a structure on it through one of its DSIs
    (``InvitationQuerySet.for_structure``). Index lookups on the invitations, each a queryset of
    meeting ids for a UNION: an OR across their join read every invitation of every meeting
    (9,000 at scale 1) for each list of the user's meetings."""
    from accounts.permissions import has_role

    from .invitations import Invitation

    lookups = [Invitation.objects.filter(invitee=user).order_by().values("meeting_id")]
    if user.structure_id and has_role(user, Role.DSI):
        lookups.append(
            Invitation.objects.for_structure()
            .filter(structure_id=user.structure_id)
            .order_by()
            .values("meeting_id")
        )
    return lookups


class MeetingQuerySet(models.QuerySet):
    def participated_by(self, user):
        """The meetings the user takes part in: every meeting for coordination, otherwise those
        the user, or the user's structure, is invited to."""
        from ..permissions import sees_all_meetings

        if not user.is_authenticated:
            return self.none()
        if sees_all_meetings(user):
            return self
        first, *others = _invited_ids(user)
        return self.filter(pk__in=first.union(*others, all=True))

    def visible_to(self, user):
        """The meetings the user takes part in, and every meeting whose minutes are published
        (their minutes are for every signed-in user; the rest of the meeting is not: see
        ``permissions.is_participant``)."""
        from ..permissions import sees_all_meetings
        from .minutes import Minutes

        if not user.is_authenticated:
            return self.none()
        if sees_all_meetings(user):
            return self
        published = (
            Minutes.objects.filter(status__in=Minutes.PUBLIC_STATUSES)
            .order_by()
            .values("meeting_id")
        )
        first, *others = _invited_ids(user)
        return self.filter(pk__in=first.union(*others, published, all=True))

    def with_rank(self):
        """Annotate ``rank``: the meeting's place among the year's meetings that were not
        cancelled ("2ème rencontre 2022"), derived from the dates, never typed."""
        earlier = (
            Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
            .annotate(year=ExtractYear("starts_at"))
            .filter(year=ExtractYear(OuterRef("starts_at")))
            .filter(
                Q(starts_at__lt=OuterRef("starts_at"))
                | Q(starts_at=OuterRef("starts_at"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("year")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            rank=Case(
                When(Q(starts_at__isnull=True) | Q(status=Meeting.Status.CANCELLED), then=None),
                default=Subquery(earlier),
            )
        )

    def upcoming(self):
        """The meetings still ahead: dated, not started yet, neither held nor cancelled. The
        one rule, in SQL; ``Meeting.is_upcoming`` is its Python twin (answers, reminders)."""
        return self.filter(starts_at__gt=timezone.now()).exclude(status__in=Meeting.OVER)

    def past(self):
        return self.filter(starts_at__lt=timezone.now())


class Meeting(models.Model):
    """A session between the MTDPCE and the DSIs."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinaire")
        EXTRAORDINARY = "extraordinary", _("Extraordinaire")
        THEMATIC = "thematic", _("Thématique")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        HELD = "held", _("Tenue")
        CANCELLED = "cancelled", _("Annulée")
        POSTPONED = "postponed", _("Reportée")

    # A meeting in one of these statuses is over, whatever its date says.
    OVER = (Status.HELD, Status.CANCELLED)

    title = models.CharField(_("intitulé"), max_length=255, validators=[no_bidi_controls])
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    venue = models.CharField(_("lieu"), max_length=255, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("président de séance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chair_name = models.CharField(
        _("président de séance (texte libre)"),
        max_length=255,
        validators=[no_bidi_controls],
        blank=True,
        help_text=_(
            "Si la personne n'a pas de compte sur le portail, par exemple « le Ministre »."
        ),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modérateur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderator_name = models.CharField(
        _("modérateur (texte libre)"), max_length=255, blank=True, validators=[no_bidi_controls]
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    follows_up = models.ForeignKey(
        "self",
        verbose_name=_("session suivie"),
        help_text=_("La session précédente dont cette réunion examine les recommandations."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_CHARS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = list(NEWEST_FIRST)
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="meetings_meeting_ends_after_start",
                violation_error_message=_("La fin de la réunion doit suivre son début."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def chair_display(self):
        return str(self.chair) if self.chair_id else self.chair_name

    @property
    def moderator_display(self):
        return str(self.moderator) if self.moderator_id else self.moderator_name

    @property
    def rank_label(self):
        """Needs the ``rank`` annotation (``Meeting.objects.with_rank()``)."""
        rank = getattr(self, "rank", None)
        year = timezone.localtime(self.starts_at).year if self.starts_at else None
        return rank_label(rank, year)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self):
        """Undated meetings have not started; the minutes and "held" wait for the start."""
        return bool(self.starts_at and self.starts_at <= timezone.now())

    @property
    def is_upcoming(self):
        """Still ahead: dated, not started yet, neither held nor cancelled. The Python twin of
        ``Meeting.objects.upcoming()``: a meeting asks for answers
        (``permissions.answers_closed``) and sends reminders only while it is upcoming."""
        return bool(
            self.starts_at and self.starts_at > timezone.now() and self.status not in self.OVER
        )

    @property
    def can_be_marked_held(self):
        return self.has_started and self.status not in self.OVER


def rank_label(rank, year):
    """ "1ère rencontre 2022", "2ème rencontre 2022"."""
    if not rank or not year:
        return ""
    if rank == 1:
        return gettext("1ère rencontre %(year)s") % {"year": year}
    return gettext("%(rank)sème rencontre %(year)s") % {"rank": rank, "year": year}


class MeetingChange(AuditEntry):
    """The history of a meeting's date and status: postponements, cancellation, holding.

    The action is the status the meeting took; a postponement's changes are its dates."""

    target_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("statut"), max_length=20, choices=Meeting.Status.choices)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    old_ends_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    new_ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True, max_length=TEXT_MAX_CHARS)

    class Meta(AuditEntry.Meta):
        pass

    def __str__(self):
        return f"{self.meeting} — {self.get_status_display()}"

    @classmethod
    def entries_for(cls, target, *, actor, action, changes, reason=""):
        """One row: the status taken, and the dates moved ({"starts_at": (old, new), ...})."""
        dates = {}
        for field, (old, new) in changes.items():
            dates[f"old_{field}"], dates[f"new_{field}"] = old, new
        return [cls(meeting=target, actor=actor, status=action, reason=reason, **dates)]

    @property
    def label(self):
        return self.get_status_display()

    @property
    def moved_from(self):
        return self.old_starts_at

    @property
    def moved_to(self):
        return self.new_starts_at

    @property
    def note(self):
        return self.reason


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=255, validators=[no_bidi_controls])
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présentateur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    presenter_structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure qui présente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée prévue (minutes)"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_CHARS)
    reviews_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("session examinée"),
        help_text=_("Pour le point sur l'état de mise en œuvre des recommandations d'une session."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")

    def __str__(self):
        return self.title

    @property
    def presenter_display(self):
        if self.presenter_id:
            return str(self.presenter)
        if self.presenter_structure_id:
            return self.presenter_structure.acronym
        return ""
