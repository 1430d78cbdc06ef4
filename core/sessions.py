"""Sessions read from the cache, kept in the database (Django's ``cached_db``): a signed-in
request costs no query for its session, and a session outlives a cache flush or a Redis restart
(the next request reads it from the database and puts it back in the cache).

A cache that fails only costs the database, as for the cached figures (core.cache): pages,
logins and logouts answer without it. A session deleted while the cache is unreachable (a
logout, the key a login replaces) stays in the cache if the same Redis comes back with its data,
until the session's age runs out (SESSION_COOKIE_AGE); the error is logged."""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except Exception:
            logger.exception("Cache unavailable: session read from the database")
            return DatabaseStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            logger.exception("Cache unavailable: session looked up in the database")
            return DatabaseStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception:
            logger.exception("Cache unavailable: session deleted from the database only")
