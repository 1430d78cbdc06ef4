from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle technique")

    def ready(self):
        # The server-error report's kind of notification (core.errors).
        from . import errors  # noqa: F401
        from .files import remove_deleted_file
        from .models import StoredFile
        from .search import sqlite_functions_register

        connection_created.connect(sqlite_functions_register, dispatch_uid="sqlite_functions")

        # Connected model by model rather than for every sender, so that models without files
        # keep Django's fast bulk deletion.
        for model in apps.get_models():
            if issubclass(model, StoredFile):
                post_delete.connect(
                    remove_deleted_file, sender=model, dispatch_uid=f"stored_file_{model._meta}"
                )
