from django.contrib.auth.backends import ModelBackend

from .models import User


class EmailBackend(ModelBackend):
    """Log in by e-mail (any case); loads the signed-in user with their structure and roles in
    one query, once per request: every role check of the request reads that row, and a role
    given or taken away counts from the next request."""

    def get_user(self, user_id):
        user = User.objects.select_related("structure").with_roles().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
