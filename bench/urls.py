"""The portal's URLs plus ``/bench/minimal/`` and ``/bench/floor/``, for the benchmark only
(see settings.py here)."""

from django.urls import path

from dsi_portal.urls import urlpatterns as portal_urlpatterns

from .views import floor, minimal

urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/floor/", floor, name="bench_floor"),
    *portal_urlpatterns,
]
