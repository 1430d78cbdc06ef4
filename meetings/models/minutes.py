"""The minutes of a meeting and every version of their text."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import MINUTES_MAX_CHARS

from .meetings import Meeting


class Minutes(models.Model):
    """The minutes (compte rendu) of a meeting: draft, then published, then approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")
        APPROVED = "approved", _("Approuvé")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.APPROVED)

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The drafts written before publication stay with the Secretariat: others read the minutes
    # from this version onwards (later versions are corrections of the published text).
    published_version = models.PositiveIntegerField(_("version publiée"), null=True, blank=True)
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
        return self.status in self.PUBLIC_STATUSES


class MinutesVersion(models.Model):
    """Every saved text of the minutes is kept, numbered from 1."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(_("texte (Markdown)"), max_length=MINUTES_MAX_CHARS)
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
