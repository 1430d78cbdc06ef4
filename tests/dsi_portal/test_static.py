import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders

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
