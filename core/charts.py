"""Server-side SVG charts that know no domain: horizontal bars, one stacked bar, a line.

The same SVG shows on the page and in the PDF (WeasyPrint renders inline SVG but reads no
external CSS), so every style is a presentation attribute. Every piece of text the caller gives
is escaped here — text with ``escape``, attributes with ``quoteattr`` — and only the assembled
result is marked safe. A value that is missing (None, or not a finite number) is drawn as 0 and
printed "—"; values are clamped to the axis for drawing but printed as given.
"""

import math
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core import formats

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
FONT_SIZE = 12
TEXT_COLOR = "#1e1e1e"
MUTED_COLOR = "#5a5a5a"
GRID_COLOR = "#d4d4d4"
TRACK_COLOR = "#eef0ee"
MISSING = "—"
ELLIPSIS = "…"
LABEL_MAX_CHARS = 40
# An average DejaVu Sans glyph is about 0.6 em wide; enough to size label columns.
CHAR_WIDTH = FONT_SIZE * 0.6
EMPTY_TEXT = _("Aucune donnée")

# Characters XML 1.0 forbids: one in a label would make the SVG unreadable to an XML parser.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}")
_LINK_SCHEMES = frozenset({"", "http", "https"})


@dataclass(frozen=True)
class Bar:
    """One horizontal bar; ``url`` is the filtered list the figure counts."""

    label: str
    value: int | float | Decimal | None
    url: str | None = None


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar, in its own ``color`` (``#rrggbb`` or a colour name)."""

    label: str
    value: int | float | Decimal | None
    color: str
    url: str | None = None


@dataclass(frozen=True)
class Point:
    """One point of a line chart, on a categorical x axis (a session, a month)."""

    label: str
    value: int | float | Decimal | None
    url: str | None = None


def _text(value):
    """Element content: the caller's text (lazy translations too), escaped for XML."""
    return escape(_XML_INVALID.sub("", str(value)))


def _attr(value):
    """An attribute value, quoted and escaped; quoteattr also keeps tabs and newlines."""
    return quoteattr(_XML_INVALID.sub("", str(value)))


def _num(number):
    """A coordinate, short: 2 decimals at most, no trailing zeros."""
    return f"{number:.2f}".rstrip("0").rstrip(".") or "0"


def _amount(value):
    """The value as a float for drawing, or None when it is missing or not a finite number."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _clamp(value, maximum):
    return min(max(_amount(value) or 0.0, 0.0), maximum)


def _axis_max(values, maximum):
    """The caller's maximum, or the largest value; 1 when nothing is above zero."""
    given = _amount(maximum)
    if given is not None and given > 0:
        return given
    return max((_amount(v) or 0.0 for v in values), default=0.0) or 1.0


def _printed(value, value_format):
    """The value as ``value_format`` writes it: a function of core.formats (the default), or a
    ``str.format`` pattern."""
    if _amount(value) is None:
        return MISSING
    return value_format(value) if callable(value_format) else value_format.format(value)


def _count(value):
    """A legend count: whole numbers without decimals, others with one."""
    amount = _amount(value)
    if amount is None:
        return MISSING
    return formats.number(amount, 0 if amount.is_integer() else 1)


def _truncate(label, limit):
    label = str(label)
    if len(label) <= limit:
        return label
    return label[: max(limit - 1, 1)].rstrip() + ELLIPSIS


def _color(color):
    if not _COLOR.fullmatch(str(color)):
        raise ValueError(f"Not a colour: {color!r}")
    return _attr(color)


def _linked(url, content):
    """Wrap ``content`` in a link to ``url``; only page-relative and web addresses are links."""
    if not url:
        return content
    if urlsplit(str(url)).scheme.lower() not in _LINK_SCHEMES:
        raise ValueError(f"Charts link only to web pages, not to {url!r}")
    return f"<a href={_attr(url)}>{content}</a>"


def _svg(*, width, height, title, desc, body):
    chart_id = f"chart-{uuid.uuid4().hex[:12]}"
    # An image's content is hidden from assistive technologies: a chart whose bars are links is
    # a group, so that those links can be reached (axe-core: nested-interactive).
    role = "group" if "<a href=" in body else "img"
    return mark_safe(  # noqa: S308 - every piece of caller data went through _text or _attr
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_num(width)} '
        f'{_num(height)}" width="{_num(width)}" height="{_num(height)}" role="{role}" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT_COLOR}">'
        f'<title id="{chart_id}-title">{_text(title)}</title>'
        f'<desc id="{chart_id}-desc">{_text(desc)}</desc>'
        f"{body}</svg>"
    )


