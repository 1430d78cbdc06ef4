"""``/helpdesk/``: a DSI's tickets of their structure, or the agents' queue and its bulk
actions. Other roles have no helpdesk list: 404, like any page outside their scope."""

from urllib.parse import unquote, urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.permissions import has_role
from accounts.roles import Role

from .. import services
from ..filters import VIEW_CHOICES, MyTicketsFilter, QueueFilter
from ..models import Status, Ticket
from ..permissions import can_file_ticket, is_agent
from ..selectors import (
    helpdesk_agents,
    tickets_for_queue,
    tickets_of_structure,
    tickets_queue_counts,
)

PAGE_SIZE = 25
ASSIGN, CHANGE_STATUS = "assign", "status"


def index(request):
    if is_agent(request.user):
        return _queue(request)
    if has_role(request.user, Role.DSI):
        return _my_tickets(request)
    raise Http404


def _my_tickets(request):
    tickets = tickets_of_structure(viewer=request.user)
    filterset = MyTicketsFilter(request.GET or None, queryset=tickets, request=request)
    return render(
        request,
        "helpdesk/my_tickets.html",
        {
            "filter": filterset,
            "page_obj": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_file": can_file_ticket(request.user),
        },
    )


def _queue(request):
    tickets = tickets_for_queue(viewer=request.user)
    filterset = QueueFilter(request.GET or None, queryset=tickets, request=request)
    return render(
        request,
        "helpdesk/queue.html",
        {
            "filter": filterset,
            "page_obj": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "saved_views": _saved_views(request),
            "bulk_form": BulkActionForm(viewer=request.user),
            "back": request.get_full_path(),
        },
    )


def _saved_views(request):
    counts = tickets_queue_counts(viewer=request.user)
    current = request.GET.get("view", "")
    return [
        {"key": key, "label": label, "count": counts[key], "active": key == current}
        for key, label in VIEW_CHOICES
    ]


class BulkActionForm(forms.Form):
    tickets = forms.ModelMultipleChoiceField(
        queryset=Ticket.objects.none(),
        error_messages={"required": gettext_lazy("Cochez au moins une demande.")},
    )
    action = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (CHANGE_STATUS, CHANGE_STATUS)])
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Confier à"),
        queryset=helpdesk_agents().none(),
        required=False,
        empty_label=gettext_lazy("Choisir un agent"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Passer au statut"),
        # No move leads back to "new" (services.tickets.TRANSITIONS).
        choices=[("", gettext_lazy("Choisir un statut"))]
        + [choice for choice in Status.choices if choice[0] != Status.NEW],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tickets"].queryset = Ticket.objects.visible_to(viewer)
        self.fields["assignee"].queryset = helpdesk_agents()

    def clean(self):
        data = super().clean()
        if data.get("action") == ASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Choisissez l'agent à qui confier les demandes."))
        if data.get("action") == CHANGE_STATUS and not data.get("status"):
            self.add_error("status", _("Choisissez le nouveau statut."))
        return data

    def apply(self, *, actor):
        """Run the bulk service; returns the success message (ValidationError if refused)."""
        data = self.cleaned_data
        tickets, count = list(data["tickets"]), len(data["tickets"])
        if data["action"] == ASSIGN:
            services.ticket_bulk_assign(actor=actor, tickets=tickets, assignee=data["assignee"])
            return ngettext(
                "%(count)s demande confiée à %(agent)s.",
                "%(count)s demandes confiées à %(agent)s.",
                count,
            ) % {"count": count, "agent": data["assignee"]}
        services.ticket_bulk_transition(actor=actor, tickets=tickets, status=data["status"])
        return ngettext(
            "%(count)s demande passée au statut « %(status)s ».",
            "%(count)s demandes passées au statut « %(status)s ».",
            count,
        ) % {"count": count, "status": Status(data["status"]).label}


def bulk_action(request):
    """Assign or move the checked tickets, all or none, then back to the filtered queue."""
    if not is_agent(request.user):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = BulkActionForm(request.POST, viewer=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_back_to_queue(request.POST.get("next")))
    try:
        messages.success(request, form.apply(actor=request.user))
    except ValidationError as error:
        messages.error(
            request,
            _("Aucune demande n'a été modifiée : %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
    return redirect(_back_to_queue(request.POST.get("next")))


def _back_to_queue(target):
    """The queue page the agent came from, filters included; only ever a path under
    /helpdesk/ (no other site, no ``..`` climbing out of it)."""
    queue = reverse("helpdesk:index")
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return queue
    parts = urlsplit(target)
    path = unquote(parts.path)
    climbs = any(segment in {".", ".."} for segment in path.split("/"))
    if parts.scheme or parts.netloc or climbs or "\\" in path or not path.startswith(queue):
        return queue
    return target
