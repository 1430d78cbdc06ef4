from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DsiPortalConfig(AppConfig):
    # Installed so that the project package can hold templates tags and management commands
    # that combine the apps (home page, demo data).
    name = "dsi_portal"
    verbose_name = _("Portail DSI")

    def ready(self):
        # Registers the deployment checks, and the weekly digest's kind of notification.
        from . import checks, digest  # noqa: F401
