"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dsi_portal.settings")

from dsi_portal.checks import require_secret_key

# Refuse to serve a production site signed with a throwaway key.
require_secret_key()

application = get_asgi_application()
