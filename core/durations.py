"""Durations written the way operators type them in environment variables: 7d, 1d, 2h, 15m."""

import re
from datetime import timedelta

_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_PATTERN = re.compile(r"^\s*(\d+)\s*([dhms])\s*$")


def parse_duration(text):
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration such as 7d, 2h, 15m or 30s")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def parse_durations(text):
    """ "7d,1d" → [7 days, 1 day], longest first, without repeats; "" → []."""
    parts = [part for part in text.split(",") if part.strip()]
    return sorted({parse_duration(part) for part in parts}, reverse=True)
