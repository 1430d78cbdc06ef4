from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DsiPortalConfig(AppConfig):
    # Installed so that the project package can hold templates tags and management commands
    # that combine the apps (home page, demo data).
    name = "dsi_portal"
    verbose_name = _("Portail DSI")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.models import Heartbeat
        from helpdesk.models import Holiday

        # Registers the deployment checks, and the weekly digest's kind of notification.
        from . import checks, digest  # noqa: F401
        from .middleware import forget_shared_warnings

        # The staff warnings read the heartbeat and the holidays from the cache: forget them
        # when either is written (the worker's beat, the admin's holiday list).
        for model in (Heartbeat, Holiday):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_shared_warnings, sender=model, dispatch_uid=f"warnings.{model.__name__}"
                )
