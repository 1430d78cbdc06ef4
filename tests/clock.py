"""Run the suites with the clock moved to a moment that breaks naive date code.

    TEST_CLOCK=2026-12-31T23:30 .venv/bin/python -m pytest -n 2 -m clock

``TEST_CLOCK`` is an ISO datetime read as Africa/Ouagadougou time (the portal's zone) unless it
names its own offset. When it is set, every test starts at that moment with a ticking clock (in
each xdist worker), so the code under test sees it as "now"; tests that travel themselves
(``time_machine.travel``) still do, nested inside it.

The date suites carry the ``clock`` marker, given here from one list rather than in each file
so that adding a suite is a one-line change in one place. The browser and real-worker tests
cannot run under a moved clock (Chromium, the Celery worker and Redis keep the real one), so they
are skipped while ``TEST_CLOCK`` is set.
"""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

ENV = "TEST_CLOCK"
ZONE = ZoneInfo("Africa/Ouagadougou")
TESTS = Path(__file__).resolve().parent

# The suites about dates: reminders, SLA, due dates, recommendation states and overdue, the
# digest, the calendar and its feeds, PDFs and spreadsheets, e-mails and the outbox, the home
# pages, dashboards and statistics. Paths are relative to tests/.
CLOCK_SUITES = [
    "accounts/test_password_reset_limits.py",
    "core/test_audit.py",
    "core/test_charts.py",
    "core/test_files.py",
    "core/test_ics.py",
    "core/test_outbox.py",
    "core/test_outbox_kinds.py",
    "core/test_spreadsheets.py",
    "core/test_uploads.py",
    "accounts/test_directory.py",
    "accounts/test_passwords.py",
    "accounts/test_lockout.py",
    "accounts/test_security_events.py",
    "accounts/test_sessions.py",
    "meetings/test_answers_window.py",
    "meetings/test_calendar.py",
    "meetings/test_invitation_services.py",
    "meetings/test_meeting_services.py",
    "meetings/test_minutes_corrections.py",
    "meetings/test_minutes_pdf.py",
    "meetings/test_minutes_services.py",
    "meetings/test_notifications.py",
    "meetings/test_notifications_page.py",
    "meetings/test_pages.py",
    "meetings/test_role_matrix.py",
    "meetings/test_reminders.py",
    "meetings/test_situation_figures.py",
    "meetings/test_situations.py",
    "meetings/test_upcoming.py",
    "recommendations/test_dashboard.py",
    "recommendations/test_import_saving.py",
    "recommendations/test_pages.py",
    "recommendations/test_reminders.py",
    "recommendations/test_reports.py",
    "recommendations/test_review_marks.py",
    "recommendations/test_services.py",
    "recommendations/test_states.py",
    "dsi_portal/test_seed_demo.py",
    "helpdesk/test_exports.py",
    "helpdesk/test_priority_rank.py",
    "helpdesk/test_queue.py",
    "helpdesk/test_rules_calendar.py",
    "helpdesk/test_rules_demo.py",
    "helpdesk/test_rules_emails.py",
    "helpdesk/test_rules_sla_state.py",
    "helpdesk/test_rules_transitions.py",
    "helpdesk/test_rules_triage.py",
    "helpdesk/test_services.py",
    "helpdesk/test_sla.py",
    "helpdesk/test_stats.py",
    "helpdesk/test_stats_medians_agree.py",
    "helpdesk/test_stats_backlog.py",
    "helpdesk/test_working_timeline.py",
    "helpdesk/test_ticket_pages.py",
    "helpdesk/test_timers.py",
    "dsi_portal/test_digest.py",
    "dsi_portal/test_french_pages.py",
    "dsi_portal/test_holiday_warning.py",
    "dsi_portal/test_home.py",
    "dsi_portal/test_home_actions.py",
    "dsi_portal/test_implementation_rate.py",
    "dsi_portal/test_worker_status.py",
    "perf/test_figures_cache.py",
    "perf/test_query_counts.py",
    "trust/test_control_characters.py",
    "trust/test_cross_structure.py",
    "trust/test_escaping.py",
    "trust/test_hostile_outputs.py",
    "trust/test_permission_table.py",
    "test_clock.py",
]
# They keep the real clock: a browser, a Celery worker in its own process.
REAL_CLOCK_ONLY = ["e2e", "integration"]


def moved_clock():
    """The moment TEST_CLOCK names, as an aware datetime, or None when the clock is not moved."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise pytest.UsageError(
            f"{ENV}={value!r} is not an ISO datetime such as 2026-12-31T23:30"
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZONE)


def describe(moment):
    local = moment.astimezone(ZONE)
    return (
        f"{local:%A %d %B %Y %H:%M} Africa/Ouagadougou ({ENV}={os.environ[ENV]}, every test "
        "starts there, ticking)"
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "clock: a date suite, run again with the clock moved (TEST_CLOCK)"
    )
    missing = [path for path in CLOCK_SUITES if not (TESTS / path).exists()]
    if missing:
        # A renamed suite would silently drop out of the moved-clock runs.
        raise pytest.UsageError(f"tests/clock.py lists suites that do not exist: {missing}")
    moved_clock()  # a malformed TEST_CLOCK stops the run before anything is collected


def pytest_report_header(config):
    moment = moved_clock()
    return f"clock: {describe(moment)}" if moment else "clock: real (TEST_CLOCK not set)"


def pytest_collection_modifyitems(config, items):
    suites = {TESTS / path for path in CLOCK_SUITES}
    real_only = [TESTS / name for name in REAL_CLOCK_ONLY]
    moved = moved_clock() is not None
    skip = pytest.mark.skip(
        reason=f"{ENV} is set: a browser or a separate worker process keeps the real clock"
    )
    for item in items:
        path = Path(item.fspath).resolve()
        if path in suites:
            item.add_marker(pytest.mark.clock)
        if moved and any(folder in path.parents for folder in real_only):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    moment = moved_clock()
    if moment:
        terminalreporter.write_sep("-", f"clock moved to {describe(moment)}")


@pytest.fixture(autouse=True)
def _moved_clock():
    """Every test starts at the moment itself (a session-long travel would drift past it: the
    Friday 15:55 would be after closing time a few minutes into the run); tests that travel
    themselves nest inside this one."""
    moment = moved_clock()
    if moment is None:
        yield None
        return
    with time_machine.travel(moment, tick=True):
        yield moment
