from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import User


@transaction.atomic
def user_update_profile(
    *, actor, user, first_name, last_name, job_title, phone, receives_digest=None
):
    """A user edits their own contact details, and may opt out of the weekly digest (never of
    the reminders of meetings they are invited to); nobody edits another's profile here."""
    if actor.pk != user.pk:
        raise PermissionDenied
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.job_title = job_title.strip()
    user.phone = phone.strip()
    fields = ["first_name", "last_name", "job_title", "phone"]
    if receives_digest is not None:
        user.receives_digest = receives_digest
        fields.append("receives_digest")
    user.save(update_fields=fields)
    return user


@transaction.atomic
def user_unlock(*, user: User):
    """Lift a login lockout, as happens when the user proves ownership by resetting a password."""
    axes_reset(username=user.email)
