"""A cache outage slows the figures down; it never breaks the page."""

from core.cache import cached_figures

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_figures_are_computed_when_the_cache_is_down(settings):
    settings.CACHES = DEAD_REDIS
    calls = []

    def compute():
        calls.append(1)
        return {"rate": 42}

    assert cached_figures("test", ("fingerprint",), compute) == {"rate": 42}
    assert cached_figures("test", ("fingerprint",), compute) == {"rate": 42}
    assert len(calls) == 2


def test_the_dashboard_answers_when_the_cache_is_down(settings, login, cast):
    settings.CACHES = DEAD_REDIS
    assert login(cast.secretary_general).get("/recommendations/dashboard/").status_code == 200
