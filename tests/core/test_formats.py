"""The portal's one way of writing numbers, percentages and dates (core/formats.py), and its
template filter: a decimal comma in French, months that cannot be confused."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formats import change, formatted, hours, number, percent

OUAGA = ZoneInfo("Africa/Ouagadougou")


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_a_rate_has_a_decimal_comma_and_a_percent_sign():
    assert percent(36.4) == "36,4 %"
    assert percent(50.0) == "50,0 %"
    assert percent(Decimal("66.65")) == "66,7 %"  # half up, not to the even digit


def test_a_whole_progress_stays_whole():
    assert percent(50) == "50 %"
    assert percent(0) == "0 %"


def test_a_missing_figure_is_a_dash():
    for value in (None, "", float("nan"), float("inf")):
        assert number(value) == "—"
        assert percent(value) == "—"


def test_a_change_is_signed_and_never_minus_zero():
    assert change(25) == "+25,0"
    assert change(-1.5) == "-1,5"
    assert change(-0.04) == "0,0"


def test_june_and_july_are_told_apart_when_abbreviated():
    june, july = date(2022, 6, 5), date(2022, 7, 5)
    assert formatted(june, "date_short") == "5 juin 2022"
    assert formatted(july, "date_short") == "5 juil. 2022"
    assert formatted(july, "month_short") == "juil. 2022"
    assert formatted(june, "date") == "5 juin 2022"


def test_a_datetime_is_written_in_the_portals_time_zone():
    # 23:30 UTC on 31 December is 23:30 in Ouagadougou (UTC+0); 00:30 in Paris is still 2021.
    moment = datetime(2022, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert formatted(moment, "weekday_datetime") == "vendredi 31 décembre 2021, 23:30"
    assert formatted(moment.astimezone(OUAGA), "datetime_numeric") == "31/12/2021 23:30"
    assert formatted(time(7, 30)) == "07:30"


def test_the_template_filter_writes_what_the_function_writes():
    template = Template(
        '{% load formatting %}{{ rate|formatted:"percent" }} · {{ day|formatted:"date_short" }}'
        ' · {{ none|formatted:"percent" }}'
    )
    rendered = template.render(Context({"rate": 36.4, "day": date(2022, 7, 5), "none": None}))
    assert rendered == "36,4 % · 5 juil. 2022 · —"


def test_english_follows_the_language():
    with translation.override("en"):
        assert percent(36.4) == "36.4 %"
        assert formatted(date(2022, 7, 5), "date_short") == "5 July 2022"


@pytest.mark.parametrize("value", [1e30, Decimal("1E+400"), -1e29, 10**40])
def test_a_huge_number_is_written_not_refused(value):
    """A progress of 1e30 typed in an import's preview is shown, never a 500."""
    assert percent(value).endswith("%")
    assert number(value).replace("\u202f", "").replace("\xa0", "").lstrip("-")[0] == "1"


def test_hours_are_whole_without_decimals_and_others_with_a_comma():
    assert hours(Decimal("2.00")) == "2 h"
    assert hours(Decimal("1.50")) == "1,5 h"
    assert hours(Decimal("0.25")) == "0,25 h"
    assert formatted(8, "hours") == "8 h"
    assert hours(None) == "—"
