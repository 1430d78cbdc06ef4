"""The notification outbox, the worker's heartbeat, and the shapes the apps' models share.

A scheduled e-mail is a row, not a long-delayed Celery task: with Redis, a task whose ETA lies
beyond the visibility timeout is delivered again, and a row can be moved, cancelled, listed on a
page and claimed by exactly one sender.
"""

from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .cache import cached_value, forget_value
from .formats import formatted
from .text import no_bidi_controls
from .uploads import UploadTo


class NotificationQuerySet(models.QuerySet):
    def for_target(self, obj):
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            target_id=obj.pk,
        )

    def due(self, now=None):
        return self.filter(state=Notification.State.PENDING, due_at__lte=now or timezone.now())


class Notification(models.Model):
    """One e-mail to one recipient, due at a given time, and what became of it."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENDING = "sending", _("En cours d'envoi")
        SENT = "sent", _("Envoyée")
        FAILED = "failed", _("Échec")
        CANCELLED = "cancelled", _("Annulée")

    kind = models.CharField(_("type"), max_length=60)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    due_at = models.DateTimeField(_("prévue le"))
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PENDING)
    # Makes scheduling idempotent: planning the same reminder twice finds the first row.
    dedup_key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The dispatcher's scan: pending rows by due time.
            models.Index(
                fields=["due_at"], name="core_notif_pending_due", condition=Q(state="pending")
            ),
            # Claims left behind by a crashed sender.
            models.Index(
                fields=["claimed_at"], name="core_notif_sending", condition=Q(state="sending")
            ),
            models.Index(fields=["target_type", "target_id", "due_at"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.get_state_display()})"

    @property
    def can_be_resent(self):
        return self.state == self.State.FAILED


class Heartbeat(models.Model):
    """The last time a periodic task proved the worker and beat are alive."""

    name = models.CharField(max_length=50, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Submission(models.Model):
    """A form that was sent: its one-time token (core.submissions), who sent it and where its
    answer led. The unique token makes a second sending of the same form, however fast, a
    duplicate that leads to the first one's result instead of doing it again."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.token


