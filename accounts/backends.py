from django.contrib.auth.backends import ModelBackend

from .models import User


class EmailBackend(ModelBackend):
    """Log in by e-mail (any case); loads the user with structure and roles in two queries."""

    def get_user(self, user_id):
        user = (
            User.objects.select_related("structure")
            .prefetch_related("groups")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
