import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.permissions import can_use_admin
from accounts.security import client_address
from core.health import broker_error, database_error, worker_is_late

from .home import home_panels

logger = logging.getLogger(__name__)

FAVICON = "img/favicon.svg"


@login_not_required
@require_safe
def favicon(request):
    """The portal's icon where a browser looks for it by itself: the pages name it, but a PDF
    or a download opened in a tab does not."""
    return HttpResponsePermanentRedirect(static(FAVICON))


@require_safe
def home(request):
    return render(request, "home.html", {"panels": home_panels(request.user)})


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """200 when the database and the configured Celery broker answer, 503 otherwise; the
    worker's heartbeat is reported too.

    The body says only "ok" or "error" per check: the error itself can name the database host,
    user or broker address, so it goes to the log, never to the (anonymous) client. A late
    worker (no heartbeat for NOTIFICATION_HEARTBEAT_LATE seconds) makes the status "degraded"
    but keeps the 200: the web process serves pages fine, and a load balancer must not take it
    out of service because reminders are late; monitoring alerts on "worker": "late".
    """
    checks = {
        "database": database_error(),
        "broker": broker_error(
            settings.CELERY_BROKER_URL, getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None)
        ),
    }
    for name, error in checks.items():
        if error:
            logger.warning("Health check %s failed: %s", name, error)
    healthy = not any(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: "error" if error else "ok" for name, error in checks.items()})
    if checks["database"]:
        body["worker"] = "unknown"
    elif worker_is_late():
        body["worker"] = "late"
        if healthy:
            body["status"] = "degraded"
        logger.warning("Health check worker: no heartbeat recently, reminders are not sent")
    else:
        body["worker"] = "ok"
    status = 200 if healthy else 503
    if not _sees_health_details(request):
        # Anyone may ask whether the portal is up; which part is down (and that the worker is
        # late) is for monitoring on the machine and for staff.
        body = {"status": body["status"]}
    return JsonResponse(body, status=status)


def _sees_health_details(request):
    """Monitoring on the machine itself (the client's address, proxies accounted for, is a
    loopback one) and signed-in staff."""
    address = client_address(request)
    if address is not None and ipaddress.ip_address(address).is_loopback:
        return True
    return can_use_admin(request.user)
