"""Settings of the benchmark (``make bench-seed``, ``make bench``, ``make bench-load``): the
portal's production settings, plus this app and the load run's minimal view.

Production's ``dsi_portal.settings`` does not list this app; only this module does.
"""

from dsi_portal.settings import *  # noqa: F403
from dsi_portal.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
