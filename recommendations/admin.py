from django.contrib import admin

from core.admin_search import NormalisedSearchAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
