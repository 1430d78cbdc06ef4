from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Assistance (helpdesk)")

    def ready(self):
        # Declares the helpdesk's kinds of notification to the outbox.
        from . import emails  # noqa: F401
