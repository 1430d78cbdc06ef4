"""The filters of the agents' queue and of a DSI's list of tickets."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from core.search import SearchFilterSet

from .models import DONE_STATUSES, Category, Priority, Status, Ticket
from .search import tickets_matching
from .selectors import helpdesk_agents

ACTIVE = "active"
STATUS_CHOICES = [(ACTIVE, _("Non résolues")), *Status.choices]
SLA_CHOICES = [
    ("on_time", _("Dans les délais")),
    ("at_risk", _("À risque")),
    ("breached", _("Délai dépassé")),
]
SORTS = {
    "-created": ("-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "updated": ("updated_at", "pk"),
    "due": ("resolution_due_at", "pk"),
    "priority": ("priority__rank", "resolution_due_at", "pk"),
    "reference": ("reference",),
    "-reference": ("-reference",),
}
SORT_CHOICES = [
    ("-created", _("Les plus récentes")),
    ("created", _("Les plus anciennes")),
    ("-updated", _("Mises à jour récemment")),
    ("updated", _("Sans mise à jour depuis longtemps")),
    ("due", _("Échéance de résolution la plus proche")),
    ("priority", _("Priorité la plus haute")),
    ("reference", _("Référence croissante")),
    ("-reference", _("Référence décroissante")),
]
# The saved views: links at the top of the queue; each is the work still to be done.
MINE, UNASSIGNED, BREACHED = "mine", "unassigned", "breached"
VIEW_CHOICES = [
    (MINE, _("Mes demandes")),
    (UNASSIGNED, _("Non assignées")),
    (BREACHED, _("En dépassement")),
]


def breached_now():
    """``sla_state == "breached"`` (``TicketQuerySet.with_sla_state``) as plain conditions on
    columns, instead of comparing the state computed by a CASE for every row: PostgreSQL
    evaluates them on the entries of the covering index of migration 0010 alone, twice as fast.

    The SLA clock stands at ``paused_since`` or ``resolved_at`` when the ticket is paused or
    resolved, at the current time otherwise; the ticket is breached when the clock is past the
    resolution due time, or when the first response came late or has not come by the response
    due time (tests/helpdesk/test_queue.py checks that both select the same tickets).
    """
    now = timezone.now()
    stopped_at = Coalesce("paused_since", "resolved_at")
    stopped = Q(paused_since__isnull=False) | Q(resolved_at__isnull=False)
    running = Q(paused_since__isnull=True, resolved_at__isnull=True)
    for_good = Q(first_response_at__gt=F("response_due_at")) | (
        stopped
        & (
            Q(resolution_due_at__lt=stopped_at)
            | Q(first_response_at__isnull=True, response_due_at__lt=stopped_at)
        )
    )
    return (
        for_good
        | (running & Q(resolution_due_at__lt=now))
        | (running & Q(first_response_at__isnull=True, response_due_at__lt=now))
    )


def _by_status(queryset, name, value):
    if value == ACTIVE:
        return queryset.exclude(status__in=DONE_STATUSES)
    return queryset.filter(status=value)


class MyTicketsFilter(SearchFilterSet):
    """A DSI's tickets. The search never looks into internal notes."""

    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("Tous")
    )

    include_internal = False

    class Meta:
        model = Ticket
        fields = []

    def search(self, queryset, name, value):
        return tickets_matching(queryset, value, include_internal=self.include_internal)

    def filter_status(self, queryset, name, value):
        return _by_status(queryset, name, value)


class QueueFilter(MyTicketsFilter):
    """The agents' queue: expects ``tickets_for_queue()`` (annotated with ``sla_state``)."""

    view = django_filters.ChoiceFilter(
        label=_("Vue"), choices=VIEW_CHOICES, method="saved_view", widget=forms.HiddenInput
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Catégorie"), queryset=Category.objects.all(), empty_label=_("Toutes")
    )
    priority = django_filters.ModelChoiceFilter(
        label=_("Priorité"), queryset=Priority.objects.all(), empty_label=_("Toutes")
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Agent"),
        queryset=lambda request: helpdesk_agents(),
        empty_label=_("Tous"),
        null_label=_("Non assignée"),
    )
    structure = django_filters.ModelChoiceFilter(
        label=_("Structure"), queryset=Structure.objects.order_by("name"), empty_label=_("Toutes")
    )
    sla = django_filters.ChoiceFilter(
        label=_("Délai (SLA)"), choices=SLA_CHOICES, method="filter_sla", empty_label=_("Tous")
    )
    created_after = django_filters.DateFilter(
        label=_("Créées à partir du"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    created_before = django_filters.DateFilter(
        label=_("Créées jusqu'au"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    include_internal = True

    def saved_view(self, queryset, name, value):
        active = queryset.exclude(status__in=DONE_STATUSES)
        if value == MINE:
            return active.filter(assignee=self.request.user)
        if value == UNASSIGNED:
            return active.filter(assignee__isnull=True)
        return active.filter(breached_now())

    def filter_sla(self, queryset, name, value):
        if value == BREACHED:
            return queryset.filter(breached_now())
        return queryset.filter(sla_state=value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["-created"]))
