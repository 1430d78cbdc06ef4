"""WSGI entry point (gunicorn dsi_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dsi_portal.settings")

from dsi_portal.checks import require_secret_key

# Refuse to serve a production site signed with a throwaway key.
require_secret_key()

application = get_wsgi_application()
