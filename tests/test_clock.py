"""The moved clock of tests/clock.py: TEST_CLOCK is read as Ouagadougou time, and a test that
travels itself still lands where it asked, inside the session's travel."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.clock import CLOCK_SUITES, REAL_CLOCK_ONLY, moved_clock

OUAGA = ZoneInfo("Africa/Ouagadougou")


def test_an_unset_clock_is_the_real_one(monkeypatch):
    monkeypatch.delenv("TEST_CLOCK", raising=False)
    assert moved_clock() is None


def test_a_clock_without_offset_is_ouagadougou_time(monkeypatch):
    monkeypatch.setenv("TEST_CLOCK", "2026-12-31T23:30")
    assert moved_clock() == datetime(2026, 12, 31, 23, 30, tzinfo=OUAGA)


def test_a_malformed_clock_stops_the_run(monkeypatch):
    monkeypatch.setenv("TEST_CLOCK", "31/12/2026")
    with pytest.raises(pytest.UsageError, match="ISO datetime"):
        moved_clock()


def test_a_test_that_travels_lands_where_it_asked_whatever_the_session_clock():
    with time_machine.travel(datetime(2024, 2, 29, 10, 0, tzinfo=OUAGA), tick=False):
        assert timezone.localtime().date().isoformat() == "2024-02-29"


def test_each_test_starts_at_the_moved_clock(_moved_clock):
    if _moved_clock is None:
        pytest.skip("TEST_CLOCK is not set: the session runs at the real clock")
    elapsed = timezone.now() - _moved_clock
    assert 0 <= elapsed.total_seconds() < 60


# What a test file that depends on the date is recognised by.
READS_THE_CLOCK = re.compile(
    r"timezone\.now\(|localdate\(|localtime\(|date\.today\(|datetime\.now\(|time_machine"
)


def test_every_suite_that_reads_the_clock_runs_under_the_moved_clock():
    """A new test file about dates cannot stay out of `make test-clock` by being forgotten in
    tests/clock.py's list (browser and real-worker tests keep the real clock)."""
    tests = Path(__file__).resolve().parent
    unlisted = [
        path.relative_to(tests).as_posix()
        for path in sorted(tests.rglob("test_*.py"))
        if path.parts[len(tests.parts)] not in REAL_CLOCK_ONLY
        and path.relative_to(tests).as_posix() not in CLOCK_SUITES
        and READS_THE_CLOCK.search(path.read_text())
    ]
    assert unlisted == [], "add these to CLOCK_SUITES in tests/clock.py"
