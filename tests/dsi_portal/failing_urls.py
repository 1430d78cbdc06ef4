"""The portal's URLs plus one page that fails, for the server-error tests."""

from django.urls import path

from dsi_portal.urls import handler500, urlpatterns  # noqa: F401


def broken(request):
    raise ZeroDivisionError("<b>division</b> par zéro")


urlpatterns = [*urlpatterns, path("en-panne/", broken)]
