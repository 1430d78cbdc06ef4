from .models import User
from .roles import Role


def users_for_directory(*, viewer):
    """Active users the viewer may look up, with their structure and roles, ordered by name."""
    return (
        User.objects.visible_to(viewer)
        .filter(is_active=True)
        .select_related("structure")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "email")
    )


def digest_readers():
    """Who is sent the weekly digest: the active users who read it (``permissions.reads_digest``:
    the Secretary General) and did not opt out on their profile."""
    return User.objects.active_with_role(Role.SECRETARY_GENERAL).filter(receives_digest=True)


def user_row_values(user, *expressions):
    """The values of ``expressions`` (annotations on a query of users, such as
    ``permissions.holds_permission``) for this user, asked together in one query."""
    return User.objects.filter(pk=user.pk).values_list(*expressions).get()
