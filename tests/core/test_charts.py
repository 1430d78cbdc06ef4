"""SVG charts: well-formed, drawn to scale, linked to the lists behind them, never a way in."""

import xml.etree.ElementTree as ET
from decimal import Decimal
from itertools import pairwise

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from core.charts import (
    CHAR_WIDTH,
    CHART_WIDTH,
    MIN_FONT_PX,
    NARROWEST_SLOT,
    Bar,
    Point,
    Segment,
    Series,
    bar_chart,
    line_chart,
    stacked_bar,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quotes"'


def parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, parsed to check it is XML


def find_all(root, tag, class_=None):
    return [e for e in root.iter(f"{SVG}{tag}") if class_ is None or e.get("class") == class_]


def widths(root, class_):
    return [float(rect.get("width")) for rect in find_all(root, "rect", class_)]


def texts(root):
    """The chart's figures and labels (its visible title apart)."""
    return [
        "".join(element.itertext())
        for element in find_all(root, "text")
        if element.get("class") != "chart-title"
    ]


def hrefs(root):
    return [a.get("href") for a in find_all(root, "a")]


def implementation_by_structure(**overrides):
    fields = {
        "title": "Taux de mise en œuvre par structure",
        "items": [
            Bar("Ministère de la Santé", 100, url="/recommendations/?structure=1"),
            Bar("Ministère de l'Éducation nationale", 50, url="/recommendations/?structure=2"),
            Bar("ANPTIC", 25),
        ],
    }
    fields.update(overrides)
    return bar_chart(legend="Taux de mise en œuvre (%)", **fields)


def statuses(**overrides):
    fields = {
        "title": "Recommandations par statut",
        "segments": [
            Segment("Réalisée", 6, "#0b6b3a", url="/recommendations/?status=done"),
            Segment("En cours", 3, "#e0a100", url="/recommendations/?status=ongoing"),
            Segment("Non démarrée", 0, "#999999"),
            Segment("Abandonnée", 3, "#b00020"),
        ],
    }
    fields.update(overrides)
    return stacked_bar(**fields)


def sessions(**overrides):
    fields = {
        "title": "Mise en œuvre par session",
        "legend": "Recommandations mises en œuvre (%)",
        "x_label": "Session",
        "y_label": "Taux de mise en œuvre",
        "points": [
            Point("Janv. 2022", 40, url="/recommendations/?meeting=1"),
            Point("Avr. 2022", 60, url="/recommendations/?meeting=2"),
            Point("Juil. 2022", 80),
        ],
    }
    fields.update(overrides)
    return line_chart(**fields)


def two_series(**overrides):
    """The rate and the average progress of the same sessions: one chart, two lines."""
    fields = {
        "title": "Mise en œuvre et avancement par session",
        "x_label": "Session",
        "y_label": "Pourcentage",
        "series": [
            Series(
                "Mises en œuvre (%)",
                [Point("Janv.", 40, url="/r/?meeting=1"), Point("Avr.", 60, url="/r/?meeting=2")],
            ),
            Series(
                "Avancement moyen (%)",
                [Point("Janv.", 70, url="/r/?meeting=1"), Point("Avr.", 20, url="/r/?meeting=2")],
                color="#1f5fa8",
            ),
        ],
    }
    fields.update(overrides)
    return line_chart(**fields)


# Every chart


@pytest.mark.parametrize("chart", [implementation_by_structure, statuses, sessions, two_series])
def test_every_chart_is_a_labelled_svg_image_with_inline_fonts(chart):
    svg = chart()
    root = parse(svg)

    assert isinstance(svg, SafeString)
    assert root.tag == f"{SVG}svg"
    assert root.get("class") == "chart"
    # A chart whose bars link to lists is a group, so that its links stay reachable.
    has_links = any(True for _ in root.iter(f"{SVG}a"))
    assert root.get("role") == ("group" if has_links else "img")
    assert root.get("font-family") == "DejaVu Sans, Arial, sans-serif"
    assert root.get("viewBox").startswith(f"0 0 {CHART_WIDTH} ")
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title"
    assert desc.tag == f"{SVG}desc"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")


def test_two_charts_on_one_page_do_not_share_ids():
    first, second = parse(sessions()), parse(sessions())

    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    assert first.get("aria-describedby") != second.get("aria-describedby")


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bar_chart(legend="Taux", title="Rien", items=[]),
        lambda: stacked_bar(title="Rien", segments=[]),
        lambda: line_chart(
            legend="Série", x_label="Axe x", y_label="Axe y", title="Rien", points=[]
        ),
    ],
)
def test_a_chart_without_data_says_so(chart):
    root = parse(chart())

    assert texts(root) == ["Aucune donnée"]
    assert find_all(root, "rect") == find_all(root, "circle") == []


