from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Structure, User


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
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
class UserAdmin(DjangoUserAdmin):
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

    @admin.display(description=_("rôles"))
    def role_list(self, obj):
        return ", ".join(group.name for group in obj.groups.all())
