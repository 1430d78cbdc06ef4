"""The portal's URLconf plus stand-ins for the pages the later apps will deliver.

With it every section of dsi_portal/navigation.py resolves, so the navigation tests can check
which roles see which section before the recommendations and helpdesk apps exist.
"""

from django.http import HttpResponse
from django.urls import include, path

from dsi_portal.urls import urlpatterns as portal_urlpatterns


def placeholder(request):
    return HttpResponse("placeholder")


recommendations_patterns = (
    [
        path("", placeholder, name="list"),
        path("dashboard/", placeholder, name="dashboard"),
    ],
    "recommendations",
)
helpdesk_patterns = (
    [
        path("", placeholder, name="index"),
        path("stats/", placeholder, name="stats"),
    ],
    "helpdesk",
)

urlpatterns = [
    *portal_urlpatterns,
    path("recommendations/", include(recommendations_patterns)),
    path("helpdesk/", include(helpdesk_patterns)),
]
