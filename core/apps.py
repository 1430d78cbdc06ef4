from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle technique")

    def ready(self):
        # The server-error report's kind of notification (core.errors).
        from . import errors  # noqa: F401
