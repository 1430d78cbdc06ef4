"""The personal calendar feed of a user."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A personal iCal feed, reached through a secret token that the user can revoke."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return gettext("Agenda de %(user)s") % {"user": self.user}
