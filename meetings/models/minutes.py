"""The minutes of a meeting and every version of their text."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import MINUTES_MAX_CHARS, no_bidi_controls

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
    # The approval is of the text as it stood: corrections made after it are not approved.
    approved_version = models.PositiveIntegerField(_("version approuvée"), null=True, blank=True)
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
    """Every saved text of the minutes is kept, numbered from 1. The versions saved before the
    published one are drafts; every version after it is a correction, with its reason
    (``services.minutes_correct``)."""

    class Standing(models.TextChoices):
        """What a version is to its readers: the one rule, read from the minutes' numbers."""

        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Version publiée")
        CORRECTION = "correction", _("Correction")
        APPROVED = "approved", _("Version approuvée")
        AFTER_APPROVAL = "after_approval", _("Correction postérieure à l'approbation")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(_("texte (Markdown)"), max_length=MINUTES_MAX_CHARS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    correction_reason = models.CharField(
        _("motif de la correction"), max_length=255, blank=True, validators=[no_bidi_controls]
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"], name="meetings_minutesversion_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.minutes} — v{self.number}"

    @property
    def standing(self):
        """``Standing``: a draft before the published version, the published version itself, a
        correction after it; the version approved keeps the approval, and the corrections
        made after it are shown as such (they are not approved)."""
        minutes = self.minutes
        published, approved = minutes.published_version, minutes.approved_version
        if approved is not None and self.number == approved:
            return self.Standing.APPROVED
        if published is None or self.number < published:
            return self.Standing.DRAFT
        if self.number == published:
            return self.Standing.PUBLISHED
        if approved is not None and self.number > approved:
            return self.Standing.AFTER_APPROVAL
        return self.Standing.CORRECTION

    @property
    def is_correction(self):
        return self.standing in (self.Standing.CORRECTION, self.Standing.AFTER_APPROVAL)
