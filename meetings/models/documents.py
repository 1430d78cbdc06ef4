"""Files attached to a meeting or one of its agenda items."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile
from core.text import no_bidi_controls

from .meetings import AgendaItem, Meeting


class Document(StoredFile):
    """A presentation or report attached to a meeting or one of its agenda items."""

    upload_prefix = "meetings"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("point de l'ordre du jour"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("titre"), max_length=255, validators=[no_bidi_controls])
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
