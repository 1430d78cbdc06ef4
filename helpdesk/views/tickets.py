"""Filing a ticket, the ticket page, and the actions on a ticket.

Every action is a POST that calls a service and comes back to the ticket page with a message.
A ticket outside the user's scope, or an action the user's side may not take, answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import protected_file_response
from core.forms import apply_errors
from core.scoping import get_visible_or_404

from .. import services
from ..forms import (
    AssignForm,
    MergeForm,
    RatingForm,
    ReplyForm,
    StatusForm,
    TicketForm,
    TriageForm,
)
from ..models import Status, Ticket
from ..permissions import can_file_ticket, is_agent, is_requester_side
from ..selectors import helpdesk_agents
from ..ticket_page import attachment_for_download, canned_replies, ticket_actions, ticket_for_page


def ticket_new(request):
    if not can_file_ticket(request.user):
        raise Http404
    form = TicketForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre demande est enregistrée sous la référence %(reference)s. Un accusé "
                    "de réception vous est envoyé par e-mail."
                )
                % {"reference": ticket.reference},
            )
            return redirect("helpdesk:ticket", ticket.reference)
    return render(request, "helpdesk/new.html", {"form": form})


def ticket_detail(request, reference):
    return _page(request, reference)


def _page(request, reference, *, reply_form=None, merge_target=None):
    ticket = ticket_for_page(request.user, reference)
    actions = ticket_actions(request.user, ticket)
    if reply_form is None:
        reply_form = _reply_form(request.user, ticket, actions=actions)
    context = {
        "ticket": ticket,
        "actions": actions,
        "reply_form": reply_form,
        "merge_target": merge_target,
        "merge_form": MergeForm() if actions.can_merge else None,
        "rating_form": RatingForm() if actions.can_rate else None,
        "agents": list(helpdesk_agents()) if actions.can_assign else None,
        "triage_form": _fetched_once(TriageForm(ticket=ticket)) if actions.can_triage else None,
    }
    return render(request, "helpdesk/ticket.html", context)


def _reply_form(user, ticket, *, actions=None, data=None, files=None):
    """The reply form of the ticket page; agents pick a canned reply and, optionally, the
    status the ticket moves to once the reply is recorded."""
    actions = actions or ticket_actions(user, ticket)
    return ReplyForm(
        data,
        files,
        agent=actions.is_agent,
        canned_replies=canned_replies() if actions.is_agent else (),
        next_statuses=actions.next_statuses,
    )


def _fetched_once(form):
    """Read each select's choices now: rendering a field iterates them more than once, and a
    queryset's choices would query the database on every pass."""
    for field in form.fields.values():
        if hasattr(field, "queryset"):
            field.choices = list(iter(field.choices))  # iter(): no COUNT query first
    return form


def attachment_download(request, pk):
    attachment = attachment_for_download(request.user, pk)
    return protected_file_response(
        attachment.file,
        download_name=attachment.original_name,
        content_type=attachment.content_type,
    )


def _participant(user, ticket):
    return is_agent(user) or is_requester_side(user, ticket)


def _agent(user, ticket):
    return is_agent(user)


def _ticket(request, reference, may):
    """The ticket, if the user sees it and their side may take the action; 404 otherwise."""
    ticket = get_visible_or_404(Ticket.objects, request.user, reference=reference)
    if not may(request.user, ticket):
        raise Http404
    return ticket


