"""Settings for the test suite: the real settings, with test-friendly defaults.

DATABASE_URL and REDIS_URL are honoured as in production, so CI runs on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
# A developer's .env (DEBUG, another database...) must not change what the tests exercise.
os.environ.setdefault("DSI_IGNORE_DOTENV", "1")

from .settings import *  # noqa: F403
from .settings import STORAGES

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Hashing with PBKDF2 at full strength makes every login in a test take a quarter second.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the finders without a collectstatic run (the browser tests need CSS).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tasks run in the test process; the browser and worker tests of the Celery issue use a real one.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PORTAL_BASE_URL = "http://testserver"
