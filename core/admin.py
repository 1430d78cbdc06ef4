from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_search import NormalisedSearchAdmin, normalised_search_for_installed_admins
from .formats import number
from .models import (
    LETTERHEAD_LOGO_EXTENSIONS,
    LETTERHEAD_LOGO_MAX_BYTES,
    Heartbeat,
    Letterhead,
    Notification,
)
from .outbox import kind_label, notification_resend
from .uploads import UploadField


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


class LetterheadForm(forms.ModelForm):
    # The one upload validator, narrowed to the images WeasyPrint draws.
    logo = UploadField(
        label=_("Logo"),
        extensions=LETTERHEAD_LOGO_EXTENSIONS,
        required=False,
        widget=AdminFileWidget,
        help_text=Letterhead._meta.get_field("logo").help_text,
    )

    class Meta:
        model = Letterhead
        fields = ["country", "ministry", "motto", "logo", "signatory_title", "signatory_name"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        validated = getattr(logo, "validated", None)
        if validated and validated.size > LETTERHEAD_LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("Le logo dépasse %(limit)s Mo : réduisez l'image, puis déposez-la à nouveau."),
                code="logo_too_large",
                params={"limit": number(LETTERHEAD_LOGO_MAX_BYTES / 1024 / 1024, 0)},
            )
        return logo

    def save(self, commit=True):
        letterhead = super().save(commit=False)
        validated = getattr(self.cleaned_data.get("logo"), "validated", None)
        if validated:
            letterhead.logo_content_type = validated.content_type
        elif not letterhead.logo:
            letterhead.logo_content_type = ""
        if commit:
            letterhead.save()
        return letterhead


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    """One letterhead, edited in place: the list opens it, nothing to add or delete."""

    form = LetterheadForm
    fieldsets = [
        (_("En-tête"), {"fields": ["country", "ministry", "motto", "logo"]}),
        (_("Signature"), {"fields": ["signatory_title", "signatory_name"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        if not Letterhead.objects.filter(pk=1).exists():
            Letterhead().save()
        return redirect(reverse("admin:core_letterhead_change", args=[1]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        replaced = form.initial.get("logo")
        super().save_model(request, obj, form, change)
        old_name = getattr(replaced, "name", "")
        if old_name and old_name != obj.logo.name:
            storage = obj.logo.storage
            transaction.on_commit(lambda: storage.delete(old_name))


# The admin modules of the apps listed before core in INSTALLED_APPS (Django's groups, axes) have
# been imported: their searches follow the portal's rule too.
normalised_search_for_installed_admins(admin.site)
