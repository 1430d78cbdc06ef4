"""The real URLconf minus the helpdesk, to test that the menu skips sections without pages."""

from dsi_portal.urls import urlpatterns as real_patterns

urlpatterns = [p for p in real_patterns if getattr(p, "app_name", None) != "helpdesk"]
