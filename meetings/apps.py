from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Réunions")

    def ready(self):
        # Registers the reminder, nudge and cancellation builders with the outbox.
        from . import emails  # noqa: F401
