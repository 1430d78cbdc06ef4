from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et structures")

    def ready(self):
        from .roles import sync_role_groups

        # No sender: the groups need every app's permissions, which exist only once the last
        # app's post_migrate has run (see sync_role_groups).
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")

        from . import security

        security.connect()
