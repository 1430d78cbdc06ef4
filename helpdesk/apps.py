from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Assistance (helpdesk)")

    def ready(self):
        # Declares the helpdesk's kinds of notification to the outbox.
        from core.summaries import register

        from . import emails  # noqa: F401
        from .selectors import STATISTICS_SUMMARY, helpdesk_statistics, tickets_fingerprint

        # The statistics are read from a summary the worker keeps (core.summaries).
        register(STATISTICS_SUMMARY, compute=helpdesk_statistics, fingerprint=tickets_fingerprint)