def test_the_empty_text_can_be_given_by_the_caller():
    root = parse(
        bar_chart(legend="Taux", title="Tickets", items=[], empty_text="Aucun ticket ce mois-ci")
    )

    assert texts(root) == ["Aucun ticket ce mois-ci"]


def test_a_colour_that_is_not_a_colour_is_refused():
    with pytest.raises(ValueError, match="colour"):
        implementation_by_structure(color='red" onclick="alert(1)')


def test_a_link_to_a_script_is_refused():
    with pytest.raises(ValueError, match="web pages"):
        implementation_by_structure(items=[Bar("Santé", 10, url="javascript:alert(1)")])


# Bars


def test_one_bar_per_item_with_lengths_in_proportion_to_values():
    full, half, quarter = widths(parse(implementation_by_structure()), "chart-bar")

    assert full > 0
    assert half == pytest.approx(full / 2, abs=0.01)
    assert quarter == pytest.approx(full / 4, abs=0.01)


def test_the_value_is_printed_after_each_bar():
    root = parse(implementation_by_structure())

    assert {"100 %", "50 %", "25 %"} <= set(texts(root))


def test_bars_are_scaled_to_the_given_maximum_and_clamped_to_it():
    root = parse(
        bar_chart(
            legend="Taux",
            title="Taux",
            items=[Bar("A", 50), Bar("B", 150), Bar("C", -20)],
            max_value=100,
        )
    )
    half, over, under = widths(root, "chart-bar")

    assert over == pytest.approx(half * 2, abs=0.01)
    assert under == 0
    assert {"150 %", "-20 %"} <= set(texts(root))


def test_numbers_may_be_ints_floats_or_decimals():
    root = parse(
        bar_chart(
            legend="Taux",
            title="Taux",
            items=[Bar("A", Decimal("80")), Bar("B", 40.0), Bar("C", 20)],
            value_format="{:.1f}",
        )
    )
    a, b, c = widths(root, "chart-bar")

    assert b == pytest.approx(a / 2, abs=0.01)
    assert c == pytest.approx(a / 4, abs=0.01)
    assert {"80.0", "40.0", "20.0"} <= set(texts(root))


def test_a_missing_value_is_drawn_as_zero_and_printed_as_a_dash():
    root = parse(
        bar_chart(legend="Taux", title="Taux", items=[Bar("Santé", 60), Bar("Éducation", None)])
    )

    assert widths(root, "chart-bar")[1] == 0
    assert "—" in texts(root)


def test_all_zero_values_draw_empty_bars_without_dividing_by_zero():
    root = parse(bar_chart(legend="Taux", title="Taux", items=[Bar("A", 0), Bar("B", 0)]))

    assert widths(root, "chart-bar") == [0, 0]


def test_a_bar_links_to_its_list_only_when_a_url_is_given():
    root = parse(implementation_by_structure())

    assert hrefs(root) == ["/recommendations/?structure=1", "/recommendations/?structure=2"]


def test_a_link_with_an_ampersand_is_escaped_in_the_markup():
    url = '/recommendations/?structure=1&status=late"><script>'
    svg = bar_chart(legend="Taux", title="Taux", items=[Bar("Santé", 10, url=url)])

    assert hrefs(parse(svg)) == [url]
    assert "<script" not in svg
    assert "&amp;status=late" in svg


