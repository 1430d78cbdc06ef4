from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class EmailLoginForm(AuthenticationForm):
    """The login form: e-mail and password, with messages that say what to do."""

    username = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie ; après "
            "%(limit)s échecs, le compte est bloqué pendant %(minutes)s minutes."
        ),
        "inactive": _("Ce compte est désactivé. Contactez le Secrétariat pour le réactiver."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "receives_digest"]

    def __init__(self, *args, offer_digest=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the readers of the weekly digest (the Secretary General) see the option.
        if not offer_digest:
            del self.fields["receives_digest"]
