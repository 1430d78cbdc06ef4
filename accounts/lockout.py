"""How django-axes identifies and answers a locked-out account."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import EmailLoginForm
from .models import email_normalised


def lockout_username(request, credentials):
    """The account a login attempt targets, in the one form the account is looked up by
    (accounts.models.email_normalised): "Dsi@x.bf", "dsi@x.bf" and "ſi@x.bf" count against the
    same allowance of failures as the account they reach, and a form that reaches no account
    cannot unlock one."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = request.POST.get("username", "")
    return email_normalised(value)


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