def test_a_hostile_label_is_shown_as_text_and_never_as_markup():
    svg = bar_chart(legend="Taux", title=HOSTILE, items=[Bar(HOSTILE, 10)])
    root = parse(svg)

    assert "<script" not in svg
    assert root[0].text == HOSTILE
    assert HOSTILE in texts(root)
    assert find_all(root, "script") == []


def test_a_long_label_is_cut_with_an_ellipsis_but_kept_whole_in_the_tooltip():
    label = "Ministère de l'Enseignement supérieur, de la Recherche et de l'Innovation"
    root = parse(bar_chart(legend="Taux", title="Taux", items=[Bar(label, 30)]))

    (shown,) = [t for t in texts(root) if t.startswith("Ministère")]
    assert shown.endswith("…")
    assert len(shown) <= CHART_WIDTH / CHAR_WIDTH
    tooltips = [e.text for e in find_all(root, "title")]
    assert f"{label} : 30 %" in tooltips


@given(label=st.text(max_size=60))
def test_any_label_survives_the_round_trip_through_xml(label):
    # Characters that XML 1.0 forbids (NUL, most controls) are dropped; everything else stays.
    kept = "".join(c for c in label if c in "\t\n\r" or " " <= c <= "\ud7ff" or c >= "\ue000")
    kept = "".join(c for c in kept if c not in "\ufffe\uffff")
    # XML parsers read a carriage return in text as a line feed.
    kept = kept.replace("\r\n", "\n").replace("\r", "\n")
    root = parse(bar_chart(legend="Taux", title=label, items=[Bar(label, 1)]))

    assert (root[0].text or "") == kept


# Stacked bar


def test_a_stacked_bar_draws_non_zero_segments_in_proportion_and_fills_the_width():
    root = parse(statuses())
    done, ongoing, abandoned = widths(root, "chart-segment")

    assert ongoing == pytest.approx(done / 2, abs=0.01)
    assert abandoned == pytest.approx(done / 2, abs=0.01)
    assert done + ongoing + abandoned == pytest.approx(CHART_WIDTH, abs=0.05)


def test_a_zero_segment_is_not_drawn_but_listed_in_the_legend_with_its_count():
    root = parse(statuses())
    assert len(widths(root, "chart-segment")) == 3
    assert texts(root) == ["Réalisée : 6", "En cours : 3", "Non démarrée : 0", "Abandonnée : 3"]


def test_segments_and_their_legend_link_to_the_filtered_list():
    links = hrefs(parse(statuses()))

    assert links.count("/recommendations/?status=done") == 2
    assert links.count("/recommendations/?status=ongoing") == 2
    assert len(links) == 4


def test_a_stacked_bar_of_nothing_but_zeros_and_missing_values_still_has_its_legend():
    root = parse(
        stacked_bar(
            title="Statuts",
            segments=[Segment("Réalisée", 0, "#0b6b3a"), Segment("En cours", None, "#e0a100")],
        )
    )

    assert widths(root, "chart-segment") == []
    assert texts(root) == ["Aucune donnée", "Réalisée : 0", "En cours : —"]


def test_a_hostile_segment_label_is_escaped():
    svg = stacked_bar(title="Statuts", segments=[Segment(HOSTILE, 2, "#0b6b3a")])

    assert "<script" not in svg
    assert f"{HOSTILE} : 2" in texts(parse(svg))


# Line chart


def test_a_line_chart_has_one_marker_per_point_on_one_polyline():
    root = parse(sessions())

    assert len(find_all(root, "circle", "chart-marker")) == 3
    (polyline,) = find_all(root, "polyline")
    assert len(polyline.get("points").split()) == 3


def test_marker_heights_are_in_proportion_to_values():
    root = parse(sessions(points=[Point("A", 0), Point("B", 50), Point("C", 100)]))
    zero, half, full = (float(c.get("cy")) for c in find_all(root, "circle", "chart-marker"))

    assert zero > half > full
    assert zero - half == pytest.approx(half - full, abs=0.01)


