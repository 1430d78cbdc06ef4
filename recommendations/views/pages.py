from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.downloads import protected_file_response
from core.forms import apply_errors, parse_id
from core.scoping import get_visible_or_404

from .. import services
from ..filters import RecommendationFilter
from ..forms import RecommendationForm, RejectForm, ResubmitForm, UpdateForm
from ..models import Evidence, Recommendation, StatusUpdate
from ..permissions import (
    can_download_evidence,
    can_manage_recommendations,
    can_propose_update,
    can_read_update,
    can_resubmit_update,
    can_see_rejection_reason,
)
from ..selectors import (
    due_soon,
    recommendation_for_page,
    recommendations_for_list,
    recommendations_of_structure,
    review_meetings,
    sessions_adopting_recommendations,
)
from ._helpers import require_manager_or_404

PAGE_SIZE = 25


def recommendation_list(request):
    filterset = RecommendationFilter(
        request.GET or None,
        queryset=recommendations_for_list(viewer=request.user),
        request=request,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_manage": can_manage_recommendations(request.user),
            "query": request.GET.urlencode(),
        },
    )


def my_recommendations(request):
    """The structure's recommendations, a page at a time: a ministry may lead hundreds."""
    mine = recommendations_of_structure(user=request.user)
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/mine.html",
        {"page_obj": page, "due_soon": due_soon(mine)},
    )


def recommendation_detail(request, pk):
    recommendation = recommendation_for_page(viewer=request.user, pk=pk)
    updates = [
        update for update in recommendation.updates.all() if can_read_update(request.user, update)
    ]
    awaiting = set()
    if any(update.state == update.State.REJECTED for update in updates):
        awaiting = set(
            StatusUpdate.objects.awaiting_resubmission(request.user.structure_id)
            .filter(recommendation=recommendation)
            .values_list("pk", flat=True)
        )
    for update in updates:
        update.shows_evidence = can_download_evidence(request.user, update)
        update.shows_rejection_reason = can_see_rejection_reason(request.user, update)
        update.may_resubmit = can_resubmit_update(request.user, update, awaiting)
    return render(
        request,
        "recommendations/detail.html",
        {
            "recommendation": recommendation,
            "updates": updates,
            "can_manage": can_manage_recommendations(request.user),
            "can_update": can_propose_update(request.user, recommendation),
            "reject_form": RejectForm(),
            "review_meetings": review_meetings(recommendation)
            if can_manage_recommendations(request.user)
            else [],
        },
    )


def recommendation_form(request, pk=None):
    require_manager_or_404(request.user)
    recommendation = get_object_or_404(Recommendation, pk=pk) if pk else None
    form = RecommendationForm(
        request.POST or None, instance=recommendation, session=_session_asked(request, pk)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if recommendation is None:
                recommendation = services.recommendation_create(actor=request.user, **data)
                messages.success(
                    request,
                    _("Recommandation %(reference)s enregistrée.")
                    % {"reference": recommendation.reference},
                )
            else:
                services.recommendation_update(
                    actor=request.user, recommendation=recommendation, **data
                )
                messages.success(request, _("La recommandation est mise à jour."))
            return redirect("recommendations:detail", recommendation.pk)
        except ValidationError as error:
            apply_errors(form, error)
    title = _("Modifier la recommandation") if recommendation else _("Nouvelle recommandation")
    return render(
        request,
        "recommendations/form.html",
        {"form": form, "recommendation": recommendation, "title": title},
    )


def _session_asked(request, pk):
    """The session a new recommendation is recorded for when the form is opened from the
    session's page (``?meeting=``); None otherwise."""
    meeting_id = parse_id(request.GET.get("meeting"))
    if pk or meeting_id is None:
        return None
    return sessions_adopting_recommendations().filter(pk=meeting_id).first()


def update_form(request, pk):
    """A DSI (or the Secretariat) reports progress, with evidence."""
    recommendation = get_visible_or_404(Recommendation.objects, request.user, pk=pk)
    if not can_propose_update(request.user, recommendation):
        return _not_yours(request, recommendation)
    form = UpdateForm(
        request.POST or None,
        request.FILES or None,
        initial={"status": recommendation.status, "progress": recommendation.progress},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update = services.update_submit(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            )
            if update.state == update.State.PENDING:
                messages.success(request, _("Mise à jour envoyée : le Secrétariat va la valider."))
            else:
                messages.success(request, _("Mise à jour enregistrée et appliquée."))
            return redirect("recommendations:detail", recommendation.pk)
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "recommendations/update_form.html",
        {"form": form, "recommendation": recommendation},
    )


def update_resubmit(request, pk):
    """A DSI corrects an update the Secretariat rejected and sends it again, its files kept."""
    rejected = get_object_or_404(
        StatusUpdate.objects.select_related("recommendation", "author", "reviewed_by"), pk=pk
    )
    get_visible_or_404(Recommendation.objects, request.user, pk=rejected.recommendation_id)
    if not can_resubmit_update(request.user, rejected):
        raise Http404
    form = ResubmitForm(request.POST or None, request.FILES or None, rejected=rejected)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resubmit(actor=request.user, rejected=rejected, **form.cleaned_data)
            messages.success(request, _("Mise à jour renvoyée : le Secrétariat va la valider."))
            return redirect("recommendations:detail", rejected.recommendation_id)
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "recommendations/resubmit_form.html",
        {"form": form, "rejected": rejected, "recommendation": rejected.recommendation},
    )


def _not_yours(request, recommendation):
    messages.error(
        request,
        _(
            "Seules les structures pilote ou contributrices de cette recommandation la "
            "mettent à jour."
        ),
    )
    return redirect("recommendations:detail", recommendation.pk)


def evidence_download(request, pk):
    """Evidence is served only here, to signed-in users who may read the recommendation; that
    of an update not validated, only to those who may see it (404 for the others)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("update__recommendation", "update__author"), pk=pk
    )
    get_visible_or_404(Recommendation.objects, request.user, pk=evidence.update.recommendation_id)
    if not can_download_evidence(request.user, evidence.update):
        raise Http404
    return protected_file_response(
        evidence.file, download_name=evidence.original_name, content_type=evidence.content_type
    )
