"""How the portal writes numbers, percentages and dates, decided once.

Pages use the ``formatted`` template filter (core/templatetags/formatting.py); code that builds
strings (home cards, e-mails, PDFs, spreadsheet labels, charts) calls ``formatted`` or the
helpers below. Everything follows the active language: in French a decimal comma
("36,4 %"), full month names in dates ("20 janvier 2022") and, where room is short,
abbreviations that cannot be confused ("juin", "juil.": Django's "M" would print "Jui" and
"Jul").
"""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format

MISSING = "—"
# The portal's convention: a space between a number and its percent sign ("36,4 %").
PERCENT_SUFFIX = " %"
HOURS_SUFFIX = " h"

DATE_STYLES = {
    "date": "j F Y",  # 20 janvier 2022
    "date_short": "j N Y",  # 5 juin 2022, 5 juil. 2022
    "date_numeric": "d/m/Y",  # 05/07/2022, whatever the language
    "weekday": "l j F Y",  # jeudi 20 janvier 2022
    "datetime": "j F Y, H:i",
    "datetime_short": "j N Y, H:i",
    "datetime_numeric": "d/m/Y H:i",
    "weekday_datetime": "l j F Y, H:i",
    "month": "F Y",  # janvier 2022
    "month_short": "N Y",  # juil. 2022
    "month_numeric": "m/y",  # 07/22, where even "juil. 22" has no room (a chart's axis)
    "time": "H:i",
    "weekday_name": "l",  # jeudi (a calendar's column)
    "day_number": "j",  # 20 (a calendar's cell)
}


def _amount(value):
    """The value as a Decimal, or None when it is missing or not a finite number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _decimals(value, decimals):
    """Whole numbers print whole; other numbers (a rate, an average) with one decimal."""
    if decimals is not None:
        return decimals
    return 0 if isinstance(value, int) else 1


def _rounded(value, decimals):
    """(the value rounded half up, its number of decimals), or None without a number."""
    amount = _amount(value)
    if amount is None:
        return None
    places = _decimals(value, decimals)
    with localcontext() as context:
        # Enough digits for any finite value (a hostile 1e30 typed in an import included).
        context.prec = max(context.prec, amount.adjusted() + places + 2)
        rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return (abs(rounded) if rounded == 0 else rounded), places  # never "-0,0"


def number(value, decimals=None):
    """``36,4``: rounded half up to ``decimals`` places (by default none for an int, one for
    anything else), in the active language; "—" when there is no number."""
    rounded = _rounded(value, decimals)
    if rounded is None:
        return MISSING
    return str(number_format(rounded[0], decimal_pos=rounded[1]))


def percent(value, decimals=None):
    """``36,4 %`` (a rate), ``50 %`` (a whole progress); "—" when there is no rate."""
    printed = number(value, decimals)
    return printed if printed == MISSING else printed + PERCENT_SUFFIX


def change(value, decimals=1):
    """A change in points, signed: ``+25,0``, ``-1,5``, ``0,0``."""
    rounded = _rounded(value, decimals)
    if rounded is None:
        return MISSING
    printed = str(number_format(rounded[0], decimal_pos=rounded[1]))
    return "+" + printed if rounded[0] > 0 else printed


def hours(value):
    """A number of hours: ``2 h``, ``1,5 h``; whole hours without decimals, others with as many
    as they have (at most two)."""
    amount = _amount(value)
    if amount is None:
        return MISSING
    places = (
        0
        if amount == amount.to_integral_value()
        else min(2, -amount.normalize().as_tuple().exponent)
    )
    return number(amount, places) + HOURS_SUFFIX


def whole_percent(value):
    """A percentage without decimals, where room is short (chart labels)."""
    return percent(value, 0)


def whole_number(value):
    return number(value, 0)


NUMBER_STYLES = {"number": number, "percent": percent, "change": change, "hours": hours}


def moment(value, style="date"):
    """A date, a datetime or a time of day in one of ``DATE_STYLES``; an aware datetime is
    shown in the portal's time zone. "" when there is no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, time):
        return time_format(value, DATE_STYLES[style])
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, DATE_STYLES[style])


def formatted(value, style=None):
    """``value`` written for a reader, in ``style`` (a number style, ``NUMBER_STYLES``, or a
    date style, ``DATE_STYLES``). Without a style: dates and datetimes in full, numbers as
    ``number`` does."""
    if style is None:
        if isinstance(value, time):
            style = "time"
        elif isinstance(value, datetime):
            style = "datetime"
        elif isinstance(value, date):
            style = "date"
        else:
            style = "number"
    if style in DATE_STYLES:
        return moment(value, style)
    if style in NUMBER_STYLES:
        return NUMBER_STYLES[style](value)
    raise ValueError(f"Unknown style: {style!r}")