def _empty_chart(*, title, empty_text, width):
    height = 40
    body = (
        f'<text x="{_num(width / 2)}" y="{_num(height / 2 + FONT_SIZE * 0.35)}" '
        f'text-anchor="middle" fill="{MUTED_COLOR}">{_text(empty_text)}</text>'
    )
    return _svg(width=width, height=height, title=title, desc=empty_text, body=body)


def _summary(entries):
    """The chart in words for screen readers: ``label : value`` pairs."""
    return " ; ".join(f"{label} : {value}" for label, value in entries)


def bar_chart(
    *,
    items,
    title,
    value_format=formats.whole_percent,
    max_value=None,
    width=640,
    bar_height=22,
    color="#0b6b3a",
    empty_text=EMPTY_TEXT,
) -> SafeString:
    """Horizontal bars, one per ``Bar``, labels on the left and the value after each bar."""
    items = list(items)
    if not items:
        return _empty_chart(title=title, empty_text=empty_text, width=width)
    fill = _color(color)
    maximum = _axis_max([item.value for item in items], max_value)
    gap = max(bar_height * 0.4, 4)
    label_width = min(LABEL_MAX_CHARS * CHAR_WIDTH, width * 0.45)
    label_chars = max(int(label_width / CHAR_WIDTH), 4)
    value_width = 72
    bar_x = label_width + 8
    bar_area = max(width - bar_x - value_width, 1)
    height = len(items) * (bar_height + gap) + gap
    baseline = bar_height / 2 + FONT_SIZE * 0.35

    rows = []
    for index, item in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = bar_area * _clamp(item.value, maximum) / maximum
        printed = _printed(item.value, value_format)
        content = (
            f"<title>{_text(f'{item.label} : {printed}')}</title>"
            f'<text x="{_num(label_width)}" y="{_num(y + baseline)}" text-anchor="end">'
            f"{_text(_truncate(item.label, label_chars))}</text>"
            f'<rect x="{_num(bar_x)}" y="{_num(y)}" width="{_num(length)}" '
            f'height="{_num(bar_height)}" fill={fill} class="chart-bar"/>'
            f'<text x="{_num(bar_x + length + 6)}" y="{_num(y + baseline)}">'
            f"{_text(printed)}</text>"
        )
        rows.append(_linked(item.url, f"<g>{content}</g>"))
    desc = _summary((item.label, _printed(item.value, value_format)) for item in items)
    return _svg(width=width, height=height, title=title, desc=desc, body="".join(rows))


