"""The floor of a signed-in page (issue 18): the session comes from the cache, the user and
their roles from one query, the staff warnings from the cache, so a view that reads
``request.user`` costs at most two queries. A role given or taken away counts from the next
request, and a session outlives the cache."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts.backends import EmailBackend
from accounts.permissions import has_role, is_coordination, sees_all_users
from accounts.roles import Role
from core.sessions import SessionStore
from helpdesk.permissions import is_agent, uses_helpdesk

pytestmark = pytest.mark.urls("bench.urls")
FLOOR = "/bench/floor/"


@pytest.fixture(autouse=True)
def _sessions_in_the_cache(settings):
    """As with Redis (production): the embedded default keeps sessions in the database alone
    (settings: a per-process cache cannot share a logout), so both passes test the cached
    engine here, in one process."""
    settings.SESSION_ENGINE = "core.sessions"


@pytest.mark.parametrize("member", ["dsi_health", "agent", "secretariat", "admin"])
def test_a_page_reading_the_user_costs_at_most_two_queries(
    cast, login, member, django_assert_max_num_queries
):
    client = login(getattr(cast, member))
    with django_assert_max_num_queries(2):  # the staff warnings not yet cached
        assert client.get(FLOOR).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(FLOOR).content.decode() == getattr(cast, member).email


def test_the_role_checks_of_a_request_read_the_roles_loaded_with_the_user(
    cast, django_assert_num_queries
):
    """The menu, the permissions and the filters each ask the user's roles: one query loads
    the signed-in user with them, and no check asks again."""
    with django_assert_num_queries(1):
        user = EmailBackend().get_user(cast.agent.pk)
        for _check in range(3):
            assert is_agent(user) and sees_all_users(user) and uses_helpdesk(user)
            assert not is_coordination(user) and not has_role(user, Role.DSI)
            assert user.role == Role.ANPTIC_AGENT


def test_a_role_taken_away_counts_from_the_next_request(cast, login):
    client = login(cast.agent)
    assert client.get("/helpdesk/stats/").status_code == 200
    cast.agent.groups.remove(Group.objects.get(name=Role.ANPTIC_AGENT.value))
    assert client.get("/helpdesk/stats/").status_code == 404


def test_a_role_given_counts_from_the_next_request(cast, login):
    client = login(cast.dsi_health)
    assert client.get("/helpdesk/stats/").status_code == 404
    cast.dsi_health.groups.add(Group.objects.get(name=Role.ANPTIC_AGENT.value))
    assert client.get("/helpdesk/stats/").status_code == 200


def test_a_session_outlives_the_cache(cast, login):
    client = login(cast.dsi_health)
    key = client.session.session_key
    cache.delete(SessionStore.cache_key_prefix + key)
    assert client.get(FLOOR).content.decode() == cast.dsi_health.email
    assert cache.get(SessionStore.cache_key_prefix + key) is not None


def test_a_session_is_cached_for_a_few_minutes_at_most(cast, login):
    """A deletion the cache missed (a logout while Redis timed out) lasts no longer than this."""
    from core.sessions import CACHED_SECONDS

    client = login(cast.dsi_health)
    store = SessionStore(client.session.session_key)
    store.load()
    key = cache.make_and_validate_key(store.cache_key)
    if hasattr(cache, "_expire_info"):  # the local-memory cache: its expiry instants
        import time

        seconds = cache._expire_info[key] - time.time()
    else:  # Redis: the key's remaining lifetime
        seconds = cache._cache.get_client(key).ttl(key)
    expiry_seconds = seconds
    assert 0 < expiry_seconds <= CACHED_SECONDS


def test_a_session_ended_is_gone_from_the_cache_too(cast, login):
    client = login(cast.dsi_health)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert cache.get(SessionStore.cache_key_prefix + key) is None
    assert client.get(FLOOR).status_code == 302
