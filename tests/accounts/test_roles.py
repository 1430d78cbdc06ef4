from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import Role

SECRETARIAT_KEEPS_REFERENCE_DATA = {
    "view_structure",
    "add_structure",
    "change_structure",
    "view_user",
    "add_user",
    "change_user",
    "view_theme",
    "add_theme",
    "change_theme",
    # The notification outbox, read-only.
    "view_notification",
}


def codenames(role):
    return set(Group.objects.get(name=role.value).permissions.values_list("codename", flat=True))


def test_the_secretariat_may_create_and_edit_structures_accounts_and_themes(db):
    assert codenames(Role.SECRETARIAT) == SECRETARIAT_KEEPS_REFERENCE_DATA


def test_the_secretary_general_only_reads_structures_and_accounts(db):
    assert codenames(Role.SECRETARY_GENERAL) == {"view_structure", "view_user"}


def test_migrate_gives_back_a_permission_removed_from_a_role(db):
    secretariat = Group.objects.get(name=Role.SECRETARIAT.value)
    secretariat.permissions.remove(secretariat.permissions.get(codename="change_user"))
    assert "change_user" not in codenames(Role.SECRETARIAT)

    call_command("migrate", verbosity=0)

    assert codenames(Role.SECRETARIAT) == SECRETARIAT_KEEPS_REFERENCE_DATA


def test_migrate_recreates_a_deleted_role_group(db):
    Group.objects.filter(name=Role.DSI.value).delete()
    call_command("migrate", verbosity=0)
    assert Group.objects.filter(name=Role.DSI.value).exists()
