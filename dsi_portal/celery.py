"""The portal's Celery application.

Configuration comes from Django settings under the ``CELERY_`` namespace: Redis when
``REDIS_URL`` is set, kombu's filesystem transport otherwise (see settings.py).
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dsi_portal.settings")

app = Celery("dsi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_without_secret_key(**kwargs):
    from dsi_portal.checks import require_secret_key

    require_secret_key()
