from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from accounts.urls import auth_urlpatterns

from . import views

admin.site.site_header = _("Portail DSI — administration")
admin.site.site_title = _("Portail DSI")
admin.site.index_title = _("Données de référence")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include(auth_urlpatterns)),
    path("accounts/", include("accounts.urls")),
    path("meetings/", include("meetings.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("helpdesk/", include("helpdesk.urls")),
    # The language switch is offered on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# A server error's page gives the user a reference and says whether the administrators hear of
# it (core.errors).
handler500 = "core.errors.server_error"
