import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from core.search import SearchFilterSet, text_matching
from meetings.models import Meeting

from .models import Recommendation, Status, Theme
from .selectors import recommendation_ids_of_structure

# Recommendations without a due date come last in every order by date, on SQLite (which puts
# NULLs first in an ascending order) as on PostgreSQL (which puts them first in a descending one).
SOONEST_DUE = F("due_date").asc(nulls_last=True)
SORTS = {
    "reference": ("reference",),
    "due_date": (SOONEST_DUE, "reference"),
    "-due_date": (F("due_date").desc(nulls_last=True), "reference"),
    "progress": ("progress", "reference"),
    "-progress": ("-progress", "reference"),
    "status": ("status", "reference"),
    # The overdue ones first, the latest first; then the others by due date.
    "-days_late": (F("days_late").desc(nulls_last=True), SOONEST_DUE, "reference"),
}
SORT_CHOICES = [
    ("reference", _("Référence")),
    ("due_date", _("Échéance la plus proche")),
    ("-due_date", _("Échéance la plus lointaine")),
    ("-progress", _("Avancement décroissant")),
    ("progress", _("Avancement croissant")),
    ("status", _("Statut")),
    ("-days_late", _("Retard le plus long")),
]


def _sessions_to_offer(request):
    """The sessions that adopted recommendations, among those the user may see: a session a DSI
    is not invited to is not even named."""
    if request is None:
        return Meeting.objects.none()
    with_recommendations = Recommendation.objects.values("meeting_id")
    # Only what an option shows: hundreds of sessions are offered at once.
    return (
        Meeting.objects.visible_to(request.user)
        .filter(pk__in=with_recommendations)
        .only("pk", "title")
    )


class RecommendationFilter(SearchFilterSet):
    """The list's filters; pass ``request`` so that the sessions offered are the user's."""

    meeting = django_filters.ModelChoiceFilter(
        label=_("Session"), queryset=_sessions_to_offer, empty_label=_("Toutes")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"), queryset=Theme.objects.all(), empty_label=_("Tous")
    )
    structure = django_filters.ModelChoiceFilter(
        label=_("Structure"),
        queryset=Structure.objects.active().only("pk", "name"),
        method="filter_structure",
        empty_label=_("Toutes"),
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Structure pilote"),
        field_name="lead_structure",
        queryset=Structure.objects.only("pk", "name"),
        empty_label=_("Toutes"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Status.choices, empty_label=_("Tous")
    )
    overdue = django_filters.BooleanFilter(
        label=_("En retard"),
        field_name="is_overdue",
        method="only_if_checked",
        widget=forms.CheckboxInput,
    )
    stale = django_filters.BooleanFilter(
        label=_("Sans mise à jour récente"),
        field_name="is_stale",
        method="only_if_checked",
        widget=forms.CheckboxInput,
    )
    due_after = django_filters.DateFilter(
        label=_("Échéance après le"),
        field_name="due_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        label=_("Échéance avant le"),
        field_name="due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    class Meta:
        model = Recommendation
        fields = []

    def only_if_checked(self, queryset, name, value):
        """An unchecked box means "no filter", not "only those that are not"."""
        return queryset.filter(**{name: True}) if value else queryset

    def search(self, queryset, name, value):
        return text_matching(queryset, ("reference", "text"), value)

    def filter_structure(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=recommendation_ids_of_structure(value.pk))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["reference"]))
