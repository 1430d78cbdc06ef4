import django_filters
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import SearchFilterSet, text_matching

from .models import Meeting


class MeetingFilter(SearchFilterSet):
    """Filters of the meetings list: period, status, kind, year and a text search."""

    PERIODS = [("upcoming", _("À venir")), ("past", _("Passées"))]

    period = django_filters.ChoiceFilter(
        label=_("Période"), choices=PERIODS, method="filter_period", empty_label=_("Toutes")
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Meeting.Status.choices, empty_label=_("Tous")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Meeting.Kind.choices, empty_label=_("Tous")
    )
    # Years the database and Python's dates can hold: ?year=0 would crash the lookup.
    year = django_filters.NumberFilter(
        label=_("Année"), method="filter_year", min_value=1, max_value=9999, decimal_places=0
    )

    class Meta:
        model = Meeting
        fields = ["q", "period", "status", "kind", "year"]

    def search(self, queryset, name, value):
        return text_matching(queryset, ("title", "venue", "description"), value)

    def filter_period(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gte=now).order_by("starts_at", "pk")
        return queryset.filter(starts_at__lt=now)

    def filter_year(self, queryset, name, value):
        return queryset.annotate(year=ExtractYear("starts_at")).filter(year=int(value))
