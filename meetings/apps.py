from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Réunions")

    def ready(self):
        from accounts.signals import password_changed

        # Declares the meetings' kinds of notification to the outbox.
        from . import emails  # noqa: F401
        from .services.calendar import calendar_feed_rotate_if_any

        password_changed.connect(
            lambda sender, user, **kwargs: calendar_feed_rotate_if_any(user=user),
            dispatch_uid="meetings.feed_rotate_on_password_change",
            weak=False,
        )
