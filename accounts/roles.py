"""The portal's roles. Each role is a Django group; this module is the one list of them.

Group names are stored in French, as the staff read them in the admin; ``Role.label`` gives the
translated name for pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DSI = "DSI", _("DSI")
    ANPTIC_AGENT = "Agent ANPTIC", _("Agent ANPTIC")
    SECRETARIAT = "Secrétariat", _("Secrétariat")
    SECRETARY_GENERAL = "Secrétaire général", _("Secrétaire général")


# The model permissions each role holds, as "app_label.codename". Later apps add theirs here
# and ship a data migration that calls install_role_groups() again.
ROLE_PERMISSIONS = {
    Role.DSI: [],
    Role.ANPTIC_AGENT: [],
    Role.SECRETARIAT: [
        "accounts.view_structure",
        "accounts.view_user",
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
