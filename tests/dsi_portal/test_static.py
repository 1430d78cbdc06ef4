import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]


def test_bootstrap_is_served_from_the_installed_package():
    css = finders.find("vendor/bootstrap/css/bootstrap.min.css")
    js = finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js")
    assert css and "site-packages" in css
    assert js and "site-packages" in js


def test_no_third_party_asset_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if "bootstrap" in path.lower()]


def test_pages_link_to_local_assets_only(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()
    assert "https://" not in page


FAVICON_LINK = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'


def test_the_portal_has_its_own_icon_drawn_in_its_green():
    icon = Path(finders.find("img/favicon.svg")).read_text()
    assert icon.startswith("<svg") and 'fill="#0b6b3a"' in icon
    assert "href" not in icon  # drawn here, nothing fetched


def test_pages_and_error_pages_name_the_icon(client, db):
    assert FAVICON_LINK in client.get("/accounts/login/").content.decode()
    assert FAVICON_LINK in client.get("/no-such-page/").content.decode()
    assert FAVICON_LINK in render_to_string("500.html")


def test_a_browser_asking_for_favicon_ico_gets_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