def test_gridlines_mark_each_quarter_of_the_axis():
    root = parse(sessions())
    lines = find_all(root, "line", "chart-grid")

    assert len(lines) == 5
    assert {"0 %", "25 %", "50 %", "75 %", "100 %"} <= set(texts(root))


def test_the_axis_can_fit_the_data_when_no_maximum_is_given():
    root = parse(
        line_chart(
            legend="Série",
            x_label="Axe x",
            y_label="Axe y",
            title="Tickets",
            points=[Point("Mars", 8)],
            y_max=None,
            value_format="{:.0f}",
        )
    )

    assert {"0", "2", "4", "6", "8"} <= set(texts(root))


def test_a_missing_point_sits_on_the_axis_and_is_printed_as_a_dash():
    root = parse(sessions(points=[Point("A", 50), Point("B", None)]))
    _, missing = find_all(root, "circle", "chart-marker")
    zero_line = find_all(root, "line", "chart-grid")[0]

    assert missing.get("cy") == zero_line.get("y1")
    assert "—" in texts(root)


def test_markers_link_only_when_a_url_is_given_and_x_labels_sit_under_the_axis():
    root = parse(sessions())

    assert hrefs(root) == ["/recommendations/?meeting=1", "/recommendations/?meeting=2"]
    labels = find_all(root, "text", "chart-x-label")
    assert ["".join(t.itertext()) for t in labels] == ["Janv. 2022", "Avr. 2022", "Juil. 2022"]


def test_two_series_share_one_axis_one_set_of_ticks_and_a_legend_line_each():
    root = parse(two_series())

    assert len(find_all(root, "polyline")) == 2
    assert len(find_all(root, "circle", "chart-marker")) == 4
    assert len(find_all(root, "line", "chart-grid")) == 5
    assert shown(root, "chart-x-label") == ["Janv.", "Avr."]
    assert shown(root, "chart-legend") == ["Mises en œuvre (%)", "Avancement moyen (%)"]
    tooltips = [t.text for t in find_all(root, "title")]
    assert "Janv., Mises en œuvre (%) : 40 %" in tooltips
    assert "Avr., Avancement moyen (%) : 20 %" in tooltips
    assert root[1].text == (
        "Mises en œuvre (%) — Janv. : 40 % ; Avr. : 60 %. "
        "Avancement moyen (%) — Janv. : 70 % ; Avr. : 20 %"
    )


def test_where_two_lines_meet_the_highest_value_is_printed_above_and_the_other_below():
    root = parse(two_series())
    # Markers in drawing order: the rate in January and April, then the progress.
    rate_jan, rate_apr, progress_jan, progress_apr = (
        float(c.get("cy")) for c in find_all(root, "circle", "chart-marker")
    )
    printed = {t.text: float(t.get("y")) for t in find_all(root, "text")}

    # January: the progress (70) above its marker, the rate (40) below; April the other way.
    assert printed["70 %"] < progress_jan and printed["40 %"] > rate_jan
    assert printed["60 %"] < rate_apr and printed["20 %"] > progress_apr


def test_series_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="one point per category"):
        two_series(series=[Series("A", [Point("x", 1)]), Series("B", [])])


def test_a_hostile_point_label_is_escaped():
    svg = line_chart(
        legend="Série",
        x_label="Axe x",
        y_label="Axe y",
        title="Sessions",
        points=[Point(HOSTILE, 10)],
    )

    assert "<script" not in svg
    tooltips = [e.text for e in find_all(parse(svg), "title")]
    assert f"{HOSTILE} : 10 %" in tooltips


# PDF


def test_weasyprint_renders_every_chart_into_a_pdf():
    # Imported here, not skipped: CI installs Pango, so a missing library must fail this test.
    import weasyprint

    body = "".join(
        str(chart)
        for chart in (
            implementation_by_structure(),
            statuses(),
            sessions(),
            bar_chart(legend="Taux", title="Rien", items=[]),
            bar_chart(legend="Taux", title=HOSTILE, items=[Bar(HOSTILE, None)]),
        )
    )

    pdf = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()

    assert pdf.startswith(b"%PDF")


