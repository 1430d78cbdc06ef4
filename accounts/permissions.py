"""Who may do what with accounts, and the role checks that every app builds on.

Every question "may this user do X" about accounts is answered here; the other apps keep their
own permissions.py and call these helpers for the roles.
"""

from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

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


def reads_digest(user):
    """The Secretary General reads the weekly digest (and may opt out of it on their profile);
    ``selectors.digest_readers`` is the same rule as a query."""
    return has_role(user, Role.SECRETARY_GENERAL)


def can_view_user(user, other):
    from .models import User

    return User.objects.visible_to(user).filter(pk=other.pk).exists()


def can_use_admin(user):
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def holds_permission(perm):
    """EXISTS, on a query of users (``OuterRef("pk")``): does the user hold ``perm``
    ("app_label.codename") through one of their groups or directly? ModelBackend's rule for an
    active user who is not a superuser, for a caller that asks it together with other questions
    in one query instead of loading every permission of the user."""
    app_label, codename = perm.split(".", 1)
    return Exists(
        Permission.objects.filter(
            Q(group__user=OuterRef("pk")) | Q(user=OuterRef("pk")),
            content_type__app_label=app_label,
            codename=codename,
        )
    )