def _act(request, ticket, action, success, *, then=None):
    """Run a service; its ValidationError becomes an error message. Back to the ticket page."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("helpdesk:ticket", ticket.reference)
    messages.success(request, success)
    return redirect("helpdesk:ticket", (then or ticket).reference)


@require_POST
def ticket_reply(request, reference):
    """A reply or an internal note and, for an agent, the status chosen after it: one submit,
    one transaction, one redirect."""
    ticket = _ticket(request, reference, _participant)
    form = _reply_form(request.user, ticket, data=request.POST, files=request.FILES)
    if "insert" in request.POST:
        return _page(request, reference, reply_form=form.with_canned_reply())
    if form.is_valid():
        internal = form.cleaned_data.get("is_internal", False)
        status = form.status_after()
        try:
            services.message_add_then_transition(
                actor=request.user,
                ticket=ticket,
                body=form.cleaned_data["body"],
                is_internal=internal,
                attachments=form.cleaned_data["attachments"],
                status=status,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = _("Note interne enregistrée.") if internal else _("Votre message est envoyé.")
            if status is not None:
                done = f"{done} {_status_done(status)}"
            messages.success(request, done)
            return redirect("helpdesk:ticket", ticket.reference)
    return _page(request, reference, reply_form=form)


@require_POST
def ticket_take(request, reference):
    ticket = _ticket(request, reference, _agent)
    return _act(
        request,
        ticket,
        lambda: services.ticket_assign(actor=request.user, ticket=ticket, assignee=request.user),
        _("Vous avez pris la demande en charge."),
    )


@require_POST
def ticket_assign(request, reference):
    ticket = _ticket(request, reference, _agent)
    form = AssignForm(request.POST, agents=helpdesk_agents())
    if not form.is_valid():
        messages.error(request, _("Choisissez un agent de l'ANPTIC."))
        return redirect("helpdesk:ticket", ticket.reference)
    assignee = form.cleaned_data["assignee"]
    done = (
        _("Demande confiée à %(name)s.") % {"name": assignee}
        if assignee
        else _("La demande n'est plus attribuée.")
    )
    return _act(
        request,
        ticket,
        lambda: services.ticket_assign(actor=request.user, ticket=ticket, assignee=assignee),
        done,
    )


@require_POST
def ticket_triage(request, reference):
    """An agent changes the priority and/or the category; the service recomputes the due
    times."""
    ticket = _ticket(request, reference, _agent)
    form = TriageForm(request.POST, ticket=ticket)
    if not form.is_valid():
        messages.error(request, _("Choisissez une priorité et une catégorie."))
        return redirect("helpdesk:ticket", ticket.reference)
    changes = form.changes()
    if not any(changes.values()):
        messages.info(request, _("La priorité et la catégorie sont inchangées."))
        return redirect("helpdesk:ticket", ticket.reference)
    return _act(
        request,
        ticket,
        lambda: services.ticket_triage(actor=request.user, ticket=ticket, **changes),
        _("Demande requalifiée : les échéances sont recalculées."),
    )


@require_POST
def ticket_status(request, reference):
    ticket = _ticket(request, reference, _agent)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un statut."))
        return redirect("helpdesk:ticket", ticket.reference)
    status = Status(form.cleaned_data["status"])
    return _act(
        request,
        ticket,
        lambda: services.ticket_transition(actor=request.user, ticket=ticket, status=status),
        _status_done(status),
    )


def _status_done(status):
    return _("Statut de la demande : %(status)s.") % {"status": status.label}


@require_POST
def ticket_merge(request, reference):
    """First POST: show the confirmation; second POST (with ``confirm``): merge."""
    ticket = _ticket(request, reference, _agent)
    form = MergeForm(request.POST)
    target = form.is_valid() and (
        Ticket.objects.visible_to(request.user).filter(reference=form.cleaned_data["into"]).first()
    )
    if not target:
        messages.error(
            request,
            _("Aucune demande ne porte la référence « %(reference)s ».")
            % {"reference": request.POST.get("into", "").strip()},
        )
        return redirect("helpdesk:ticket", ticket.reference)
    if "confirm" not in request.POST:
        try:
            services.ticket_merge_check(duplicate=ticket, into=target)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("helpdesk:ticket", ticket.reference)
        return _page(request, reference, merge_target=target)
    return _act(
        request,
        ticket,
        lambda: services.ticket_merge(actor=request.user, duplicate=ticket, into=target),
        _("La demande %(duplicate)s est fusionnée dans %(into)s.")
        % {"duplicate": ticket.reference, "into": target.reference},
        then=target,
    )


@require_POST
def ticket_confirm(request, reference):
    ticket = _ticket(request, reference, is_requester_side)
    return _act(
        request,
        ticket,
        lambda: services.ticket_confirm_resolution(actor=request.user, ticket=ticket),
        _("Merci : la résolution est confirmée et la demande est clôturée."),
    )


@require_POST
def ticket_reopen(request, reference):
    ticket = _ticket(request, reference, is_requester_side)
    return _act(
        request,
        ticket,
        lambda: services.ticket_reopen(actor=request.user, ticket=ticket),
        _("La demande est rouverte : l'ANPTIC va la reprendre."),
    )


@require_POST
def ticket_rate(request, reference):
    ticket = _ticket(request, reference, is_requester_side)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une note de 1 à 5."))
        return redirect("helpdesk:ticket", ticket.reference)
    return _act(
        request,
        ticket,
        lambda: services.ticket_rate(
            actor=request.user,
            ticket=ticket,
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
        ),
        _("Merci pour votre avis."),
    )
