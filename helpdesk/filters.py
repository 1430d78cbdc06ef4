"""The filters of the agents' queue and of a DSI's list of tickets."""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from core.forms import list_choices
from core.search import SearchFilterSet

from .models import Category, Priority, SlaState, Status, Ticket
from .search import tickets_matching
from .selectors import helpdesk_agents

ACTIVE = "active"
# The status filter's empty choice ("Tous"): asked for in a link, every ticket whatever its
# status (the queue otherwise opens on the active ones).
EVERY_STATUS = ""
STATUS_CHOICES = [(ACTIVE, _("Non résolues")), *Status.choices]
SORTS = {
    "-created": ("-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "updated": ("updated_at", "pk"),
    "due": ("resolution_due_at", "pk"),
    "priority": ("priority_rank", "resolution_due_at", "pk"),
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


# The figures of the backlog (``TicketQuerySet.backlog_counts``), each with the queue's filter
# that lists the same tickets, and its name there.
BACKLOG = [
    ("active", dict(STATUS_CHOICES)[ACTIVE], {"status": ACTIVE}),
    ("overdue", dict(VIEW_CHOICES)[BREACHED], {"view": BREACHED}),
    ("waiting", Status.WAITING.label, {"status": Status.WAITING.value}),
    ("unassigned", dict(VIEW_CHOICES)[UNASSIGNED], {"view": UNASSIGNED}),
]


def _by_status(queryset, name, value):
    if value == ACTIVE:
        return queryset.active()
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
    """The agents' queue: expects ``tickets_for_queue()`` (annotated with ``sla_state``).

    It opens on the work still to do: without a status in the query, the active tickets
    (``?status=active``); ``?status=`` (``EVERY_STATUS``, "Tous") lists every ticket."""

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
        label=_("Structure"),
        queryset=Structure.objects.only("pk", "name").order_by("name"),
        empty_label=_("Toutes"),
    )
    sla = django_filters.ChoiceFilter(
        label=_("Respect des délais"),
        choices=SlaState.choices,
        method="filter_sla",
        empty_label=_("Tous"),
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
    DEFAULTS = {"status": ACTIVE}

    # The selects of rows of the database, each drawn from a list loaded once (list_choices).
    LISTED = ("category", "priority", "assignee", "structure")

    def __init__(self, data=None, *args, agents=None, **kwargs):
        """``agents``: ``helpdesk_agents()`` already loaded by the page (its bulk actions
        offer the same), else read here."""
        self.opens_on_default = data is None or "status" not in data
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("status", ACTIVE)
        super().__init__(data, *args, **kwargs)
        # Every row of each select, by field name: the page may show them elsewhere.
        self.listed = {}
        for name in self.LISTED:
            field = self.form.fields[name]
            rows = agents if name == "assignee" and agents is not None else field.queryset
            self.listed[name] = list(rows)
            list_choices(field, self.listed[name])

    @property
    def lists_every_active_ticket(self):
        """True when the list is the tickets still to do and no filter narrows them (the
        queue as it opens, in any order): as many as the backlog's ``active`` figure."""
        self.form.is_valid()  # the list runs the same validation: a refused value filters nothing
        chosen = self.form.cleaned_data
        return chosen.get("status") == ACTIVE and not chosen.get("view") and not self.active_count

    @property
    def lists_every_status(self):
        return self.data.get("status") == EVERY_STATUS

    def saved_view(self, queryset, name, value):
        if value == MINE:
            return queryset.active().filter(assignee=self.request.user)
        if value == UNASSIGNED:
            return queryset.unassigned()
        return queryset.overdue()

    def filter_sla(self, queryset, name, value):
        return queryset.in_sla_state(value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["-created"]))
