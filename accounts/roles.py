"""The portal's roles. Each role is a Django group; this module is the one list of them.

Group names are stored in French, as the staff read them in the admin; ``Role.label`` gives the
translated name for pages.
"""

from django.apps import apps as global_apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DSI = "DSI", _("DSI")
    ANPTIC_AGENT = "Agent ANPTIC", _("Agent ANPTIC")
    SECRETARIAT = "Secrétariat", _("Secrétariat")
    SECRETARY_GENERAL = "Secrétaire général", _("Secrétaire général")


# The model permissions each role holds, as "app_label.codename". Later apps add theirs here;
# sync_role_groups() applies the list after every migrate, so no data migration is needed.
ROLE_PERMISSIONS = {
    Role.DSI: [],
    # Agents keep the helpdesk's reference data: categories, priorities, calendar, canned replies.
    Role.ANPTIC_AGENT: [
        f"helpdesk.{action}_{model}"
        for model in ("category", "priority", "workingperiod", "holiday", "cannedreply")
        for action in ("view", "add", "change")
    ],
    # The Secretariat keeps the reference data: structures and accounts. The user admin keeps
    # the rights themselves (staff, superuser, groups, permissions) for superusers.
    Role.SECRETARIAT: [
        "accounts.view_structure",
        "accounts.add_structure",
        "accounts.change_structure",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        # The notification outbox, read-only in the admin.
        "core.view_notification",
        "recommendations.view_theme",
        "recommendations.add_theme",
        "recommendations.change_theme",
    ],
    Role.SECRETARY_GENERAL: [
        "accounts.view_structure",
        "accounts.view_user",
    ],
}


def install_role_groups(group_model, permission_model):
    """Create the role groups and give each exactly the permissions listed above.

    Takes the model classes so that data migrations can pass their historical models.
    Idempotent; permissions missing from the database are skipped (they are created after
    their app's migrations, and the next run of this function picks them up).
    """
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role.value)
        permissions = []
        for name in perm_names:
            app_label, codename = name.split(".", 1)
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)


def sync_role_groups(sender, app_config, apps=global_apps, **kwargs):
    """post_migrate receiver: bring the role groups in line with ROLE_PERMISSIONS.

    post_migrate is sent once per app, after Django's own receiver has created that app's
    permissions; acting only on the last app's signal means every permission exists and the
    groups are synced once per migrate (or flush).
    """
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if not with_models or app_config.label != with_models[-1].label:
        return
    install_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
