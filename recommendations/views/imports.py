"""The Secretariat imports a session's recommendations: upload and preview, then confirm.

The checked rows wait in the user's session between the two steps, under a token that a new
upload replaces, so that only the latest preview can be confirmed, and only once.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..forms import ImportForm
from ..imports import import_preview, recommendations_import
from ..selectors import sessions_adopting_recommendations
from ._helpers import require_manager_or_404

SESSION_KEY = "recommendations_import"
TEMPLATE = "recommendations/import.html"


def import_upload(request):
    require_manager_or_404(request.user)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = token = None
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)  # a new upload makes any older preview stale
        if form.is_valid():
            meeting, upload = form.cleaned_data["meeting"], form.cleaned_data["file"]
            try:
                preview = import_preview(
                    file=upload, extension=upload.validated.extension, meeting=meeting
                )
            except ValidationError as error:
                form.add_error("file", error)
            if preview and preview.is_valid:
                token = secrets.token_urlsafe(16)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "meeting": meeting.pk,
                    "rows": preview.as_data(),
                }
    context = {"form": form, "preview": preview, "token": token}
    if preview:
        context["meeting"] = form.cleaned_data["meeting"]
    return render(request, TEMPLATE, context)


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    token = request.POST.get("token", "")
    if pending and token and constant_time_compare(token, pending["token"]):
        # Used once, whatever the outcome: a refused import needs a corrected file anyway.
        del request.session[SESSION_KEY]
        meeting = sessions_adopting_recommendations().filter(pk=pending["meeting"]).first()
    else:
        meeting = None
    if meeting is None:
        messages.error(
            request,
            _(
                "Cet aperçu n'est plus valable : un autre fichier a été déposé depuis, ou "
                "l'import a déjà eu lieu. Déposez le fichier à nouveau."
            ),
        )
        return redirect("recommendations:import")
    try:
        result = recommendations_import(actor=request.user, meeting=meeting, rows=pending["rows"])
    except ValidationError as error:
        form = ImportForm(initial={"meeting": meeting})
        return render(request, TEMPLATE, {"form": form, "commit_errors": error.messages})
    messages.success(request, _summary(result))
    return redirect("recommendations:list")


def _summary(result):
    created = ngettext("%(count)s créée", "%(count)s créées", result.created) % {
        "count": result.created
    }
    updated = ngettext("%(count)s mise à jour", "%(count)s mises à jour", result.updated) % {
        "count": result.updated
    }
    return ngettext(
        "%(count)s recommandation importée (%(created)s, %(updated)s).",
        "%(count)s recommandations importées (%(created)s, %(updated)s).",
        result.total,
    ) % {"count": result.total, "created": created, "updated": updated}
