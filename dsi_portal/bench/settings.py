"""Settings of the load run (``make bench-load``): the portal's own, plus the minimal view.

Only gunicorn started by ``manage.py bench_load`` uses them; production never loads this module.
"""

from dsi_portal.settings import *  # noqa: F403

ROOT_URLCONF = "dsi_portal.bench.urls"
