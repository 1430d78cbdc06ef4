import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import Structure, User
from accounts.permissions import can_view_user, is_coordination, sees_all_users
from core.scoping import get_visible_or_404


def test_a_dsi_sees_only_the_people_of_their_structure(cast):
    visible = set(User.objects.visible_to(cast.dsi_health))
    assert visible == {cast.dsi_health}
    assert not can_view_user(cast.dsi_health, cast.dsi_education)


def test_coordination_and_agents_see_everyone(cast):
    everyone = set(User.objects.all())
    for viewer in (cast.secretariat, cast.secretary_general, cast.agent, cast.admin):
        assert set(User.objects.visible_to(viewer)) == everyone
        assert sees_all_users(viewer)


def test_only_secretariat_secretary_general_and_admin_coordinate(cast):
    assert is_coordination(cast.secretariat)
    assert is_coordination(cast.secretary_general)
    assert is_coordination(cast.admin)
    assert not is_coordination(cast.agent)
    assert not is_coordination(cast.dsi_health)


def test_anonymous_visitors_see_nothing(cast):
    assert not User.objects.visible_to(AnonymousUser()).exists()
    assert not Structure.objects.visible_to(AnonymousUser()).exists()


def test_an_object_outside_the_scope_is_not_found(cast):
    with pytest.raises(Http404):
        get_visible_or_404(User.objects.all(), cast.dsi_health, pk=cast.dsi_education.pk)
    found = get_visible_or_404(User.objects.all(), cast.secretariat, pk=cast.dsi_education.pk)
    assert found == cast.dsi_education
