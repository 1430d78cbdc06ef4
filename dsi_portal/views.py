from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import broker_error, database_error

from .home import home_panels


def home(request):
    return render(request, "home.html", {"panels": home_panels(request.user)})


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database and the configured Celery broker answer, 503 otherwise."""
    checks = {
        "database": database_error(),
        "broker": broker_error(
            settings.CELERY_BROKER_URL, getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None)
        ),
    }
    healthy = not any(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body.update({name: error or "ok" for name, error in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
