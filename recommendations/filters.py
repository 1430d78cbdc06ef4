from functools import cached_property

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from core.search import SearchFilterSet, text_matching
from meetings.models import Meeting
from meetings.models.meetings import NEWEST_FIRST

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


# With no year chosen, the session select offers the latest sessions only (and the one chosen):
# a list of every session grew with the years (300 options at scale 1, 900 at scale 3).
LATEST_SESSIONS = 12


def _sessions_to_offer(request):
    """The sessions that adopted recommendations, among those the user may see: a session a DSI
    is not invited to is not even named."""
    if request is None:
        return Meeting.objects.none()
    # A probe of the index on meeting_id per session, newest first, not a pass over every
    # recommendation: the select and the years stop at what they draw.
    with_recommendations = Exists(Recommendation.objects.filter(meeting=OuterRef("pk")))
    return Meeting.objects.visible_to(request.user).filter(with_recommendations).only("pk", "title")


def _chosen_id(data, name):
    """The id ``data`` gives for ``name``, or None when it is not one."""
    value = data.get(name) if data else None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class RecommendationFilter(SearchFilterSet):
    """The list's filters; pass ``request`` so that the sessions offered are the user's.

    The session select draws a window of ``_sessions_to_offer``: the sessions of the year
    chosen, else the LATEST_SESSIONS latest, and always the session chosen (a link from a
    session's page, ``?meeting=``, names an older one). One structure select serves both ways of
    taking part: leading or contributing, or leading only ("lead_only"); the dashboard's links
    ``?lead=<id>`` read as that structure with "lead_only" checked."""

    year = django_filters.NumberFilter(
        label=_("Année"),
        method="filter_year",
        min_value=1,
        max_value=9999,
        decimal_places=0,
        widget=forms.Select,
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Session"), queryset=_sessions_to_offer, empty_label=_("Toutes")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thème"), queryset=Theme.objects.all(), empty_label=_("Tous")
    )
    structure = django_filters.ModelChoiceFilter(
        label=_("Structure"),
        queryset=Structure.objects.only("pk", "name"),
        method="filter_structure",
        empty_label=_("Toutes"),
    )
    lead_only = django_filters.BooleanFilter(
        label=_("Comme pilote seulement"), method="leave_to_structure", widget=forms.CheckboxInput
    )
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=Status.choices, empty_label=_("Tous")
    )
    overdue = django_filters.BooleanFilter(
        label=_("En retard"), method="only_overdue", widget=forms.CheckboxInput
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

    # "Comme pilote seulement" says how the structure chosen takes part: not a filter by itself.
    NOT_COUNTED = SearchFilterSet.NOT_COUNTED | {"lead_only"}

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        lead = _chosen_id(data, "lead")
        if lead is not None:
            # The links of the dashboard's ranking, and those saved before the two structure
            # selects became one.
            data = data.copy()
            data.pop("lead")
            data["structure"], data["lead_only"] = str(lead), "on"
        super().__init__(data, *args, **kwargs)
        self.filters["year"].extra["widget"] = forms.Select(choices=lambda: self._year_choices)
        self.filters["meeting"].queryset = self._sessions_drawn
        if _chosen_id(self.data, "year") is None:
            self.filters["meeting"].extra["help_text"] = _(
                "Les %(count)s plus récentes ; choisissez une année pour les autres."
            ) % {"count": LATEST_SESSIONS}
        self.filters["structure"].queryset = self._structures_drawn

    @cached_property
    def _year_choices(self):
        """The years that have sessions to offer, the latest first."""
        years = _sessions_to_offer(self.request).datetimes("starts_at", "year", order="DESC")
        return [("", _("Toutes"))] + [(when.year, when.year) for when in years]

    def _sessions_drawn(self, request):
        """The window of ``_sessions_to_offer`` the select draws (see the class)."""
        sessions = _sessions_to_offer(request)
        year = _chosen_id(self.data, "year")
        chosen = _chosen_id(self.data, "meeting")
        if year is not None and 1 <= year <= 9999:
            window = Q(starts_at__year=year) | Q(pk=chosen) if chosen else Q(starts_at__year=year)
            return sessions.filter(window)
        # Who may see what is asked once, in the subquery of the latest (a DSI's sessions are
        # those of the invitations of their structure: thousands of rows).
        window = Q(pk__in=sessions.order_by(*NEWEST_FIRST).values("pk")[:LATEST_SESSIONS])
        if chosen:
            window |= Q(pk__in=sessions.filter(pk=chosen).values("pk"))
        return Meeting.objects.filter(window).only("pk", "title")

    def _structures_drawn(self, request):
        """The active structures, and the one chosen if it is not (a former lead)."""
        structures = Structure.objects.only("pk", "name")
        chosen = Q(pk=_chosen_id(self.data, "structure") or 0)
        return structures.filter(Q(is_active=True) | chosen)

    def only_if_checked(self, queryset, name, value):
        """An unchecked box means "no filter", not "only those that are not"."""
        return queryset.filter(**{name: True}) if value else queryset

    def only_overdue(self, queryset, name, value):
        # The condition itself rather than its annotation ``is_overdue``: the index on
        # (status, due_date) reads it.
        return queryset.overdue() if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(meeting__starts_at__year=int(value))

    def search(self, queryset, name, value):
        return text_matching(queryset, ("reference", "text"), value)

    def filter_structure(self, queryset, name, value):
        if not value:
            return queryset
        if self.form.cleaned_data.get("lead_only"):
            return queryset.filter(lead_structure=value)
        return queryset.filter(pk__in=recommendation_ids_of_structure(value.pk))

    def leave_to_structure(self, queryset, name, value):
        return queryset

    def sort_by(self, queryset, name, value):
        if value == "-days_late" and self.form.cleaned_data.get("overdue"):
            # Every row is late: the latest first is the soonest due first, an order the index
            # on (status, due_date) gives without sorting every late row.
            value = "due_date"
        return queryset.order_by(*SORTS.get(value, SORTS["reference"]))
