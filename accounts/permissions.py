"""Who may do what with accounts, and the role checks that every app builds on.

Every question "may this user do X" about accounts is answered here; the other apps keep their
own permissions.py and call these helpers for the roles.
"""

from .roles import Role


def has_role(user, *roles):
    """True when the signed-in user holds one of the roles."""
    return bool(user.is_authenticated and user.has_role(*roles))


def is_coordination(user):
    """The Secretariat, the Secretary General and superusers coordinate the whole programme."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.SECRETARIAT, Role.SECRETARY_GENERAL))
    )


def sees_all_users(user):
    """Coordination and ANPTIC agents (who serve every structure) see the whole directory."""
    return is_coordination(user) or has_role(user, Role.ANPTIC_AGENT)


def can_view_user(user, other):
    from .models import User

    return User.objects.visible_to(user).filter(pk=other.pk).exists()


def can_use_admin(user):
    return bool(user.is_authenticated and user.is_active and user.is_staff)
