"""Settings of the DSI portal, read from the environment (django-environ).

Every value has a safe default for a developer's machine; production sets the variables listed
in README.md. A ``.env`` file at the project root is read if present, unless
``DSI_IGNORE_DOTENV`` is set (the test suite sets it, so a developer's .env cannot leak in).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from core.durations import parse_durations

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if not os.environ.get("DSI_IGNORE_DOTENV"):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The service URLs set explicitly (environment or .env): the deploy check in dsi_portal/checks.py
# warns when production silently falls back to an embedded default.
CONFIGURED_FROM_ENV = {
    name for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL") if name in os.environ
}

# Where the embedded defaults keep their files (SQLite database, broker queue, mails, uploads).
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
# Without a key in production the settings still load, so that commands which sign nothing
# (makemigrations --check, collectstatic) work on a build machine; but the web process, the
# Celery worker and `check --deploy` refuse to start: see dsi_portal/checks.py.
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    # A throwaway key: nothing signed with it survives the process.
    SECRET_KEY = (
        "dev-only-insecure-key-do-not-use-in-production" if DEBUG else secrets.token_urlsafe(50)
    )
UNSIGNED_START_MESSAGE = (
    "SECRET_KEY is not set. Set it in the environment (a long random string), "
    "or set DEBUG=true for local development."
)


ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # runserver leaves static files to WhiteNoise's middleware (compressed when collected).
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "core",
    "accounts",
    "meetings",
    "recommendations",
    "helpdesk",
    "dsi_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (django-csp): see CONTENT_SECURITY_POLICY.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: private, no-store and a Permissions-Policy on every response built here.
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL byte in the address is a 404, not a database error.
    "core.middleware.NulInPathMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets the security journal (accounts/security.py) know who changes a role, and from where.
    "accounts.security.SecurityContextMiddleware",
    # Every page requires login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Staff are warned when the worker's heartbeat is late (reminders not sent) or when no public
    # holiday is registered for the year (the helpdesk's due times would fall on holidays).
    "dsi_portal.middleware.StaffWarningsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form sent twice (double click, six parallel requests) is done once (core.submissions).
    "core.submissions.SubmittedOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dsi_portal.urls"
WSGI_APPLICATION = "dsi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dsi_portal.navigation.navigation",
                "dsi_portal.context_processors.staff_warnings",
            ],
            # {% submission_token %} in every form beside {% csrf_token %} (core.submissions).
            "builtins": ["core.templatetags.submissions"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves the web process and the worker at once: transactions take
    # the write lock when they start (no "database is locked" halfway through one), writers
    # wait up to 20 s for each other, and readers do not block the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and results, cache -------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_QUEUE = env("CELERY_QUEUE", default="celery")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Two portals sharing one Redis (see CELERY_QUEUE) must not read each other's
            # cached figures.
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default=f"dsi_portal:{CELERY_QUEUE}"),
            # A Redis that hangs must not hang the pages: they compute without the cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # A broker that needs no server: messages are files in var/celery/.
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    # On a read-only filesystem (a production image where REDIS_URL is forgotten, a packaging
    # step) importing the settings must still work: the broker is then unusable, which /healthz
    # and the deploy check report, but manage.py commands and the web process still start.
    try:
        for _directory in (_queue_dir, _processed_dir, _control_dir):
            _directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        # Without it kombu writes a "control" folder into whatever directory it runs from.
        "control_folder": str(_control_dir),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TIMEZONE = "Africa/Ouagadougou"
# Two portals sharing one Redis (a test instance beside production) keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Notifications: the outbox and the periodic tasks that fill and empty it ----------------
# Every scheduled e-mail is a row (core.models.Notification) that the dispatcher sends when due.
NOTIFICATION_DISPATCH_EVERY = env.int("NOTIFICATION_DISPATCH_EVERY", default=60)  # seconds
NOTIFICATION_BATCH_SIZE = env.int("NOTIFICATION_BATCH_SIZE", default=50)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
# Back-off after the 1st, 2nd… failure: this many seconds, then twice as long each time.
NOTIFICATION_RETRY_BASE = env.int("NOTIFICATION_RETRY_BASE", default=120)
# A claim older than this (a sender that died) is taken again; longer than any SMTP exchange.
NOTIFICATION_CLAIM_TIMEOUT = env.int("NOTIFICATION_CLAIM_TIMEOUT", default=600)
# Staff see a warning when the worker's heartbeat is older than this many seconds.
NOTIFICATION_HEARTBEAT_LATE = env.int("NOTIFICATION_HEARTBEAT_LATE", default=600)
# ... but not in the first seconds after the web process starts: the worker started with it
# beats once a minute, and its first beat may not have come yet.
WORKER_START_GRACE = env.int("WORKER_START_GRACE", default=120)
# Reminders before a meeting, to invitees who have not declined ("7d,1d": a week and a day
# before; "5m" for a demonstration), and a nudge to those who have not answered yet.
MEETING_REMINDER_OFFSETS = parse_durations(env("MEETING_REMINDER_OFFSETS", default="7d,1d"))
MEETING_NUDGE_OFFSETS = parse_durations(env("MEETING_NUDGE_OFFSETS", default="3d"))
# Recommendations: a reminder this many days before the due date, then one a week while
# overdue; overdue for longer than RECOMMENDATION_ESCALATION_DAYS, they are escalated in the
# Secretary General's weekly digest.
RECOMMENDATION_REMINDER_DAYS = env.int("RECOMMENDATION_REMINDER_DAYS", default=14)
RECOMMENDATION_ESCALATION_DAYS = env.int("RECOMMENDATION_ESCALATION_DAYS", default=30)
# The digest leaves on this weekday (0 = Sunday … 1 = Monday) at this hour, Ouagadougou time.
DIGEST_WEEKDAY = env.int("DIGEST_WEEKDAY", default=1)
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
# Sent, cancelled and failed notifications are forgotten after this many days.
NOTIFICATION_KEEP_DAYS = env.int("NOTIFICATION_KEEP_DAYS", default=365)
# An SMTP exchange gives up after this many seconds (well under the claim timeout).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

CELERY_BEAT_SCHEDULE = {
    "dispatch-notifications": {
        "task": "core.tasks.dispatch_notifications",
        "schedule": timedelta(seconds=NOTIFICATION_DISPATCH_EVERY),
    },
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": timedelta(minutes=1)},
    "purge-notifications": {
        "task": "core.tasks.purge_notifications",
        "schedule": crontab(minute=30, hour=3, day_of_week=0),
    },
    "plan-meeting-reminders": {
        "task": "meetings.tasks.plan_meeting_reminders",
        "schedule": timedelta(minutes=15),
    },
    "plan-recommendation-reminders": {
        "task": "recommendations.tasks.plan_recommendation_reminders",
        "schedule": timedelta(hours=1),
    },
    "plan-sla-alerts": {
        "task": "helpdesk.tasks.plan_sla_alerts",
        "schedule": timedelta(minutes=5),
    },
    "close-resolved-tickets": {
        "task": "helpdesk.tasks.close_resolved_tickets",
        "schedule": timedelta(hours=1),
    },
    "plan-weekly-digest": {
        "task": "dsi_portal.tasks.plan_weekly_digest",
        "schedule": crontab(minute=0, hour=DIGEST_HOUR, day_of_week=DIGEST_WEEKDAY),
    },
}
# The figures read from a whole table (dashboard, helpdesk statistics), computed by the worker
# and kept in the database for the requests (core.summaries.REFRESH_MINUTES).
CELERY_BEAT_SCHEDULE["refresh-summaries"] = {
    "task": "core.tasks.refresh_summaries",
    "schedule": timedelta(minutes=5),
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses to authenticate a locked-out account.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# With Redis, sessions are read from the cache and kept in the database (core.sessions): no
# query per request for the session, and none lost when the cache is emptied. Without it the
# cache is each process's own: a logout seen by one worker would leave the session alive in the
# others' memory, so sessions stay in the database alone.
SESSION_ENGINE = "core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
# Sessions last one working day and end when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)
# Reset e-mails asked for within an hour: per address typed, and per client address (a whole
# ministry reaches us through one address, hence the larger allowance). Counted in the security
# journal, which records every request.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=3)
PASSWORD_RESETS_PER_CLIENT = env.int("PASSWORD_RESETS_PER_CLIENT", default=20)

# Lockout after repeated failures (django-axes), per account. Locking by address as well would
# lock a whole ministry out, since each one reaches us through a single shared address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Number of reverse proxies in front that append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
# The security journal and the lockout read the client's address through it.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
# Axes records the same client address as the security journal (X-Forwarded-For read only
# through PROXY_COUNT trusted proxies).
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_address"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Ouagadougou"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap installed from PyPI (XStatic-Bootstrap), served as our own static files.
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
# Static files as production serves them: collected with hashed names and gzip/Brotli variants,
# served by WhiteNoise. On by default outside DEBUG; `make run` turns it on too (after a
# collectstatic), so that a first visit in development weighs what it weighs in production.
# With it off (plain DEBUG), WhiteNoise serves the files straight from the finders, uncompressed,
# and an edited CSS file shows on the next reload.
STATIC_COMPRESSED = env.bool("STATIC_COMPRESSED", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COMPRESSED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_COMPRESSED
WHITENOISE_AUTOREFRESH = not STATIC_COMPRESSED and DEBUG
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's form renderer with its inputs and selects written in Python (core.form_renderer).
FORM_RENDERER = "core.form_renderer.FormRenderer"

# --- E-mail ---------------------------------------------------------------------------------
# Development default: mails are printed on the console. EMAIL_URL=smtp://... in production,
# or filemail://var/mail (relative to the project) or filemail:////srv/mail (absolute) to keep
# each mail as a file.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
if EMAIL_CONFIG.get("EMAIL_FILE_PATH"):
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = str(BASE_DIR / EMAIL_CONFIG["EMAIL_FILE_PATH"])
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Portail DSI <ne-pas-repondre@portail-dsi.bf>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# A recommendation without a validated update for this many days is "stale".
RECOMMENDATION_STALE_DAYS = env.int("RECOMMENDATION_STALE_DAYS", default=90)

# Helpdesk: a ticket is "at risk" when its resolution is due within this many hours; a
# requester may reopen a resolved ticket for this many days, after which it closes by itself.
HELPDESK_AT_RISK_HOURS = env.int("HELPDESK_AT_RISK_HOURS", default=4)
HELPDESK_REOPEN_DAYS = env.int("HELPDESK_REOPEN_DAYS", default=7)

# The portal's public address, for links in e-mails sent outside a request (Celery).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
ADMINS = [("Administrateur", a) for a in env.list("ADMINS", default=[])]

# --- Security -------------------------------------------------------------------------------
# Behind a reverse proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=true.
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of the portal uses, refused to every page (and to anything injected).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
# Our scripts read the CSRF token from the form, never from the cookie.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): everything comes from our own origin, and no inline
# script or style attribute runs, so an injected <script> or onclick= is inert. Bootstrap's CSS
# draws its icons (select arrow, navbar toggler, check marks) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # A server error becomes a report to the portal's administrators, through the outbox
        # (core.errors); Django's synchronous mail to ADMINS is not used.
        "server_errors": {"class": "core.error_handler.ServerErrorReportHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each page it lays out at INFO ("Step 5 - Creating layout - Page 12"):
        # thousands of lines a day that say nothing went wrong.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.request": {"handlers": ["server_errors"], "level": "ERROR"},
    },
}

# --- PDF ---
# The HTML a request may hand to WeasyPrint (core.pdf): layout time grows with it, about 2 s for
# 100,000 characters of text on a 2-core server (make bench measures the largest documents).
PDF_MAX_HTML_CHARS = env.int("PDF_MAX_HTML_CHARS", default=200_000)
# ... and the number of HTML elements, which tables multiply (about 2 s for 6,000 tags).
PDF_MAX_HTML_TAGS = env.int("PDF_MAX_HTML_TAGS", default=12_000)
# One PDF at a time per user; a slot left by a crashed request frees itself after this long.
PDF_SLOT_SECONDS = 60
# A ticket's PDF keeps the latest messages up to this much text and this many messages; older
# ones stay on the ticket's page.
TICKET_PDF_CONVERSATION_CHARS = 100_000
TICKET_PDF_MESSAGES = 150

# --- Uploads ---
# Largest file core.uploads.validate_upload accepts, in bytes (20 MiB). The reverse proxy's own
# body limit (client_max_body_size) must be a little higher, or it answers before the portal.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# All the files of one form together (30 MiB): three 20 MiB files are one request too many.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=30 * 1024 * 1024)
