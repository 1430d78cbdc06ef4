from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

# How long a reset link stays valid, as the e-mail and the "link sent" page tell the user.
RESET_LINK_VALIDITY = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

# The login, logout and password views keep Django's standard names (no namespace) in
# dsi_portal/urls.py, because Django's own code reverses them by those names.
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
]

auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        views.PasswordResetView.as_view(
            html_email_template_name="registration/password_reset_email.html",
            email_template_name="registration/password_reset_email.txt",
            extra_email_context=RESET_LINK_VALIDITY,
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=RESET_LINK_VALIDITY),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
