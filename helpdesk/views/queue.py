"""``/helpdesk/``: a DSI's tickets of their structure, or the agents' queue and its bulk
actions. Other roles have no helpdesk list: 404, like any page outside their scope."""

from urllib.parse import unquote, urlencode, urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import services
from ..filters import (
    ACTIVE,
    EVERY_STATUS,
    STATUS_CHOICES,
    VIEW_CHOICES,
    MyTicketsFilter,
    QueueFilter,
)
from ..forms import ASSIGN, BulkActionForm
from ..models import Status
from ..permissions import (
    can_file_ticket,
    can_manage_canned_replies,
    is_agent,
    uses_helpdesk,
)
from ..selectors import (
    helpdesk_agents,
    tickets_for_queue,
    tickets_of_structure,
    tickets_queue_counts,
    tickets_with_categories_and_priorities,
)
from ._pagination import CappedPaginator

PAGE_SIZE = 25


def index(request):
    if not uses_helpdesk(request.user):
        raise Http404
    if is_agent(request.user):
        return _queue(request)
    return _my_tickets(request)


def _my_tickets(request):
    tickets = tickets_of_structure(viewer=request.user)
    filterset = MyTicketsFilter(request.GET or None, queryset=tickets, request=request)
    return render(
        request,
        "helpdesk/my_tickets.html",
        {
            "filter": filterset,
            "page_obj": CappedPaginator(
                filterset.qs, PAGE_SIZE, searched=filterset.is_searched
            ).get_page(request.GET.get("page")),
            "can_file": can_file_ticket(request.user),
        },
    )


def _queue(request):
    tickets = tickets_for_queue(viewer=request.user)
    # The filters and the bulk actions offer the same agents: read once.
    agents = list(helpdesk_agents())
    filterset = QueueFilter(request.GET or None, queryset=tickets, request=request, agents=agents)
    counts = tickets_queue_counts(viewer=request.user)
    return render(
        request,
        "helpdesk/queue.html",
        {
            "filter": filterset,
            "page_obj": _queue_page(request, filterset, counts),
            "saved_views": _saved_views(request, filterset, counts),
            "bulk_form": BulkActionForm(viewer=request.user, agents=agents),
            "back": request.get_full_path(),
            "can_manage_canned": can_manage_canned_replies(request.user),
        },
    )


def _queue_page(request, filterset, counts):
    # The queue as it opens lists the backlog's "active" tickets: counted already.
    known = counts["active"] if filterset.lists_every_active_ticket else None
    paginator = CappedPaginator(
        filterset.qs, PAGE_SIZE, count=known, searched=filterset.is_searched
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = tickets_with_categories_and_priorities(
        list(page.object_list),
        categories=filterset.listed["category"],
        priorities=filterset.listed["priority"],
    )
    return page


def _saved_views(request, filterset, counts):
    """The links above the queue: the tickets still to do (where it opens), each saved view
    with its count (``tickets_queue_counts``), then every ticket whatever its status."""
    current = request.GET.get("view", "")
    queue = reverse("helpdesk:index")
    to_do = {
        "key": ACTIVE,
        "label": dict(STATUS_CHOICES)[ACTIVE],
        "url": queue,
        "count": counts["active"],
        "active": not current and request.GET.get("status", ACTIVE) == ACTIVE,
    }
    views = [
        {
            "key": key,
            "label": label,
            "url": f"{queue}?{urlencode({'view': key})}",
            "count": counts[key],
            "active": key == current,
        }
        for key, label in VIEW_CHOICES
    ]
    every = {
        "key": "all",
        "label": _("Toutes, résolues et clôturées comprises"),
        "url": f"{queue}?{urlencode({'status': EVERY_STATUS})}",
        "count": None,
        "active": not current and filterset.lists_every_status,
    }
    return [to_do, *views, every]


def _bulk_apply(*, actor, tickets, action, assignee, status):
    """Run the bulk service; returns the success message (ValidationError if refused)."""
    tickets, count = list(tickets), len(tickets)
    if action == ASSIGN:
        services.ticket_bulk_assign(actor=actor, tickets=tickets, assignee=assignee)
        return ngettext(
            "%(count)s demande confiée à %(agent)s.",
            "%(count)s demandes confiées à %(agent)s.",
            count,
        ) % {"count": count, "agent": assignee}
    services.ticket_bulk_transition(actor=actor, tickets=tickets, status=status)
    return ngettext(
        "%(count)s demande passée au statut « %(status)s ».",
        "%(count)s demandes passées au statut « %(status)s ».",
        count,
    ) % {"count": count, "status": Status(status).label}


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
        messages.success(request, _bulk_apply(actor=request.user, **form.cleaned_data))
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
