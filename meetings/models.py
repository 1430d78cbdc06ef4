import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordination sees every meeting; others see those they or their structure are invited
        to, and every meeting whose minutes are published."""
        from .permissions import sees_all_meetings

        if not user.is_authenticated:
            return self.none()
        if sees_all_meetings(user):
            return self
        invited = Q(invitations__invitee=user)
        if user.structure_id:
            invited |= Q(invitations__structure_id=user.structure_id)
        published = Q(
            minutes__status__in=[Minutes.Status.PUBLISHED, Minutes.Status.APPROVED],
        )
        ids = self.filter(invited | published).values("pk")
        return self.filter(pk__in=ids)

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
        return self.filter(starts_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)

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

    title = models.CharField(_("intitulé"), max_length=255)
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
    moderator_name = models.CharField(_("modérateur (texte libre)"), max_length=255, blank=True)
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
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
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


def rank_label(rank, year):
    """ "1ère rencontre 2022", "2ème rencontre 2022"."""
    if not rank or not year:
        return ""
    if rank == 1:
        return gettext("1ère rencontre %(year)s") % {"year": year}
    return gettext("%(rank)sème rencontre %(year)s") % {"rank": rank, "year": year}


class MeetingChange(models.Model):
    """The history of a meeting's date and status: postponements, cancellation, holding."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("statut"), max_length=20, choices=Meeting.Status.choices)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    old_ends_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    new_ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.meeting} — {self.get_status_display()}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("ordre"), default=0)
    title = models.CharField(_("intitulé"), max_length=255)
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
    description = models.TextField(_("description"), blank=True)
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


class Invitation(models.Model):
    """One person invited to a meeting, their answer and, on the day, their attendance."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Sans réponse")
        ATTENDING = "attending", _("Participera")
        DECLINED = "declined", _("Ne participera pas")
        DELEGATED = "delegated", _("A délégué")

    class Attendance(models.TextChoices):
        UNRECORDED = "unrecorded", _("Non renseignée")
        PRESENT = "present", _("Présent")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excusé")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    # The structure the invitee represented when invited (kept if they later change structure).
    structure = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    response = models.CharField(
        _("réponse"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    delegated_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegated_to",
    )
    attendance = models.CharField(
        _("présence"), max_length=20, choices=Attendance.choices, default=Attendance.UNRECORDED
    )
    added_late = models.BooleanField(_("ajouté le jour même"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["structure__name", "invitee__last_name", "invitee__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "invitee"],
                name="meetings_invitation_once_per_meeting",
                violation_error_message=_("Cette personne est déjà invitée à cette réunion."),
            ),
        ]

    def __str__(self):
        return f"{self.invitee} — {self.meeting}"


class Minutes(models.Model):
    """The minutes (compte rendu) of a meeting: draft, then published, then approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")
        APPROVED = "approved", _("Approuvé")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="approved_minutes"
    )

    class Meta:
        verbose_name = _("compte rendu")
        verbose_name_plural = _("comptes rendus")

    def __str__(self):
        return gettext("Compte rendu — %(meeting)s") % {"meeting": self.meeting}

    @property
    def is_public(self):
        return self.status in (self.Status.PUBLISHED, self.Status.APPROVED)


class MinutesVersion(models.Model):
    """Every saved text of the minutes is kept, numbered from 1."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(_("texte (Markdown)"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"], name="meetings_minutesversion_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.minutes} — v{self.number}"


class Document(models.Model):
    """A presentation or report attached to a meeting or one of its agenda items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point de l'ordre du jour"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("titre"), max_length=255)
    file = models.FileField(_("fichier"), max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agenda_item__position", "uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A personal iCal feed, reached through a secret token that the user can revoke."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return gettext("Agenda de %(user)s") % {"user": self.user}


class SharedService(models.TextChoices):
    """The administration's shared services whose adoption the DSIs report."""

    EMAIL = "email", _("Messagerie professionnelle de l'administration")
    FILE_SERVER = "file_server", _("Serveur de fichiers partagé")
    E_CONSEIL = "e_conseil", _("e-Conseil des Ministres")
    MISSIONS = "missions", _("Circuit intégré des missions")


class Adoption(models.TextChoices):
    NOT_STARTED = "not_started", _("Non démarré")
    PARTIAL = "partial", _("Partiellement déployé")
    GENERALISED = "generalised", _("Généralisé")


def adoption_field(service):
    """How far a structure has deployed one shared service."""
    return models.CharField(
        service.label, max_length=20, choices=Adoption.choices, default=Adoption.NOT_STARTED
    )


class Situation(models.Model):
    """A DSI's dated snapshot of their structure's situation, ahead of one session.

    Each submission is kept; the latest one for a structure and a session is its answer.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="situations")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="situations")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    staff_engineers = models.PositiveSmallIntegerField(_("ingénieurs informaticiens"), default=0)
    staff_technicians = models.PositiveSmallIntegerField(_("techniciens"), default=0)
    staff_other = models.PositiveSmallIntegerField(_("autres profils"), default=0)
    email = adoption_field(SharedService.EMAIL)
    file_server = adoption_field(SharedService.FILE_SERVER)
    e_conseil = adoption_field(SharedService.E_CONSEIL)
    missions = adoption_field(SharedService.MISSIONS)
    difficulties = models.TextField(_("principales difficultés"), blank=True)
    proposals = models.TextField(_("propositions"), blank=True)

    class Meta:
        ordering = ["structure__name", "-submitted_at", "-pk"]
        verbose_name = _("situation de la DSI")
        verbose_name_plural = _("situations des DSI")

    def __str__(self):
        return f"{self.structure} — {self.meeting}"

    @property
    def staff_total(self):
        return self.staff_engineers + self.staff_technicians + self.staff_other

    def adoption_label(self, service):
        return getattr(self, f"get_{service.value}_display")()

    def adoption(self):
        """(service, level, level label) for each shared service, in the order of SharedService."""
        return [
            (service, getattr(self, service.value), self.adoption_label(service))
            for service in SharedService
        ]