def stacked_bar(*, segments, title, width=640, height=28, empty_text=EMPTY_TEXT) -> SafeString:
    """One bar split in proportion to the segments, with a legend listing each one and its count.

    A segment worth zero takes no room in the bar but keeps its line in the legend, so the
    reader sees that nothing is in that state rather than wondering where it went.
    """
    segments = list(segments)
    if not segments:
        return _empty_chart(title=title, empty_text=empty_text, width=width)
    colors = [_color(segment.color) for segment in segments]
    total = sum(_clamp(segment.value, math.inf) for segment in segments)
    line_height = FONT_SIZE * 1.6
    swatch = FONT_SIZE * 0.9
    legend_top = height + 12
    chart_height = legend_top + len(segments) * line_height + 4

    parts = [
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="{TRACK_COLOR}"/>'
    ]
    x = 0.0
    for segment, fill in zip(segments, colors, strict=True):
        share = _clamp(segment.value, math.inf) / total if total else 0.0
        if share == 0:
            continue
        length = width * share
        content = (
            f"<title>{_text(f'{segment.label} : {_count(segment.value)}')}</title>"
            f'<rect x="{_num(x)}" y="0" width="{_num(length)}" height="{_num(height)}" '
            f'fill={fill} class="chart-segment"/>'
        )
        parts.append(_linked(segment.url, f"<g>{content}</g>"))
        x += length
    if not total:
        parts.append(
            f'<text x="{_num(width / 2)}" y="{_num(height / 2 + FONT_SIZE * 0.35)}" '
            f'text-anchor="middle" fill="{MUTED_COLOR}">{_text(empty_text)}</text>'
        )
    for index, (segment, fill) in enumerate(zip(segments, colors, strict=True)):
        y = legend_top + index * line_height
        content = (
            f'<rect x="0" y="{_num(y)}" width="{_num(swatch)}" height="{_num(swatch)}" '
            f"fill={fill}/>"
            f'<text x="{_num(swatch + 6)}" y="{_num(y + swatch - 1)}" class="chart-legend">'
            f"{_text(f'{segment.label} : {_count(segment.value)}')}</text>"
        )
        parts.append(_linked(segment.url, f"<g>{content}</g>"))
    desc = _summary((segment.label, _count(segment.value)) for segment in segments)
    return _svg(width=width, height=chart_height, title=title, desc=desc, body="".join(parts))


def line_chart(
    *,
    points,
    title,
    width=640,
    height=240,
    y_max=100,
    value_format=formats.whole_percent,
    color="#0b6b3a",
    empty_text=EMPTY_TEXT,
) -> SafeString:
    """A line through the points, each a marker with its value, over gridlines every quarter.

    ``y_max=None`` scales the axis to the largest value.
    """
    points = list(points)
    if not points:
        return _empty_chart(title=title, empty_text=empty_text, width=width)
    stroke = _color(color)
    maximum = _axis_max([point.value for point in points], y_max)
    left, right, top, bottom = 56, 12, 20, 36
    plot_width = max(width - left - right, 1)
    plot_height = max(height - top - bottom, 1)
    step = plot_width / len(points)
    label_chars = max(int(step / CHAR_WIDTH), 4)

    def y_of(value):
        return top + plot_height * (1 - _clamp(value, maximum) / maximum)

    parts = []
    for quarter in range(5):
        tick = maximum * quarter / 4
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{_num(left + plot_width)}" y2="{_num(y)}" '
            f'stroke="{GRID_COLOR}" stroke-width="1" class="chart-grid"/>'
            f'<text x="{left - 6}" y="{_num(y + FONT_SIZE * 0.35)}" text-anchor="end" '
            f'fill="{MUTED_COLOR}">{_text(_printed(tick, value_format))}</text>'
        )
    coordinates = [
        (left + step * (index + 0.5), y_of(point.value)) for index, point in enumerate(points)
    ]
    polyline = " ".join(f"{_num(x)},{_num(y)}" for x, y in coordinates)
    parts.append(
        f'<polyline points="{polyline}" fill="none" stroke={stroke} stroke-width="2" '
        f'stroke-linejoin="round"/>'
    )
    axis_y = top + plot_height
    for point, (x, y) in zip(points, coordinates, strict=True):
        printed = _printed(point.value, value_format)
        marker = (
            f"<title>{_text(f'{point.label} : {printed}')}</title>"
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill={stroke} stroke="#ffffff" '
            f'stroke-width="1.5" class="chart-marker"/>'
            f'<text x="{_num(x)}" y="{_num(y - 8)}" text-anchor="middle">{_text(printed)}</text>'
        )
        parts.append(_linked(point.url, f"<g>{marker}</g>"))
        parts.append(
            f'<text x="{_num(x)}" y="{_num(axis_y + FONT_SIZE + 8)}" text-anchor="middle" '
            f'class="chart-x-label">{_text(_truncate(point.label, label_chars))}</text>'
        )
    desc = _summary((point.label, _printed(point.value, value_format)) for point in points)
    return _svg(width=width, height=height, title=title, desc=desc, body="".join(parts))
