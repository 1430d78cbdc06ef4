"""Deployment checks: production must name its services rather than run on the embedded defaults.

Without DATABASE_URL the portal keeps its data in a SQLite file, without REDIS_URL its Celery
queue is a folder of files that only one machine sees, and without EMAIL_URL its mails are only
printed on the console. Each is right on a developer's machine and wrong in production.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def check_secret_key_is_set(app_configs, **kwargs):
    """Production needs its own SECRET_KEY (the web process and the worker refuse to start too)."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [Error(settings.UNSIGNED_START_MESSAGE, id="dsi_portal.E001")]
    return []


SERVICE_URLS = [
    (
        "DATABASE_URL",
        "dsi_portal.W001",
        "the data is kept in a local SQLite file",
        "Set DATABASE_URL, e.g. postgres://user:password@host:5432/dsi_portal.",
    ),
    (
        "REDIS_URL",
        "dsi_portal.W002",
        "Celery runs on a filesystem broker and the cache is per process",
        "Set REDIS_URL, e.g. redis://host:6379/0.",
    ),
    (
        "EMAIL_URL",
        "dsi_portal.W003",
        "e-mails are printed on the console and never sent",
        "Set EMAIL_URL, e.g. smtp+tls://user:password@relay:587.",
    ),
]


@register(Tags.security, deploy=True)
def check_services_are_configured(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    configured = getattr(settings, "CONFIGURED_FROM_ENV", set())
    return [
        CheckWarning(f"{name} is not set: {consequence}.", hint=hint, id=check_id)
        for name, check_id, consequence, hint in SERVICE_URLS
        if name not in configured
    ]


@register(Tags.security, deploy=True)
def check_proxy_forwards_the_scheme(app_configs, **kwargs):
    """Behind proxies that terminate TLS, every request reaches Django as plain HTTP: without
    SECURE_PROXY_SSL_HEADER the HTTPS redirect sends every page to itself for ever."""
    if settings.DEBUG or not settings.SECURE_SSL_REDIRECT:
        return []
    if getattr(settings, "PROXY_COUNT", 0) > 0 and not getattr(
        settings, "SECURE_PROXY_SSL_HEADER", None
    ):
        return [
            CheckWarning(
                "PROXY_COUNT says a proxy stands in front, but SECURE_PROXY_SSL_HEADER is off: "
                "the HTTPS redirect would loop.",
                hint="Set SECURE_PROXY_SSL_HEADER=true (the proxy must set X-Forwarded-Proto).",
                id="dsi_portal.W004",
            )
        ]
    return []


def require_secret_key():
    """Called by the WSGI/ASGI entry points and the Celery worker: no production without a key."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        raise ImproperlyConfigured(settings.UNSIGNED_START_MESSAGE)
