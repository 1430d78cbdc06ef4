import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Structure, User
from accounts.roles import Role


@pytest.mark.django_db
def test_email_is_stored_in_lower_case():
    user = User.objects.create_user(email="Awa.Traore@Sante.GOV.bf", password="x")
    assert user.email == "awa.traore@sante.gov.bf"


def test_email_is_unique_whatever_its_case(cast):
    duplicate = User(email="AICHA.KABORE@sante.gov.bf")
    with pytest.raises(ValidationError) as error:
        duplicate.validate_constraints()
    assert "Un utilisateur avec cette adresse e-mail existe déjà." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([duplicate])


def test_each_role_is_a_group_created_by_the_migrations(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_coordination_roles_hold_their_permissions(db):
    secretariat = Group.objects.get(name=Role.SECRETARIAT.value)
    codenames = set(secretariat.permissions.values_list("codename", flat=True))
    assert {"view_structure", "view_user"} <= codenames
    assert not Group.objects.get(name=Role.DSI.value).permissions.exists()


def test_a_user_knows_their_role(cast):
    assert cast.dsi_health.role == Role.DSI
    assert cast.agent.role == Role.ANPTIC_AGENT
    assert cast.secretary_general.role == Role.SECRETARY_GENERAL
    assert cast.admin.role is None


def test_an_inactive_structure_is_no_longer_offered(cast):
    cast.education.is_active = False
    cast.education.save()
    assert cast.education not in Structure.objects.active()
    assert cast.health in Structure.objects.active()
