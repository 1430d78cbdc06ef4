"""Every page requires login except an explicit few: a new public page must be added here."""

from django.urls import URLResolver, get_resolver

# URL names (with their namespace) of the views marked @login_not_required.
PUBLIC_VIEWS = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    # Browsers ask for the icon without credentials.
    "favicon",
    "set_language",
    # Django's admin login: the admin sends its own anonymous visitors there.
    "admin:login",
    # Calendar clients cannot log in: the secret token in the feed's address is the key.
    "meetings:personal_feed",
}


def walk(patterns, namespace=""):
    """(qualified URL name, view) for every pattern, recursing into includes."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else repr(pattern)
            yield name, pattern.callback


def login_exempt_views():
    return {
        name
        for name, view in walk(get_resolver().url_patterns)
        if getattr(view, "login_required", True) is False
    }


def test_only_the_allowed_pages_are_open_without_login():
    assert login_exempt_views() == PUBLIC_VIEWS


def test_a_page_of_the_portal_sends_an_anonymous_visitor_to_the_login(client, db):
    response = client.get("/accounts/directory/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
