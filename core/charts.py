"""Server-side SVG charts that know no domain: horizontal bars, one stacked bar, lines.

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
# Every chart is drawn CHART_WIDTH units wide and shown at most that many pixels wide
# (static/css/portal.css, svg.chart), so its text is FONT_SIZE pixels on a wide screen, the same
# in every chart. On a 390-pixel phone a chart has NARROWEST_SLOT pixels (the page's and the
# column's paddings taken off) and shrinks to fit: the text is then
# FONT_SIZE * NARROWEST_SLOT / CHART_WIDTH pixels, at least MIN_FONT_PX (tests/core/test_charts.py).
CHART_WIDTH = 420
FONT_SIZE = 14
TITLE_FONT_SIZE = 15
NARROWEST_SLOT = 342
MIN_FONT_PX = 11
TEXT_COLOR = "#1e1e1e"
MUTED_COLOR = "#5a5a5a"
GRID_COLOR = "#d4d4d4"
TRACK_COLOR = "#eef0ee"
MISSING = "—"
ELLIPSIS = "…"
# An average DejaVu Sans glyph is about 0.6 em wide; enough to size label columns.
CHAR_WIDTH = FONT_SIZE * 0.6
LINE_HEIGHT = FONT_SIZE * 1.5
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
    """One point of a line chart, on a categorical x axis (a session, a month); ``tick`` is
    what the axis shows under it (the label, by default: a session's date rather than its
    whole title)."""

    label: str
    value: int | float | Decimal | None
    url: str | None = None
    tick: str | None = None


@dataclass(frozen=True)
class Series:
    """One line of a line chart: what it measures (its ``legend``), its points, its colour.
    Every series of a chart has one point per category of the x axis, in the same order."""

    legend: str
    points: tuple
    color: str = "#0b6b3a"


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
    """The chart: its title shown on top (and named for assistive technologies), then ``body``
    drawn ``height`` units below it."""
    chart_id = f"chart-{uuid.uuid4().hex[:12]}"
    # An image's content is hidden from assistive technologies: a chart whose bars are links is
    # a group, so that those links can be reached (axe-core: nested-interactive).
    role = "group" if "<a href=" in body else "img"
    header = TITLE_FONT_SIZE + 12
    return mark_safe(  # noqa: S308 - every piece of caller data went through _text or _attr
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_num(width)} '
        f'{_num(height + header)}" width="{_num(width)}" height="{_num(height + header)}" '
        f'role="{role}" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT_COLOR}">'
        f'<title id="{chart_id}-title">{_text(title)}</title>'
        f'<desc id="{chart_id}-desc">{_text(desc)}</desc>'
        f'<text x="0" y="{_num(TITLE_FONT_SIZE)}" font-size="{TITLE_FONT_SIZE}" '
        f'font-weight="bold" class="chart-title">'
        f"{_text(_truncate(title, int(width / (TITLE_FONT_SIZE * 0.62))))}</text>"
        f'<g transform="translate(0 {_num(header)})">{body}</g></svg>'
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


def _legend_entry(*, x, y, fill, label, line=False):
    """One line of a legend: a swatch (a square, or a line with its marker) and its label."""
    swatch = FONT_SIZE * 0.9
    if line:
        middle = y + swatch / 2
        mark = (
            f'<line x1="{_num(x)}" y1="{_num(middle)}" x2="{_num(x + swatch * 1.6)}" '
            f'y2="{_num(middle)}" stroke={fill} stroke-width="2"/>'
            f'<circle cx="{_num(x + swatch * 0.8)}" cy="{_num(middle)}" r="3.5" fill={fill}/>'
        )
        width = swatch * 1.6
    else:
        mark = (
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(swatch)}" height="{_num(swatch)}" '
            f"fill={fill}/>"
        )
        width = swatch
    return (
        f'{mark}<text x="{_num(x + width + 6)}" y="{_num(y + swatch - 1)}" class="chart-legend">'
        f"{_text(label)}</text>"
    )


def bar_chart(
    *,
    items,
    title,
    legend,
    value_format=formats.whole_percent,
    max_value=None,
    width=CHART_WIDTH,
    bar_height=14,
    color="#0b6b3a",
    empty_text=EMPTY_TEXT,
) -> SafeString:
    """Horizontal bars, one per ``Bar``: each label on its own line above its bar, so that a
    ministry's whole name fits even on a phone, and the value after the bar. ``legend`` names
    what the bars measure ("Taux de mise en œuvre")."""
    items = list(items)
    if not items:
        return _empty_chart(title=title, empty_text=empty_text, width=width)
    fill = _color(color)
    maximum = _axis_max([item.value for item in items], max_value)
    label_chars = max(int(width / CHAR_WIDTH), 4)
    value_width = FONT_SIZE * 4
    bar_area = max(width - value_width, 1)
    legend_height = LINE_HEIGHT + 4
    row_height = LINE_HEIGHT + bar_height + 8

    rows = [_legend_entry(x=0, y=0, fill=fill, label=legend)]
    for index, item in enumerate(items):
        top = legend_height + index * row_height
        bar_y = top + LINE_HEIGHT
        length = bar_area * _clamp(item.value, maximum) / maximum
        printed = _printed(item.value, value_format)
        content = (
            f"<title>{_text(f'{item.label} : {printed}')}</title>"
            f'<text x="0" y="{_num(top + FONT_SIZE)}" class="chart-label">'
            f"{_text(_truncate(item.label, label_chars))}</text>"
            f'<rect x="0" y="{_num(bar_y)}" width="{_num(length)}" '
            f'height="{_num(bar_height)}" fill={fill} class="chart-bar"/>'
            f'<text x="{_num(length + 6)}" y="{_num(bar_y + bar_height / 2 + FONT_SIZE * 0.35)}">'
            f"{_text(printed)}</text>"
        )
        rows.append(_linked(item.url, f"<g>{content}</g>"))
    height = legend_height + len(items) * row_height
    desc = _summary((item.label, _printed(item.value, value_format)) for item in items)
    return _svg(width=width, height=height, title=title, desc=desc, body="".join(rows))


def stacked_bar(
    *, segments, title, width=CHART_WIDTH, height=28, empty_text=EMPTY_TEXT
) -> SafeString:
    """One bar split in proportion to the segments, with a legend listing each one and its count.

    A segment worth zero takes no room in the bar but keeps its line in the legend, so the
    reader sees that nothing is in that state rather than wondering where it went.
    """
    segments = list(segments)
    if not segments:
        return _empty_chart(title=title, empty_text=empty_text, width=width)
    colors = [_color(segment.color) for segment in segments]
    total = sum(_clamp(segment.value, math.inf) for segment in segments)
    legend_top = height + 12
    chart_height = legend_top + len(segments) * LINE_HEIGHT + 4

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
        entry = _legend_entry(
            x=0,
            y=legend_top + index * LINE_HEIGHT,
            fill=fill,
            label=f"{segment.label} : {_count(segment.value)}",
        )
        parts.append(_linked(segment.url, f"<g>{entry}</g>"))
    desc = _summary((segment.label, _count(segment.value)) for segment in segments)
    return _svg(width=width, height=chart_height, title=title, desc=desc, body="".join(parts))


def line_chart(
    *,
    title,
    x_label,
    y_label,
    points=None,
    legend=None,
    series=None,
    width=CHART_WIDTH,
    height=240,
    y_max=100,
    value_format=formats.whole_percent,
    color="#0b6b3a",
    empty_text=EMPTY_TEXT,
) -> SafeString:
    """A line through the points, each a marker with its value, over gridlines every quarter;
    ``legend`` names the line, ``x_label`` and ``y_label`` the axes. Ticks that would overlap
    are left out (every second, third... one is shown), the tooltips keep every label.

    Several figures over the same categories are one chart, not one chart each: ``series``
    (a list of ``Series``) instead of ``points``, ``legend`` and ``color`` draws their lines on
    one axis, with one legend line per series. Where two lines meet, the highest value is
    printed above its marker and the others below theirs.

    ``y_max=None`` scales the axis to the largest value.
    """
    if series is None:
        series = [Series(legend, tuple(points or ()), color)]
    series = [Series(one.legend, tuple(one.points), one.color) for one in series]
    points = series[0].points
    if not points:
        return _empty_chart(title=title, empty_text=empty_text, width=width)
    if any(len(one.points) != len(points) for one in series):
        raise ValueError("Every series of a line chart has one point per category")
    strokes = [_color(one.color) for one in series]
    several = len(series) > 1
    maximum = _axis_max([p.value for one in series for p in one.points], y_max)
    tick_width = max(len(_printed(maximum * q / 4, value_format)) for q in range(5)) * CHAR_WIDTH
    left, right = tick_width + 10, 8
    # The legend, then the y axis's name, above the plot; the ticks and the x axis's name under.
    top = LINE_HEIGHT * (len(series) + 1) + FONT_SIZE
    bottom = LINE_HEIGHT * 2 + 6
    plot_width = max(width - left - right, 1)
    plot_height = max(height - top - bottom, 1)
    step = plot_width / len(points)
    ticks = [point.tick or point.label for point in points]
    widest = max(len(str(tick)) for tick in ticks)
    every = max(math.ceil((min(widest, 12) * CHAR_WIDTH + 8) / step), 1)
    tick_chars = max(int((step * every - 8) / CHAR_WIDTH), 3)
    axis_y = top + plot_height

    def y_of(value):
        return top + plot_height * (1 - _clamp(value, maximum) / maximum)

    parts = [
        _legend_entry(x=0, y=index * LINE_HEIGHT, fill=stroke, label=one.legend, line=True)
        for index, (one, stroke) in enumerate(zip(series, strokes, strict=True))
    ]
    parts.append(
        f'<text x="0" y="{_num(LINE_HEIGHT * len(series) + FONT_SIZE)}" fill="{MUTED_COLOR}" '
        f'class="chart-axis-label chart-y-axis-label">{_text(y_label)}</text>'
    )
    for quarter in range(5):
        tick = maximum * quarter / 4
        y = y_of(tick)
        parts.append(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot_width)}" '
            f'y2="{_num(y)}" stroke="{GRID_COLOR}" stroke-width="1" class="chart-grid"/>'
            f'<text x="{_num(left - 6)}" y="{_num(y + FONT_SIZE * 0.35)}" text-anchor="end" '
            f'fill="{MUTED_COLOR}">{_text(_printed(tick, value_format))}</text>'
        )
    xs = [left + step * (index + 0.5) for index in range(len(points))]
    # Where lines meet, the highest value (the first series' on a tie) is printed above.
    on_top = [
        max(range(len(series)), key=lambda n: (_clamp(series[n].points[i].value, maximum), -n))
        for i in range(len(xs))
    ]
    for number, (one, stroke) in enumerate(zip(series, strokes, strict=True)):
        coordinates = [(x, y_of(point.value)) for x, point in zip(xs, one.points, strict=True)]
        polyline = " ".join(f"{_num(x)},{_num(y)}" for x, y in coordinates)
        parts.append(
            f'<polyline points="{polyline}" fill="none" stroke={stroke} stroke-width="2" '
            f'stroke-linejoin="round"/>'
        )
        for index, (point, (x, y)) in enumerate(zip(one.points, coordinates, strict=True)):
            printed = _printed(point.value, value_format)
            tooltip = f"{point.label} : {printed}"
            value_y = y - 8
            if several:
                tooltip = f"{point.label}, {one.legend} : {printed}"
                below = y + FONT_SIZE + 6
                if on_top[index] != number and below <= axis_y - 2:
                    value_y = below
            marker = (
                f"<title>{_text(tooltip)}</title>"
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill={stroke} stroke="#ffffff" '
                f'stroke-width="1.5" class="chart-marker"/>'
                f'<text x="{_num(x)}" y="{_num(value_y)}" text-anchor="middle">'
                f"{_text(printed)}</text>"
            )
            parts.append(_linked(point.url, f"<g>{marker}</g>"))
    for index, x in enumerate(xs):
        if index % every == 0:
            parts.append(
                f'<text x="{_num(x)}" y="{_num(axis_y + FONT_SIZE + 6)}" text-anchor="middle" '
                f'class="chart-x-label">{_text(_truncate(ticks[index], tick_chars))}</text>'
            )
    parts.append(
        f'<text x="{_num(left + plot_width / 2)}" y="{_num(height - 4)}" text-anchor="middle" '
        f'fill="{MUTED_COLOR}" class="chart-axis-label chart-x-axis-label">'
        f"{_text(x_label)}</text>"
    )
    summaries = [
        _summary((point.label, _printed(point.value, value_format)) for point in one.points)
        for one in series
    ]
    if several:
        summaries = [f"{one.legend} — {text}" for one, text in zip(series, summaries, strict=True)]
    desc = ". ".join(summaries)
    return _svg(width=width, height=height, title=title, desc=desc, body="".join(parts))
