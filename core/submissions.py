"""Forms sent once: the one mechanism against double submits.

Every form that creates or changes something carries a one-time token
(``{% submission_token %}``, a new one at each rendering). ``SubmittedOnceMiddleware`` records
the token in the same transaction as the view's work: the first sending of a form does the
work, and a second sending of the same form — a double click, a reload, six parallel requests —
waits for the first to finish (PostgreSQL's unique index; SQLite's single writer), does nothing,
and is sent where the first one was, with a message saying so. A token is kept only when the
view answered with a redirect (the form was accepted); a form refused for its content renders
again with a fresh token; a view that fails (a 500) keeps nothing of its work, token included.
On SQLite (``make run`` only) the transaction holds the database's single write lock for the
whole request.

Buttons also disable themselves on submit (static/js/forms.js), which spares the server the
second request in the common case; the token is what makes it true without JavaScript.
"""

import re
import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import error_report_safely
from .models import Submission

FIELD = "submission"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
KEEP_DAYS = 2


def submission_token_new():
    return secrets.token_urlsafe(24)


def submission_token(request):
    """The token this POST carries, or None (a form without one, an anonymous visitor)."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD, "")
    return token if TOKEN.fullmatch(token) else None


class SubmittedOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = submission_token(request)
        if token is None:
            return self.get_response(request)
        # A server error inside the transaction is reported once it is over (core.errors):
        # the report must survive the rollback of the failed request.
        request.deferred_error_reports = []
        try:
            response = self._once(request, token)
        finally:
            reports = request.__dict__.pop("deferred_error_reports", [])
        for exc_info in reports:
            error_report_safely(request, exc_info)
        return response

    def _once(self, request, token):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(token=token, user=request.user)
            except IntegrityError:
                submission = None
            if submission is not None:
                response = self.get_response(request)
                if response.status_code >= 500 or connection.needs_rollback:
                    # The view failed: none of its work is kept, nor the token, so the form
                    # can be sent again.
                    transaction.set_rollback(True)
                elif response.status_code in (301, 302, 303) and response.get("Location"):
                    submission.location = response["Location"][:2000]
                    submission.save(update_fields=["location"])
                else:
                    submission.delete()
                return response
        return self._duplicate(request, token)

    def _duplicate(self, request, token):
        first = Submission.objects.filter(token=token, user=request.user).first()
        if first is None or not first.location:
            # Another user's token, or a first sending still refused: do it as any form.
            return self.get_response(request)
        messages.info(
            request,
            _(
                "Ce formulaire avait déjà été envoyé : il n'a été pris en compte qu'une fois. "
                "Voici le résultat du premier envoi."
            ),
        )
        return HttpResponseRedirect(first.location)


def submissions_purge(now=None):
    """Forget the tokens of forms sent more than KEEP_DAYS ago: a page left open that long
    renders a new token when it is reloaded."""
    now = now or timezone.now()
    deleted, _by_model = Submission.objects.filter(
        created_at__lt=now - timedelta(days=KEEP_DAYS)
    ).delete()
    return deleted
