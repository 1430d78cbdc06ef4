from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin_search import NormalisedSearchAdmin

from .models import SecurityEvent, Structure, User
from .roles import Role

# Only a superuser grants rights: with these editable, anyone holding "change user" (the
# Secretariat) could make themselves or a colleague a superuser.
PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(Structure)
class StructureAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "is_active", "member_count"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "acronym"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("members"))

    @admin.display(description=_("membres"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(NormalisedSearchAdmin, DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["last_name", "first_name", "email"]
    list_display = ["email", "first_name", "last_name", "structure", "role_list", "is_active"]
    list_filter = ["groups", "structure__kind", "structure", "is_active", "is_staff"]
    list_select_related = ["structure"]
    search_fields = [
        "email",
        "first_name",
        "last_name",
        "job_title",
        "structure__name",
        "structure__acronym",
    ]
    autocomplete_fields = ["structure"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "job_title", "phone", "structure"]}),
        (_("Notifications"), {"fields": ["receives_digest", "is_helpdesk_supervisor"]}),
        (
            _("Rôles et droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "structure",
                    "groups",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [field for field in PRIVILEGE_FIELDS if field not in readonly]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and not request.user.is_superuser:
            fieldsets = [
                (name, {**options, "fields": _without_privileges(options["fields"])})
                for name, options in fieldsets
            ]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        # Changing the e-mail or password of a superuser, of staff or of anyone holding a role
        # other than DSI (an agent, the Secretary General) is taking over their account; one's
        # own account stays editable (its rights are read-only for non-superusers).
        if (
            obj is not None
            and not request.user.is_superuser
            and obj.pk != request.user.pk
            and _is_privileged(obj)
        ):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("rôles"))
    def role_list(self, obj):
        return ", ".join(_role_label(group.name) for group in obj.groups.all())


def _is_privileged(user):
    return user.is_superuser or user.is_staff or bool(user.role_names - {Role.DSI.value})


def _without_privileges(fields):
    return [field for field in fields if field not in PRIVILEGE_FIELDS]


def _role_label(group_name):
    try:
        return str(Role(group_name).label)
    except ValueError:
        return group_name


@admin.register(SecurityEvent)
class SecurityEventAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    """The security journal, for review only: nobody adds, edits or deletes an event."""

    list_display = ["at", "kind", "user", "email", "ip_address", "short_user_agent", "detail"]
    list_filter = ["kind", "at", "user__structure"]
    search_fields = [
        "email",
        "user__email",
        "user__last_name",
        "ip_address",
        "user_agent",
        "detail",
    ]
    date_hierarchy = "at"
    list_select_related = ["user", "actor"]
    fields = ["at", "kind", "user", "email", "actor", "ip_address", "user_agent", "detail"]
    readonly_fields = fields
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("navigateur"), ordering="user_agent")
    def short_user_agent(self, obj):
        return obj.user_agent[:60] + ("…" if len(obj.user_agent) > 60 else "")
