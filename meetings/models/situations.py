"""The situation of the DSIs: dated snapshots of each structure, ahead of a session."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from core.text import TEXT_MAX_CHARS

from .meetings import Meeting


class SharedService(models.TextChoices):
    """The administration's shared services whose adoption the DSIs report."""

    EMAIL = "email", _("Messagerie professionnelle de l'administration")
    FILE_SERVER = "file_server", _("Serveur de fichiers partagé")
    E_CONSEIL = "e_conseil", _("e-Conseil des Ministres")
    MISSIONS = "missions", _("Circuit intégré des missions")


class Trend(models.TextChoices):
    """What a change in the number of structures at one adoption level says about progress."""

    BETTER = "better", _("en progrès")
    WORSE = "worse", _("en recul")
    UNCHANGED = "unchanged", _("inchangé")
    # More or fewer structures "partially deployed" is progress or a step back depending on
    # where they came from: the level alone cannot say.
    NEITHER = "neither", _("ni progrès ni recul")


class Adoption(models.TextChoices):
    NOT_STARTED = "not_started", _("Non démarré")
    PARTIAL = "partial", _("Partiellement déployé")
    GENERALISED = "generalised", _("Généralisé")

    @property
    def good_direction(self):
        """+1 when more structures at this level is progress, -1 when fewer is, 0 when the
        level alone cannot tell."""
        return {"not_started": -1, "generalised": 1}.get(self.value, 0)

    def trend(self, delta):
        """The Trend of a change of ``delta`` structures at this level."""
        if not delta:
            return Trend.UNCHANGED
        if not self.good_direction:
            return Trend.NEITHER
        return Trend.BETTER if delta * self.good_direction > 0 else Trend.WORSE


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
    difficulties = models.TextField(
        _("principales difficultés"), blank=True, max_length=TEXT_MAX_CHARS
    )
    proposals = models.TextField(_("propositions"), blank=True, max_length=TEXT_MAX_CHARS)

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
