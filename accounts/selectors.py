from .models import User


def users_for_directory(*, viewer):
    """Active users the viewer may look up, with their structure and roles, ordered by name."""
    return (
        User.objects.visible_to(viewer)
        .filter(is_active=True)
        .select_related("structure")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "email")
    )
