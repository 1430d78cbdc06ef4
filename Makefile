# Developer commands of the DSI portal. `make run` and `make test` need only Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
# The address the links of e-mails point to: the one `make run` serves, unless set.
PORTAL_BASE_URL ?= http://$(ADDR)
TEST_WORKERS ?= 2

.PHONY: help install install-dev run web worker migrate seed test lint format messages check clean bench-seed bench bench-load lock test-clock

help:
	@echo "make run     install, migrate, seed the demo data, start web + Celery worker + beat"
	@echo "make test    install the test dependencies and run the whole suite"
	@echo "make test-clock  the date suites with the clock moved to five hostile moments"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make lock   resolve the requirements*.in files into the hashed lock files"
	@echo "make messages  extract the French strings and rebuild the compiled catalogues"
	@echo "make bench-seed  the national-scale dataset, in the PostgreSQL database of DATABASE_URL"
	@echo "make bench   queries and server time of the main pages (PostgreSQL, bench-seed data)"
	@echo "make bench-load  the portal under load: gunicorn driven by wrk (PostgreSQL, wrk)"

# Check the interpreter before creating the venv: Debian and Ubuntu ship venv without ensurepip
# (package python3-venv), and `python3 -m venv` then leaves a broken .venv behind.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "Python 3.11 or newer is required (found: $$($(PYTHON) --version 2>&1)); set PYTHON=python3.11 or newer." >&2; \
		exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
		echo "Python's venv module does not work: install python3-venv (Debian/Ubuntu: apt-get install python3-venv)." >&2; \
		exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Creating $(VENV) failed: install python3-venv (Debian/Ubuntu: apt-get install python3-venv)." >&2; \
		exit 1; }

# Everything is installed from the lock files, every package with its hashes (`make lock`
# writes them). XStatic-Bootstrap publishes only an sdist whose setup imports pkg_resources,
# which recent setuptools no longer ships: build it against the pinned older setuptools of
# requirements-build.txt, without isolation.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes

$(VENV)/.installed-runtime: requirements.txt requirements-build.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-build.txt
	$(PIP_INSTALL) --no-build-isolation -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-runtime
	$(PIP_INSTALL) --no-build-isolation -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

migrate: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput

seed: migrate
	DEBUG=$${DEBUG:-true} PORTAL_BASE_URL='$(PORTAL_BASE_URL)' $(BIN)/python manage.py seed_demo

# Web server, Celery worker and beat together; Ctrl-C stops all three. Static files are collected
# and served compressed, as in production (STATIC_COMPRESSED=false serves them from the sources,
# for editing CSS or JavaScript without running make run again).
STATIC_COMPRESSED ?= true

# Collected again only when a static source or the installed packages change (half a minute:
# every file is compressed twice, gzip and Brotli).
var/.static-collected: $(shell find static -type f 2>/dev/null) $(VENV)/.installed-runtime
	DEBUG=$${DEBUG:-true} STATIC_COMPRESSED=true $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	mkdir -p var && touch $@
run: seed $(if $(filter true,$(STATIC_COMPRESSED)),var/.static-collected)
	@echo
	@echo "Portail DSI : http://$(ADDR)/  (connexion : http://$(ADDR)/accounts/login/)"
	@echo
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=$${DEBUG:-true} PORTAL_BASE_URL='$(PORTAL_BASE_URL)' $(BIN)/celery -A dsi_portal worker --beat --loglevel=INFO --concurrency=2 & \
	DEBUG=$${DEBUG:-true} STATIC_COMPRESSED=$(STATIC_COMPRESSED) PORTAL_BASE_URL='$(PORTAL_BASE_URL)' $(BIN)/python manage.py runserver $(ADDR)

test: install-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The date suites (tests marked `clock`, listed in tests/clock.py) with the whole session's clock
# moved to moments that break naive date code: New Year's Eve late at night, 29 February, the
# Friday 15:55 before a Monday public holiday (8 March 2027), 1 August, and a year beyond the
# seeded holiday tables. Africa/Ouagadougou time.
CLOCKS ?= 2026-12-31T23:30 2028-02-29T10:00 2027-03-05T15:55 2027-08-01T09:00 2031-03-15T10:00
test-clock: install-dev
	@set -e; for moment in $(CLOCKS); do \
		echo "==> clock moved to $$moment"; \
		TEST_CLOCK=$$moment $(BIN)/python -m pytest -n $(TEST_WORKERS) -m clock -p no:randomly -q $(PYTEST_ARGS); \
	done

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs GNU gettext (xgettext) to extract; compiling uses polib, so no gettext is needed to run.
messages: install-dev
	DEBUG=true $(BIN)/python manage.py makemessages --locale fr --locale en --ignore "$(VENV)/*" --no-obsolete
	DEBUG=true $(BIN)/python manage.py compile_catalogues

check: install-dev
	DEBUG=true $(BIN)/python manage.py check
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

# Performance at national scale (docs/performance.md). The benchmark is the top-level `bench`
# app, which only bench.settings installs: production's settings do not carry it. All three
# need DATABASE_URL pointing at a PostgreSQL database of their own; bench and bench-load refuse
# anything but one filled by `make bench-seed`, and say so.
BENCH := DJANGO_SETTINGS_MODULE=bench.settings $(BIN)/python manage.py
BENCH_SCALE ?= 1
BENCH_ARGS ?=
bench-seed: install
	$(BENCH) migrate --noinput
	$(BENCH) seed_bench --scale $(BENCH_SCALE)

bench: install
	$(BENCH) bench $(BENCH_ARGS)

# wrk drives the load from its own process; Debian packages it (apt-get install wrk).
bench-load: install
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get install -y wrk; \
		else \
			echo "bench-load needs wrk: install it (Debian/Ubuntu: sudo apt-get install wrk)." >&2; \
			exit 1; \
		fi; }
	$(BENCH) bench_load $(BENCH_ARGS)

# The lock files: every dependency, transitive ones included, pinned with the hashes of all its
# published files (any platform), so that an install next year gets the same bytes. Edit the
# .in files, then run this and commit both.
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --universal
lock: install-dev
	$(UV_COMPILE) requirements-build.in -o requirements-build.txt
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt
