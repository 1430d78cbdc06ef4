from django.contrib import admin

from core.admin_search import NormalisedSearchAdmin

from .models import CannedReply, Category, Holiday, Priority, WorkingPeriod


@admin.register(Category)
class CategoryAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    list_display = ["name", "default_assignee", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    filter_horizontal = ["team"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["name", "rank", "response_hours", "resolution_hours"]


@admin.register(WorkingPeriod)
class WorkingPeriodAdmin(admin.ModelAdmin):
    list_display = ["weekday", "starts", "ends"]
    list_filter = ["weekday"]


@admin.register(Holiday)
class HolidayAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(CannedReply)
class CannedReplyAdmin(NormalisedSearchAdmin, admin.ModelAdmin):
    list_display = ["title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "body"]
