"""Create the four role groups with their permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.roles import install_role_groups


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create this app's now so
    # that the groups can receive them on a fresh database.
    create_permissions(global_apps.get_app_config("accounts"), verbosity=0, apps=apps)
    install_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
