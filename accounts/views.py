from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.scoping import VisibleQuerysetMixin

from .filters import DirectoryFilter
from .forms import EmailLoginForm, ProfileForm
from .models import User
from .permissions import reads_digest
from .security import password_reset_allowed, password_reset_done, password_reset_requested
from .selectors import users_for_directory
from .services import user_unlock, user_update_profile


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails are limited per address and per client (accounts.security); past the
    limit, the page says so and nothing is sent, whether the address has an account or not."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not password_reset_allowed(request=self.request, email=email):
            password_reset_requested(request=self.request, email=email, refused=True)
            form.add_error(
                None,
                _(
                    "Trop de demandes de réinitialisation ont été faites pour cette adresse ou "
                    "depuis votre réseau. Réessayez dans une heure ; si le lien reçu plus tôt ne "
                    "fonctionne pas, contactez le Secrétariat."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        response = super().form_valid(form)
        password_reset_requested(request=self.request, email=email)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Resetting the password proves the user owns the mailbox, so it also lifts a lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user_unlock(user=form.user)
        password_reset_done(request=self.request, user=form.user)
        return response


def profile(request):
    # A copy, so that invalid input never shows up in the navigation of the page re-displayed.
    form = ProfileForm(
        request.POST or None,
        instance=User.objects.get(pk=request.user.pk),
        offer_digest=reads_digest(request.user),
    )
    if request.method == "POST" and form.is_valid():
        user_update_profile(actor=request.user, user=request.user, **form.cleaned_data)
        messages.success(request, _("Votre profil a été mis à jour."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class DirectoryView(FilterView):
    filterset_class = DirectoryFilter
    paginate_by = 25
    template_name = "accounts/directory.html"

    def get_queryset(self):
        return users_for_directory(viewer=self.request.user)


class UserDetailView(VisibleQuerysetMixin, DetailView):
    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return super().get_queryset().select_related("structure").prefetch_related("groups")
