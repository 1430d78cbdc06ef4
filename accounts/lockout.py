"""How django-axes identifies and answers a locked-out account."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import EmailLoginForm


def lockout_username(request, credentials):
    """The account a login attempt targets, normalised like the e-mail addresses we store.

    Without this, "Dsi@x.bf" and "dsi@x.bf" would count as two accounts and each get its own
    allowance of failures.
    """
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = request.POST.get("username", "")
    return str(value).strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """Show the login page again with a French explanation, HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Ce compte est temporairement bloqué après %(limit)s tentatives de connexion "
        "infructueuses. Réessayez dans %(minutes)s minutes, ou réinitialisez votre mot de "
        "passe avec le lien « Mot de passe oublié »."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    context = {"form": EmailLoginForm(request), "lockout_message": message}
    return render(request, "registration/login.html", context, status=429)