# Read at a glance, on a desk and on a phone


def font_sizes(root):
    """Each text's size in the chart's units: its own, else the chart's."""
    default = float(root.get("font-size"))
    return [float(text.get("font-size") or default) for text in find_all(root, "text")]


def shown(root, class_):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if class_ in t.get("class", "")]


@pytest.mark.parametrize("chart", [implementation_by_structure, statuses, sessions, two_series])
def test_every_chart_shows_its_title_and_a_legend(chart):
    root = parse(chart())

    assert shown(root, "chart-title") == [root[0].text]
    assert shown(root, "chart-legend")


def test_the_legend_names_what_bars_and_lines_measure():
    assert shown(parse(implementation_by_structure()), "chart-legend") == [
        "Taux de mise en œuvre (%)"
    ]
    assert shown(parse(sessions()), "chart-legend") == ["Recommandations mises en œuvre (%)"]
    assert shown(parse(statuses()), "chart-legend")[0] == "Réalisée : 6"


def test_a_line_chart_names_its_axes():
    root = parse(sessions())

    assert shown(root, "chart-x-axis-label") == ["Session"]
    assert shown(root, "chart-y-axis-label") == ["Taux de mise en œuvre"]


@pytest.mark.parametrize(
    "chart",
    [
        implementation_by_structure,
        statuses,
        sessions,
        two_series,
        lambda: bar_chart(title="Rien", legend="Taux", items=[]),
    ],
)
def test_every_text_is_at_least_11_px_on_a_desk_and_on_a_390_px_phone(chart):
    root = parse(chart())
    width = float(root.get("viewBox").split()[2])
    sizes = font_sizes(root)

    # Shown at its drawn width at most (portal.css): one unit is one pixel on a desk...
    assert min(sizes) >= MIN_FONT_PX
    # ...and on a 390-pixel phone the chart shrinks to the column's NARROWEST_SLOT pixels.
    assert min(sizes) * NARROWEST_SLOT / width >= MIN_FONT_PX
    # The labels of every chart share one size; only the title stands out.
    labels = {
        size
        for text, size in zip(find_all(root, "text"), sizes, strict=True)
        if text.get("class") != "chart-title"
    }
    assert labels == {float(root.get("font-size"))}


def test_ticks_that_would_overlap_are_thinned_but_every_point_keeps_its_tooltip():
    months = [Point(f"mois {n} de l'année 2022", n) for n in range(1, 13)]
    root = parse(sessions(points=months, y_max=None, value_format="{:.0f}"))

    ticks = find_all(root, "text", "chart-x-label")
    assert 1 < len(ticks) < 12
    xs = [float(t.get("x")) for t in ticks]
    assert min(b - a for a, b in pairwise(xs)) >= 12 * CHAR_WIDTH
    assert len([t for t in find_all(root, "title") if t.text.startswith("mois ")]) == 12


def test_a_point_may_show_a_short_tick_under_the_axis():
    root = parse(sessions(points=[Point("1ère rencontre 2022", 40, tick="janv. 2022")]))

    assert shown(root, "chart-x-label") == ["janv. 2022"]
    assert "1ère rencontre 2022 : 40 %" in [t.text for t in find_all(root, "title")]


def charts_of(page):
    """The SVG charts of a page, parsed."""
    html = page.content.decode()
    found = []
    while (start := html.find("<svg")) != -1:
        end = html.index("</svg>", start) + len("</svg>")
        found.append(parse(html[start:end]))
        html = html[end:]
    return found


@pytest.mark.parametrize(
    ("user", "url", "count"),
    [("secretary_general", "/recommendations/dashboard/", 4), ("agent", "/helpdesk/stats/", 4)],
)
def test_the_dashboard_and_the_statistics_show_titled_charts_with_legends(
    login, cast, user, url, count
):
    page = login(getattr(cast, user)).get(url)
    charts = [c for c in charts_of(page) if c.get("class") == "chart"]

    assert len(charts) == count
    for root in charts:
        assert shown(root, "chart-title")
        assert min(font_sizes(root)) >= MIN_FONT_PX
