"""gunicorn's settings for the portal: `gunicorn dsi_portal.wsgi`, run from this folder, reads
this file by itself (its default --config is ./gunicorn.conf.py)."""

import gunicorn.http.wsgi

# gunicorn names itself in a "Server" header on every response; that tells a prober what to aim
# at and nothing useful to a browser. The header stays (gunicorn always writes one) but says
# only which site answers.
gunicorn.http.wsgi.SERVER = "portail-dsi"
