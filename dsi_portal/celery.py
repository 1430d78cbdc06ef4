"""The portal's Celery application.

Configuration comes from Django settings under the ``CELERY_`` namespace: Redis when
``REDIS_URL`` is set, kombu's filesystem transport otherwise (see settings.py).
"""

import os

from celery import Celery
from celery.signals import worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dsi_portal.settings")

app = Celery("dsi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_without_secret_key(**kwargs):
    from dsi_portal.checks import require_secret_key

    require_secret_key()


@worker_ready.connect
def beat_at_start(sender, **kwargs):
    """Record a heartbeat as soon as the worker is up, so staff are not warned for the minute
    before beat's first one."""
    sender.app.send_task("core.tasks.heartbeat")