class StoredFile(models.Model):
    """A file a user uploaded: stored under a random name, described by what the shared upload
    validator found (``core.uploads``). Written only through ``core.files.store_uploads``;
    deleting a row removes its file from storage once the deletion commits."""

    # The folder the app's files are stored under, e.g. "helpdesk" (see core.uploads).
    upload_prefix = ""

    file = models.FileField(_("fichier"), max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class AuditEntry(models.Model):
    """One line of an audit trail: what happened to a target, who did it and when.

    A concrete entry names the ForeignKey to what it is about in ``target_field`` and says what
    ``core.audit.audit_record`` writes for an action (``entries_for``) and what the shared
    history partial shows (``label``, ``moved_from``/``moved_to``, ``note``).
    """

    target_field = ""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    # A moment the entry moved something from and to (a postponed date), for the history.
    moved_from = moved_to = None
    note = ""

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    @classmethod
    def target_model(cls):
        return cls._meta.get_field(cls.target_field).related_model

    @classmethod
    def entries_for(cls, target, *, actor, action, changes, **fields):
        """The rows that record ``action`` on ``target`` (unsaved)."""
        raise NotImplementedError

    @property
    def label(self):
        raise NotImplementedError


def audit_text(value):
    """How a value before or after a change is kept: as text, nothing as empty."""
    return "" if value is None else str(value)


class FieldChange(AuditEntry):
    """An audit line for one field of the target: its value before and after, as text."""

    # Names of the recorded "fields" that are not the target's own fields, or that the history
    # calls otherwise; the others are called by their verbose name, capitalised or not.
    FIELD_LABELS = {}
    CAPITALISE_LABELS = True

    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta(AuditEntry.Meta):
        abstract = True

    @classmethod
    def entries_for(cls, target, *, actor, action, changes, **fields):
        """One row per field of ``changes`` ({field: (before, after)}) whose text changed."""
        rows = []
        for field, (old, new) in changes.items():
            old, new = audit_text(old), audit_text(new)
            if old != new:
                rows.append(
                    cls(
                        **{cls.target_field: target},
                        actor=actor,
                        field=field,
                        old_value=old,
                        new_value=new,
                        **fields,
                    )
                )
        return rows

    def _target_field(self):
        try:
            return self.target_model()._meta.get_field(self.field)
        except FieldDoesNotExist:  # a field renamed since the change was recorded
            return None

    @property
    def label(self):
        if self.field in self.FIELD_LABELS:
            return self.FIELD_LABELS[self.field]
        target_field = self._target_field()
        if target_field is None:
            return self.field
        name = target_field.verbose_name
        return capfirst(name) if self.CAPITALISE_LABELS else name

    @property
    def old_shown(self):
        return self._shown(self.old_value)

    @property
    def new_shown(self):
        return self._shown(self.new_value)

    def _shown(self, value):
        """The value as the history shows it: a date or a moment of a date field, kept as the
        machine writes it ("2022-12-31"), is written the portal's way ("31 décembre 2022")."""
        target_field = self._target_field()
        if not value or not isinstance(target_field, models.DateField):
            return value
        is_moment = isinstance(target_field, models.DateTimeField)
        try:
            moment = (datetime if is_moment else date).fromisoformat(value)
        except ValueError:  # written otherwise (by hand, or before dates were kept this way)
            return value
        return formatted(moment, "datetime_short" if is_moment else "date")


# The letterhead's logo: images WeasyPrint draws, small enough to embed in every document.
LETTERHEAD_LOGO_EXTENSIONS = ("png", "jpg", "jpeg")
LETTERHEAD_LOGO_MAX_BYTES = 1024 * 1024
_LETTERHEAD_CACHE = "letterhead"


class Letterhead(models.Model):
    """The heading and the signature of every official document (minutes, implementation
    report, ticket export): one row, edited by administrators in the Django admin, read through
    ``Letterhead.get_solo()`` (cached; its defaults serve until someone edits it). Drawn by
    ``templates/partials/letterhead.html`` and ``signature.html``; ``core.pdf`` embeds the logo."""

    country = models.CharField(
        _("pays"), max_length=100, default="Burkina Faso", validators=[no_bidi_controls]
    )
    ministry = models.CharField(
        _("ministère"),
        max_length=200,
        default="Ministère de la Transition digitale, des Postes et des Communications "
        "électroniques",
        validators=[no_bidi_controls],
    )
    motto = models.CharField(
        _("devise"),
        max_length=100,
        default="La Patrie ou la Mort, nous Vaincrons",
        blank=True,
        validators=[no_bidi_controls],
    )
    logo = models.FileField(
        _("logo"),
        upload_to=UploadTo("letterhead"),
        max_length=255,
        blank=True,
        help_text=_("Image PNG ou JPEG d'au plus 1 Mo, imprimée en tête des documents."),
    )
    logo_content_type = models.CharField(max_length=120, blank=True, editable=False)
    signatory_title = models.CharField(
        _("titre du signataire"),
        max_length=200,
        default="Le Secrétaire permanent du programme",
        blank=True,
        validators=[no_bidi_controls],
    )
    signatory_name = models.CharField(
        _("nom du signataire"), max_length=200, blank=True, validators=[no_bidi_controls]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("en-tête des documents officiels")
        verbose_name_plural = _("en-tête des documents officiels")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="core_letterhead_single")]

    def __str__(self):
        return str(self._meta.verbose_name).capitalize()

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        transaction.on_commit(lambda: forget_value(_LETTERHEAD_CACHE))

    @classmethod
    def get_solo(cls):
        """The letterhead: the saved one, else the defaults (unsaved)."""
        return cached_value(_LETTERHEAD_CACHE, cls._load)

    @classmethod
    def _load(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def logo_url(self):
        """The logo's ``file://`` address, which ``core.pdf`` alone lets WeasyPrint read
        (``letterhead_logo``); empty without a logo or on a storage without local paths."""
        if not self.logo:
            return ""
        try:
            return Path(self.logo.path).resolve().as_uri()
        except NotImplementedError:
            return ""


class FiguresSummary(models.Model):
    """Figures computed from a whole table (a year of tickets, every recommendation), kept so
    that a request reads them whatever the size of the data: written by the worker, read by the
    pages, through ``core.summaries`` only."""

    name = models.CharField(max_length=100, primary_key=True)
    # A digest of what the figures were computed from (core.summaries: the data's fingerprint).
    fingerprint = models.CharField(max_length=64)
    day = models.DateField()
    computed_at = models.DateTimeField()
    # The figures as our own code pickled them: only core.summaries writes this column.
    figures = models.BinaryField()

    def __str__(self):
        return f"{self.name}: {self.computed_at:%Y-%m-%d %H:%M:%S}"
