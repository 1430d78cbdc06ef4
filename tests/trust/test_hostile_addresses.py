"""Hostile values in the addresses themselves (issue 8, item 3).

Every URL pattern of the portal (read from the resolver, admin aside) is requested with its
parameters replaced by what an attacker can type in the address bar: NUL, huge numbers, very long
or invisible strings. The answer is a 404 (or the page's ordinary refusal), never a 500, for a
DSI and for the administrator who sees everything.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import Visitor, rolled_back, user_for

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
VALUES = {
    "int": ["99999999999999999999"],
    "str": ["a%00b", "A" * 300, "%E2%80%AE..%2F%C0%AF%FF"],
}


def routes(patterns, prefix=""):
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is None:
            continue  # regular expressions: the admin's, covered as a group by the table
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and PARAMETER.search(route):
            yield prefix + route


def addresses():
    for route in sorted(set(routes(get_resolver().url_patterns))):
        converters = {m["converter"] or "str" for m in PARAMETER.finditer(route)}
        for converter in converters:
            for value in VALUES.get(converter, VALUES["str"]):
                yield "/" + PARAMETER.sub(
                    lambda m, c=converter, v=value: v if (m["converter"] or "str") == c else "1",
                    route,
                )


@pytest.mark.parametrize(
    ("role", "methods"),
    [("dsi", ("get", "post")), ("admin", ("get", "post")), ("anonymous", ("get",))],
)
def test_hostile_values_in_addresses_never_crash(client, cast, world, role, methods):
    visitor = Visitor(client, user_for(cast, role))
    crashes = []
    for address in addresses():
        for method in methods:
            with rolled_back():
                answer = visitor.request(method, address)
            if str(answer).startswith("500"):
                crashes.append(f"{method.upper()} {address[:80]}: {answer}")
    assert not crashes, "\n".join(crashes)


def test_the_addresses_cover_every_parameterised_pattern():
    tried = list(addresses())
    assert any(a.startswith("/helpdesk/a%00b/") for a in tried)
    assert any(a.startswith("/meetings/99999999999999999999/") for a in tried)
    assert any(a.startswith("/meetings/feed/") for a in tried)


@pytest.mark.parametrize(
    "address",
    ["/meetings/feed/%00.ics", "/helpdesk/%00/", "/helpdesk/HD-2022-%00001/export.pdf"],
)
def test_a_nul_byte_in_the_address_answers_404(client, cast, world, address):
    """Found by the test above: PostgreSQL refuses NUL in a text lookup, so these crashed (a 500
    that anyone could trigger through the public calendar feed)."""
    assert client.get(address).status_code == 404
    client.force_login(cast.agent)
    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
