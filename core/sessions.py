"""Sessions read from the cache, kept in the database (Django's ``cached_db``): a signed-in
request costs no query for its session, and a session outlives a cache flush or a Redis restart
(the next request reads it from the database and puts it back in the cache).

The cache keeps each session with its expiry date, checked on every read as the database's
row is: a session ends after SESSION_COOKIE_AGE whatever the cache's own timeout does. A cached
copy lives at most CACHED_SECONDS: a deletion the cache missed (a timeout during a logout, or a
request that read the row just before a logout and cached it just after) lasts no longer.
Only with Redis, shared by every process (settings: SESSION_ENGINE).

A cache that fails only costs the database, as for the cached figures (core.cache): pages,
logins and logouts answer without it. A session deleted while the cache is unreachable (a
logout, the key a login replaces) stays in the cache if the same Redis comes back with its
data, until the session's expiry date; the error is logged."""

import logging

from asgiref.sync import sync_to_async
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

logger = logging.getLogger(__name__)

CACHED_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    # Entries of our own shape, (data, expiry date): not Django's.
    cache_key_prefix = "core.sessions."

    def load(self):
        try:
            cached = self._cache.get(self.cache_key)
        except Exception:
            logger.exception("Cache unavailable: session read from the database")
            cached = None
        if cached is not None:
            data, expires = cached
            if expires > timezone.now():
                return data
        row = self._get_session_from_db()
        if row is None:
            return {}
        data = self.decode(row.session_data)
        self._keep(data, row.expire_date)
        return data

    def save(self, must_create=False):
        DatabaseStore.save(self, must_create)
        self._keep(self._session, self.get_expiry_date())

    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        await sync_to_async(self.save)(must_create)

    def _keep(self, data, expires):
        try:
            age = min(self.get_expiry_age(expiry=expires), CACHED_SECONDS)
            self._cache.set(self.cache_key, (data, expires), age)
        except Exception:
            logger.exception("Cache unavailable: session kept in the database only")

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            logger.exception("Cache unavailable: session looked up in the database")
            return DatabaseStore.exists(self, session_key)

    def delete(self, session_key=None):
        # The database's row first, outside the cache's guard: a database failure is an error.
        key = session_key if session_key is not None else self.session_key
        DatabaseStore.delete(self, session_key)
        if key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + key)
        except Exception:
            logger.exception("Cache unavailable: session deleted from the database only")
