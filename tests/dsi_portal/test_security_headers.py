"""The headers production sends, read off real responses of the production settings.

The test settings speak plain HTTP; these tests load the real settings with the production
variables in a fresh interpreter (as `check --deploy` does) and read what a browser would get
behind the reverse proxy that terminates TLS and sets X-Forwarded-Proto.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-for-the-header-test-" + "x" * 40,
    "ALLOWED_HOSTS": "portail-dsi.gov.bf",
    "REDIS_URL": "",
    "EMAIL_URL": "smtp://relay.gov.bf:25",
    "SECURE_PROXY_SSL_HEADER": "true",
}

# Asks the production settings for the login page, as the proxy would forward it, and prints
# the status, the headers and the cookies with their attributes.
PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client

# The hashed names of collectstatic do not change a header: skip building the manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

extra = json.loads(sys.argv[1])
response = Client().get("/accounts/login/", HTTP_HOST="portail-dsi.gov.bf", **extra)
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": {
        name: {key: morsel[key] for key in ("secure", "httponly", "samesite")}
        for name, morsel in response.cookies.items()
    },
}))
"""


def production_response(tmp_path, forwarded_proto=None, **env):
    extra = {"HTTP_X_FORWARDED_PROTO": forwarded_proto} if forwarded_proto else {}
    base = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DSI_IGNORE_DOTENV": "1",
        "DJANGO_SETTINGS_MODULE": "dsi_portal.settings",
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'headers.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(extra)],
        cwd=ROOT,
        env={**base, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def behind_the_proxy(tmp_path_factory):
    return production_response(tmp_path_factory.mktemp("proxy"), forwarded_proto="https")


def test_the_login_page_answers_over_https_behind_the_proxy(behind_the_proxy):
    assert behind_the_proxy["status"] == 200


def test_hsts_tells_browsers_to_use_https_for_a_year(behind_the_proxy):
    hsts = behind_the_proxy["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_the_content_security_policy_allows_only_our_own_origin_and_no_inline_code(
    behind_the_proxy,
):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in behind_the_proxy["headers"]["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in behind_the_proxy["headers"]["Content-Security-Policy"]
    assert "unsafe-eval" not in behind_the_proxy["headers"]["Content-Security-Policy"]


def test_the_page_cannot_be_framed_nor_sniffed_and_leaks_no_referrer(behind_the_proxy):
    headers = behind_the_proxy["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_csrf_cookie_is_secure_and_hidden_from_scripts(behind_the_proxy):
    csrf = behind_the_proxy["cookies"]["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"


def test_plain_http_is_redirected_to_https(tmp_path):
    response = production_response(tmp_path)
    assert response["status"] == 301
    assert response["headers"]["Location"] == "https://portail-dsi.gov.bf/accounts/login/"


def test_x_forwarded_proto_is_ignored_unless_the_proxy_is_trusted(tmp_path):
    # Without SECURE_PROXY_SSL_HEADER a client could claim HTTPS by sending the header itself.
    response = production_response(
        tmp_path, forwarded_proto="https", SECURE_PROXY_SSL_HEADER="false"
    )
    assert response["status"] == 301
    assert response["headers"]["Location"].startswith("https://")


def test_the_session_cookie_is_secure_and_http_only_after_login(client, cast, settings):
    # The production values the test settings turn off for plain HTTP.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.post(
        "/accounts/login/",
        {"username": cast.dsi_health.email, "password": PASSWORD},
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    # It ends with the browser: no expiry date is sent.
    assert not session["expires"] and not session["max-age"]


def test_the_test_settings_send_the_same_policy(client, db):
    """Every page the browser journeys visit runs under the production policy."""
    policy = client.get("/accounts/login/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


# An inline <script>, an event-handler attribute or a style attribute: what the policy blocks.
INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style", re.I)


def test_no_page_template_holds_code_the_policy_would_block():
    """E-mails (read in mail clients) and PDFs (rendered by WeasyPrint) are not under the CSP."""
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates")
        if "pdf" in relative.parts or "email" in str(relative):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if INLINE_CODE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
