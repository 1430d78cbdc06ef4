from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_search import NormalisedSearchAdmin, normalised_search_for_installed_admins
from .models import Heartbeat, Notification
from .outbox import kind_label, notification_resend


@admin.register(Notification)
class NotificationAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    """The outbox, read-only: staff see what was sent, what waits and what failed (resending
    is done from the meeting's notifications page, through the service)."""

    list_display = ["due_at", "kind_name", "recipient", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient__email", "dedup_key", "last_error"]
    list_select_related = ["recipient"]
    date_hierarchy = "due_at"
    ordering = ["-due_at"]
    actions = ["resend"]

    @admin.action(description=_("Renvoyer les notifications en échec"), permissions=["resend"])
    def resend(self, request, queryset):
        count = sum(
            notification_resend(notification=row)
            for row in queryset.filter(state=Notification.State.FAILED)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d notification remise en file d'envoi.",
                "%(count)d notifications remises en file d'envoi.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_resend_permission(self, request):
        # Resending a failed e-mail changes no data: whoever may read the outbox may do it.
        return self.has_view_permission(request)

    @admin.display(description=_("type"), ordering="kind")
    def kind_name(self, obj):
        return kind_label(obj.kind)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "beat_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The admin modules of the apps listed before core in INSTALLED_APPS (Django's groups, axes) have
# been imported: their searches follow the portal's rule too.
normalised_search_for_installed_admins(admin.site)
