"""The audit the journeys rely on fails when a page breaks one of its rules.

Each page here is served at the live server's own address by Playwright's router, so that the
only thing wrong with it is the fault under test.
"""

import pytest

from tests.e2e.conftest import PHONE, PageAudit

PROBE = "/audit-probe/"
CLEAN = '<main><h1>Sonde</h1><p lang="fr">Rien à signaler.</p></main>'
POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"


def serve(page, live_server, body, headers=None):
    def fulfil(route):
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers=headers or {},
            body=(
                '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>Sonde</title></head><body>{body}</body></html>"
            ),
        )

    page.route(f"{live_server.url}{PROBE}**", fulfil)
    page.set_viewport_size(PHONE)
    audit = PageAudit(page, live_server.url)
    page.goto(PROBE)
    return audit


def test_a_clean_page_passes(page, live_server):
    audit = serve(page, live_server, CLEAN)
    audit.check()


def test_a_request_to_another_origin_fails(page, live_server):
    audit = serve(
        page, live_server, CLEAN + '<img src="http://cdn.example.invalid/logo.png" alt="">'
    )
    with pytest.raises(AssertionError, match="leave the origin"):
        audit.check()


def test_a_page_wider_than_the_phone_fails(page, live_server):
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    wide = f'<table><tr><td><img src="{pixel}" width="900" height="1" alt=""></td></tr></table>'
    audit = serve(page, live_server, CLEAN + wide)
    with pytest.raises(AssertionError, match="px wide on a"):
        audit.check()


def test_a_heavy_page_fails(page, live_server):
    audit = serve(page, live_server, CLEAN + "<p>" + "données " * 30_000 + "</p>")
    with pytest.raises(AssertionError, match="bytes on a first visit"):
        audit.check()


def test_a_serious_accessibility_fault_fails(page, live_server):
    audit = serve(page, live_server, CLEAN + '<button type="button"></button>')
    with pytest.raises(AssertionError, match="button-name"):
        audit.check()


def test_inline_script_blocked_by_the_policy_fails(page, live_server):
    audit = serve(
        page,
        live_server,
        CLEAN + "<script>document.title = 'injecté';</script>",
        headers={"Content-Security-Policy": POLICY},
    )
    with pytest.raises(AssertionError, match="blocked by the CSP"):
        audit.check()


def test_a_page_reached_without_a_check_fails_the_journey(page, live_server):
    audit = serve(page, live_server, CLEAN)
    page.goto(PROBE + "?again")
    audit.check()
    with pytest.raises(AssertionError, match="pages reached without a check"):
        audit.finish("audit-probe")
