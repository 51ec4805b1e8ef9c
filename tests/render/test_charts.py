"""Charts: the Vega-Lite each function writes, the HTML block render() makes, the JS bundle."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pandas as pd
import pytest
import vl_convert as vlc
from bs4 import BeautifulSoup

from build_data import formatting
from build_data.analysis.stats import compute
from build_data.reference import FORCE_BY_SLUG, FORCES
from build_data.render import charts, page_charts
from build_data.tidy import read_dataset

ROOT = Path(__file__).resolve().parents[2]
BOUNDARIES = json.loads((ROOT / "data" / "boundaries.geojson").read_text(encoding="utf-8"))
WELSH = {"W15000001", "W15000002", "W15000003", "W15000004"}
# rates_df's forces with a rate, highest first.
BY_RATE = ["city-of-london", "suffolk", "sussex", "kent", "thames-valley"]


def title_text(spec: dict) -> str:
    """Everything the chart's title and subtitle say, as one string."""
    title = spec.get("title", "")
    if isinstance(title, str):
        return title
    parts = []
    for key in ("text", "subtitle"):
        value = title.get(key, "")
        parts += [value] if isinstance(value, str) else value
    return " ".join(parts)


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def drawn(spec: dict, kind: str) -> list[tuple[str, str | None, str | None]]:
    """What vl-convert draws for each mark of a kind ("bar", "geoshape"): the force
    named in its aria-label ("Force: Sussex; ..."), its fill and its stroke."""
    out = []
    for tag in re.findall(
        rf'<path [^>]*aria-roledescription="{kind}"[^>]*>', vlc.vegalite_to_svg(spec)
    ):
        name = re.search(r"Force: ([^;\"]+)", tag)
        paint = dict(re.findall(r'\b(fill|stroke)="([^"]*)"', tag))
        if name:
            out.append((name.group(1), paint.get("fill"), paint.get("stroke")))
    return out


def values(spec: dict, layer: dict | None = None) -> list[dict]:
    """The rows a (layer of a) spec draws, wherever Altair put them."""
    data = (layer or {}).get("data") or spec["data"]
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def shares_df() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["Cocaine", "Cannabis", "Heroin", "Temazepam", "Mephedrone"],
            "share": [0.210784, 0.707458, 0.058123, 0.00035, 0.0],
            "seizures": [1204, 4041, 332, 2, 0],
        }
    )


@pytest.fixture
def rates_df() -> pd.DataFrame:
    rows = [
        ("suffolk", 3651.675025),
        ("sussex", 3494.465726),
        ("city-of-london", 36871.123363),
        ("thames-valley", 305.69951),
        ("kent", 1991.900256),
        ("gwent", None),
    ]
    return pd.DataFrame(
        {
            "force": [f for f, _ in rows],
            "name": [FORCE_BY_SLUG[f].name for f, _ in rows],
            "rate": pd.array([r for _, r in rows], dtype="Float64"),
        }
    )


@pytest.fixture
def map_df() -> pd.DataFrame:
    # Every English force with a made-up rate; the Welsh forces not in the table at all.
    english = [f for f in FORCES if f.code.startswith("E")]
    rates = {f.slug: 1000.0 + 50 * i for i, f in enumerate(english)}
    rates["city-of-london"] = 36871.1
    return pd.DataFrame(
        {
            "code": [f.code for f in english],
            "name": [f.name for f in english],
            "rate": [rates[f.slug] for f in english],
        }
    )


# ---------------------------------------------------------------- look and feel


def test_one_look_for_every_chart(shares_df, rates_df):
    for chart in (charts.drug_shares(shares_df, "T"), charts.force_rates(rates_df, "sussex")):
        spec = chart.to_dict()
        config = spec["config"]
        assert config["font"].startswith("system-ui")
        assert config["background"] == "transparent"
        assert config["axis"]["labelColor"] == "currentColor"
        assert config["title"]["color"] == "currentColor"
        assert config["axisQuantitative"]["format"] == ",~f"
        assert spec["width"] == "container"
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_titles_wrap_to_fit_a_phone():
    title = charts.theme.chart_title(
        "A long title that would be far too wide for a phone screen", "x " * 60
    )
    assert all(len(line) <= charts.TITLE_CHARS for line in title.text)
    assert all(len(line) <= charts.SUBTITLE_CHARS for line in title.subtitle)
    assert charts.theme.chart_title("Short") == "Short"


def test_number_and_per_cent_wording():
    assert formatting.figure(36871.123363) == "36,871"
    assert formatting.figure(305.69951, 1) == "305.7"
    assert formatting.figure(pd.NA) == "not published"
    assert formatting.per_cent_as_figure(0.707458) == "71 per cent"
    assert formatting.per_cent_as_figure(0.058123) == "5.8 per cent"
    assert formatting.per_cent_as_figure(0.0096) == "1 per cent"
    assert formatting.per_cent_as_figure(0.00035) == "less than 0.1 per cent"
    assert formatting.per_cent_as_figure(0) == "0 per cent"


# ---------------------------------------------------------------- drug_shares


def test_drug_shares_bars_sorted_by_share_and_labelled_in_words(shares_df):
    spec = charts.drug_shares(shares_df, "What Sussex seized, 2018-19").to_dict()
    assert spec["title"] == "What Sussex seized, 2018-19"
    bars, labels = layers(spec)
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    rows = values(spec, bars)
    assert [r["label"] for r in rows] == [
        "Cannabis",
        "Cocaine",
        "Heroin",
        "Temazepam",
        "Mephedrone",
    ]
    assert [r["share_label"] for r in rows] == [
        "71 per cent",
        "21 per cent",
        "5.8 per cent",
        "less than 0.1 per cent",
        "0 per cent",
    ]
    base = spec.get("encoding") or bars["encoding"]
    assert base["x"]["field"] == "share" and base["x"]["type"] == "quantitative"
    assert base["y"]["field"] == "label" and base["y"]["sort"][0] == "Cannabis"
    assert labels["encoding"]["text"] == {"field": "share_label", "type": "nominal"}
    tooltip_fields = {t["field"] for t in base["tooltip"]}
    assert tooltip_fields == {"label", "share_label", "seizures_label"}
    assert rows[0]["seizures_label"] == "4,041"


# ---------------------------------------------------------------- force_rates


def test_force_rates_highlights_one_force_and_clips_the_city(rates_df):
    spec = charts.force_rates(rates_df, highlight="sussex").to_dict()
    bars, note = layers(spec)
    rows = values(spec, bars)
    by_force = {r["force"]: r for r in rows}
    # Not published: left out of the chart.
    assert "gwent" not in by_force
    assert len(rows) == 5
    # Sorted, highest rate first.
    assert [r["force"] for r in rows] == BY_RATE
    # Only Sussex in the highlight colour, chosen by the parameter, not by the data.
    assert spec["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": "Sussex"}]
    assert "group" not in rows[0]
    fills = {name: fill for name, fill, _ in drawn(spec, "bar")}
    assert {n for n, fill in fills.items() if fill == charts.HIGHLIGHT} == {"Sussex"}
    assert set(fills.values()) == {charts.HIGHLIGHT, charts.BAR}
    # Bars in the data's order (a field), not a list of every name in the spec.
    assert [r["order"] for r in rows] == [0, 1, 2, 3, 4]
    assert bars["encoding"]["y"]["sort"] == {"field": "order", "op": "min", "order": "ascending"}
    colour = bars["encoding"]["color"]
    assert colour["field"] == "group"
    assert colour["scale"] == {
        "domain": ["highlight", "other"],
        "range": [charts.HIGHLIGHT, charts.BAR],
    }
    # The scale stops at 1.1 x Suffolk, far below the City's 36,871.
    cap = 3651.675025 * 1.1
    domain = bars["encoding"]["x"]["scale"]["domain"]
    assert domain == [0, pytest.approx(cap)]
    assert domain[1] < by_force["city-of-london"]["rate"]
    assert by_force["city-of-london"]["bar"] == pytest.approx(cap)
    assert by_force["sussex"]["bar"] == pytest.approx(3494.465726)
    # The City's label gives its real value; the subtitle says why.
    assert note["mark"]["type"] == "text"
    assert note["transform"] == [{"filter": "(datum.note !== '')"}]
    assert by_force["city-of-london"]["note"] == "City of London: 36,871 — off the scale"
    assert by_force["city-of-london"]["note_short"] == "36,871 →"  # for a narrow chart
    assert note["mark"]["text"] == {"expr": "width < 420 ? datum.note_short : datum.note"}
    # No title given: the note is the title, so that Vega draws it.
    assert "The City of London's bar is cut short" in title_text(spec)
    assert "36,871" in title_text(spec)
    assert spec["title"]["fontWeight"] == "normal"
    titled = charts.force_rates(rates_df, highlight="sussex", title="Rates").to_dict()
    assert titled["title"]["text"] == "Rates"
    assert "36,871" in " ".join(titled["title"]["subtitle"])
    # Tooltips give the real, formatted rate.
    base = spec.get("encoding") or bars["encoding"]
    assert {t["field"] for t in base["tooltip"]} == {"name", "rate_label"}
    assert by_force["city-of-london"]["rate_label"] == "36,871"
    # The highlighted force's name is bold on the axis.
    weight = base["y"]["axis"]["labelFontWeight"]
    assert weight["expr"] == f"datum.value === {charts.HIGHLIGHT_PARAM} ? 'bold' : 'normal'"
    assert re.findall(r'font-weight="bold"[^>]*>([^<]+)<', vlc.vegalite_to_svg(spec)) == ["Sussex"]


def test_force_rates_without_an_extreme_city_is_not_clipped(rates_df):
    frame = rates_df[rates_df["force"] != "city-of-london"]
    spec = charts.force_rates(frame, highlight=None).to_dict()
    assert len(layers(spec)) == 1
    (bars,) = layers(spec)
    assert "domain" not in bars["encoding"]["x"].get("scale", {})
    assert spec["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": ""}]
    assert {fill for _, fill, _ in drawn(spec, "bar")} == {charts.BAR}
    assert "title" not in spec


# ---------------------------------------------------------------- trend


def _scene_marks(node: dict) -> list[dict]:
    """Every mark (a node with a marktype) in a Vega scenegraph, depth first."""
    found = [node] if "marktype" in node else []
    for child in node.get("items", []):
        if isinstance(child, dict):
            found += _scene_marks(child)
    return found


def _scene_x(marks: list[dict], marktype: str, role: str) -> list[dict]:
    return [
        i for m in marks if (m["marktype"], m.get("role")) == (marktype, role) for i in m["items"]
    ]


@pytest.mark.parametrize("width", [charts.NARROW_WIDTH, charts.STATIC_WIDTH])
@pytest.mark.parametrize("breaks", [[], ["2011-12"], ["2010-11", "2016-17"]])
def test_a_trends_year_labels_sit_under_its_points_and_break_rules(width, breaks):
    """A layer of break rules once made the x scale a band scale: each year's label sat half
    a step left of its point (Merseyside's "2016-17" under the gap before its break)."""
    years = [f"{2009 + i}-{10 + i}" for i in range(10)]
    df = pd.DataFrame({"year": years, "series": "Merseyside", "rate": range(100, 1100, 100)})
    scene = vlc.vegalite_to_scenegraph(
        charts.static_spec(charts.spec(charts.trend(df, breaks=breaks)), width)
    )
    marks = _scene_marks(scene["scenegraph"])
    labels = {
        i["text"]: i["x"] for i in _scene_x(marks, "text", "axis-label") if i["text"] in years
    }
    points = [i["x"] for i in _scene_x(marks, "symbol", "mark")]
    rules = [i["x"] for i in _scene_x(marks, "rule", "mark")]
    assert labels, "no year labels"
    assert len(points) == len(years) and len(rules) == len(breaks)
    for year, x in labels.items():
        assert x == pytest.approx(points[years.index(year)]), year
    for year, x in zip(breaks, rules, strict=True):
        assert x == pytest.approx(points[years.index(year)]), year


def test_trend_keeps_year_order_and_breaks_lines_at_gaps():
    df = pd.DataFrame(
        {
            "year": ["2016-17", "2017-18", "2018-19", "2016-17", "2018-19"],
            "series": ["Sussex", "Sussex", "Sussex", "England and Wales", "England and Wales"],
            "rate": [3300.5, None, 3494.46, 2200.0, 2431.8],
        }
    )
    spec = charts.trend(df).to_dict()
    lines, points = layers(spec)
    assert lines["mark"]["type"] == "line" and points["mark"]["type"] == "point"
    assert lines["mark"]["invalid"] == "break-paths-filter-domains"
    rows = values(spec, lines)
    # The missing England and Wales year is there, as a gap, like Sussex's.
    gaps = {(r["year"], r["series"]) for r in rows if r["rate"] is None}
    assert gaps == {("2017-18", "Sussex"), ("2017-18", "England and Wales")}
    assert len(rows) == 6
    base = spec.get("encoding") or lines["encoding"]
    assert base["x"]["field"] == "year" and base["x"]["type"] == "ordinal"
    assert base["x"]["sort"] == ["2016-17", "2017-18", "2018-19"]
    assert base["color"]["scale"]["domain"] == ["Sussex", "England and Wales"]
    assert base["color"]["scale"]["range"][0] == charts.HIGHLIGHT
    assert {t["field"] for t in base["tooltip"]} == {"series", "year", "rate_label"}
    labels = {(r["year"], r["series"]): r["rate_label"] for r in rows}
    assert labels[("2018-19", "England and Wales")] == "2,432"


# ---------------------------------------------------------------- rate_map


def test_rate_map_draws_43_areas_and_marks_wales_no_data(map_df):
    spec = charts.rate_map(map_df, BOUNDARIES, highlight="sussex").to_dict()
    ground, areas, outline = layers(spec)
    features = values(spec, areas)
    assert len(features) == 43
    assert "url" not in json.dumps(spec.get("data", {}))  # inline values, not a URL
    props = {f["properties"]["code"]: f["properties"] for f in features}
    assert {c for c, p in props.items() if p["status"] == "no data"} == WELSH
    assert all(props[c]["rate"] is None and props[c]["rate_label"] == "no data" for c in WELSH)
    assert props["E23000033"]["rate_label"] == f"{1000 + 50 * 32:,}"  # Sussex, 33rd English
    # Grey ground for areas without a figure, colour for the rest.
    assert ground["mark"]["fill"] == charts.NO_DATA
    assert ground["transform"] == [{"filter": "!isValid(datum.properties.rate)"}]
    assert areas["transform"] == [{"filter": "isValid(datum.properties.rate)"}]
    colour = areas["encoding"]["color"]
    assert colour["field"] == "properties.rate" and colour["type"] == "quantitative"
    assert colour["scale"]["scheme"]["name"] == "viridis"
    # The City of London does not wash out the scale.
    assert colour["scale"]["domain"][1] < 36871.1
    assert colour["scale"]["clamp"] is True
    # The highlighted force, outlined: chosen by the parameter, not by the data.
    assert spec["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": "Sussex"}]
    assert all("highlight" not in p for p in props.values())
    svg = vlc.vegalite_to_svg(spec)
    outlines = re.findall(rf'<path [^>]*stroke="{charts.HIGHLIGHT}"[^>]*>', svg)
    sussex = [t for t in re.findall(r"<path [^>]*>", svg) if "Force: Sussex;" in t]
    assert len(outlines) == 1 and len(sussex) == 1
    assert re.search(r' d="([^"]+)"', outlines[0])[1] == re.search(r' d="([^"]+)"', sussex[0])[1]
    assert outline["mark"]["stroke"] == charts.HIGHLIGHT
    assert outline["mark"]["strokeWidth"] >= 2
    for layer in (ground, areas, outline):
        assert layer["mark"]["type"] == "geoshape"
        assert layer["projection"]["type"] == "transverseMercator"
        assert {t["field"] for t in layer["encoding"]["tooltip"]} == {
            "properties.name",
            "properties.rate_label",
        }
    subtitle = title_text(spec)
    assert "no data" in subtitle and "Dyfed-Powys" in subtitle and "36,871" in subtitle


def test_rate_map_highlight_by_code_and_no_outline_without_one(map_df):
    by_code = charts.rate_map(map_df, BOUNDARIES, highlight="E23000032").to_dict()
    assert by_code["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": "Kent"}]
    plain = charts.rate_map(map_df, BOUNDARIES, highlight=None).to_dict()
    assert plain["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": ""}]
    strokes = {stroke for _, _, stroke in drawn(plain, "geoshape")}
    assert charts.HIGHLIGHT not in strokes
    # The same data whichever force is highlighted: one file can serve every page.
    assert by_code["datasets"] == plain["datasets"]


# ---------------------------------------------------------------- render


def _rendered(rates_df, chart_id="rates", **kwargs):
    chart = charts.force_rates(rates_df, highlight="sussex")
    table = rates_df.rename(columns={"name": "Force", "rate": "Per million residents"})[
        ["Force", "Per million residents"]
    ]
    description = "Sussex had 3,494 seizures per million residents, third of five forces."
    html = charts.render(chart, chart_id, "Rates, 2018-19", description, table, **kwargs)
    return chart, description, html


def test_render_makes_one_figure_with_svg_spec_description_and_table(rates_df):
    chart, description, html = _rendered(rates_df, caption="Source: Home Office")
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.find("figure")
    assert figure["id"] == "chart-rates" and figure["class"] == ["chart"]
    assert figure["markdown"] == "0"
    assert figure.figcaption.strong.get_text() == "Rates, 2018-19"
    assert "Source: Home Office" in figure.figcaption.get_text()
    static = figure.find("div", class_="chart-static")
    assert static["role"] == "img" and static["aria-label"] == description
    # Drawn twice: for a phone's column and a desktop's; CSS shows one.
    svgs = figure.find_all("svg")
    assert [svg["class"] for svg in svgs] == [["chart-narrow"], ["chart-wide"]]
    assert [svg["width"] for svg in svgs] == [str(charts.NARROW_WIDTH), str(charts.STATIC_WIDTH)]
    for svg in svgs:
        assert svg["viewbox"] == f"0 0 {svg['width']} {svg['height']}"
        assert "max-width:100%" in svg["style"]
    ids = [e["id"] for e in figure.find_all(id=True) if e.name != "figure"]
    assert len(ids) == len(set(ids))
    interactive = figure.find("div", class_="chart-interactive")
    assert interactive["data-chart"] == "rates" and interactive.has_attr("hidden")
    # The spec: JSON in a <template> (Material's instant navigation re-runs <script>s).
    holder = figure.find("template", class_="chart-spec")
    assert holder["data-chart"] == "rates"
    assert figure.find("script") is None
    assert json.loads(holder.string) == chart.to_dict()
    # Search indexes the description and the table, not axis labels or JSON.
    assert static.has_attr("data-search-exclude") and holder.has_attr("data-search-exclude")
    assert figure.find("p", class_="chart-description").get_text() == description
    # The data table: a header, one row per input row, numbers formatted.
    table = figure.details.table
    assert figure.details.summary.get_text() == "Data for this chart"
    assert [th.get_text() for th in table.thead.find_all("th")] == [
        "Force",
        "Per million residents",
    ]
    cells = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.tbody("tr")]
    assert cells == [
        ["Suffolk", "3,652"],
        ["Sussex", "3,494"],
        ["City of London", "36,871"],
        ["Thames Valley", "306"],
        ["Kent", "1,992"],
        ["Gwent", "not published"],
    ]
    assert "\n\n" not in html  # a blank line would end the HTML block in Markdown


def test_render_escapes_text_and_keeps_the_script_closed(rates_df):
    nasty = rates_df.copy()
    nasty.loc[0, "name"] = "</script><script>alert(1)</script> & <!--"
    chart = charts.force_rates(nasty, highlight=None)
    html = charts.render(chart, "nasty", 'A "title" <b>', "Des<cription> & more", nasty)
    opening = '<template class="chart-spec" data-chart="nasty" data-search-exclude>'
    spec_text = html.split(opening, 1)[1].split("</template>")[0]
    assert not set(spec_text) & set("<>&")  # no tag, comment or entity can start in it
    assert json.loads(spec_text) == chart.to_dict()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == []
    assert len(soup.find_all("template")) == 1
    assert soup.figure.figcaption.strong.get_text() == 'A "title" <b>'
    assert soup.find("p", class_="chart-description").get_text() == "Des<cription> & more"
    first_cell = soup.find("tbody").find("td").get_text()  # the name, after the slug
    assert first_cell == "</script><script>alert(1)</script> & <!--"


def test_two_charts_on_a_page_share_no_ids_and_fetch_nothing(rates_df, map_df):
    _, _, first = _rendered(rates_df, chart_id="rates")
    second = charts.render(
        charts.rate_map(map_df, BOUNDARIES, "sussex"),
        "map",
        "Map",
        "A map.",
        map_df[["name", "rate"]],
    )
    page = first + "\n" + second
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert any(i.startswith("chart-map-") for i in ids)  # the map's clip path, renamed
    for ref in re.findall(r"url\(#([^)]+)\)", page):
        assert ref in ids
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        assert not re.search(r"(?:https?:)?//(?!www\.w3\.org/)", svg)
        assert "@import" not in svg and "@font-face" not in svg and "<image" not in svg


def test_render_is_the_same_whatever_was_drawn_before(rates_df, shares_df):
    _, _, once = _rendered(rates_df)
    charts.render(charts.drug_shares(shares_df), "other", "t", "d", shares_df)
    _, _, again = _rendered(rates_df)
    assert once == again


def test_render_survives_markdown_with_md_in_html(rates_df):
    _, description, html = _rendered(rates_df)
    page = f"# Sussex\n\nSome text.\n\n{html}\n\nMore text.\n"
    out = markdown.markdown(page, extensions=["md_in_html"])
    soup = BeautifulSoup(out, "html.parser")
    assert len(soup.find_all("figure")) == 1
    assert len(soup.find_all("svg")) == 2  # narrow and wide
    assert json.loads(soup.find("template", class_="chart-spec").string)["width"] == "container"
    assert soup.find("p", class_="chart-description").get_text() == description
    assert soup.find("h1").get_text() == "Sussex"


def test_render_rejects_ids_that_are_not_slugs(rates_df):
    with pytest.raises(ValueError, match="chart_id"):
        charts.render(charts.force_rates(rates_df), "Bad id", "t", "d", rates_df)


def test_table_formats_override_and_missing_text(shares_df):
    out = charts.table_html(
        shares_df,
        formats={"share": formatting.per_cent_as_figure, "seizures": "{:,}"},
        missing="n/a",
    )
    soup = BeautifulSoup(out, "html.parser")
    first = [c.get_text() for c in soup.tbody.tr.find_all(["th", "td"])]
    assert first == ["Cocaine", "21 per cent", "1,204"]
    assert soup.thead.find_all("th")[2]["class"] == ["num"]


# ---------------------------------------------------------------- text that fits


def _expression(expr: str, width: float) -> float:
    """A Vega expression made only of numbers, `width`, max() and arithmetic."""
    assert re.fullmatch(r"[\d\s.,*/()+-]*(?:(?:max|width)[\d\s.,*/()+-]*)*", expr), expr
    return eval(expr, {"__builtins__": {}, "max": max, "width": width})  # noqa: S307


def test_drug_share_labels_end_inside_the_plot_at_any_width(shares_df):
    """Vega's fit-x sizes the plot once and would leave a label cut off ("71 per c")."""
    spec = charts.drug_shares(shares_df).to_dict()
    bars, _ = layers(spec)
    low, high = bars["encoding"]["x"]["scale"]["domain"]
    assert low == 0
    rows = values(spec, bars)
    top = max(r["share"] for r in rows)
    for width in (200, 260, 330, 480, 640, 1000):
        end = _expression(high["expr"], width)
        assert end >= top * 1.3 - 1e-6
        for r in rows:
            label = 4 + charts.CHAR_PX * len(r["share_label"])
            assert r["share"] / end * width + label <= width, (width, r["share_label"])
    # A wide chart keeps its look: the scale runs to 1.3 times the longest bar.
    assert _expression(high["expr"], 1000) == pytest.approx(top * 1.3)


def test_narrow_trend_and_force_charts_keep_their_text_inside():
    df = pd.DataFrame(
        {
            "year": ["2016-17", "2017-18", "2018-19"] * 2,
            "series": ["Sussex"] * 3 + ["All police forces in England in the data"] * 3,
            "rate": [3300.5, 3400.0, 3494.46, 2200.0, 2300.0, 2431.8],
        }
    )
    base = layers(charts.trend(df).to_dict())[0]["encoding"]
    legend = base["color"]["legend"]["columns"]["expr"]
    row = int(re.fullmatch(r"width < (\d+) \? 1 : 0", legend).group(1))
    # Narrower than both entries (a label stops at 160 pixels): one entry a line.
    assert row >= 160 + charts.CHAR_PX * len("Sussex")
    start, stop = (end["expr"] for end in base["x"]["scale"]["range"])
    half_label = 3 + charts.CHAR_PX * len("2018-19") / 2
    for width in (180, 260, 330, 640):
        low, high = _expression(start, width), _expression(stop, width)
        assert 0 <= low < high <= width and low == pytest.approx(width - high)
        # A point scale (padding 0.5) of three years: the first and last points sit
        # half a step in from the ends of its range, with room for half a label.
        first, last = low + (high - low) / 6, high - (high - low) / 6
        assert first >= half_label and width - last >= half_label, width
    rates = charts.force_rates(
        pd.DataFrame({"force": ["kent"], "name": ["Kent"], "rate": [1991.9]})
    ).to_dict()
    anchor = layers(rates)[0]["encoding"]["x"]["axis"]["titleAnchor"]["expr"]
    assert re.fullmatch(r"width < \d+ \? 'end' : 'middle'", anchor)


def test_static_svg_text_is_set_in_arial_metric_fonts(rates_df):
    """vl-convert measures labels in Liberation Sans; the browser must draw them at those
    widths, or right-aligned axis labels run off the SVG's left edge ("evon and Cornwall")."""
    vl_spec = charts.spec(charts.force_rates(rates_df, highlight="sussex"))
    static = charts.static_spec(vl_spec)
    assert charts.FONT not in json.dumps(static["config"])
    assert static["config"]["font"] == charts.STATIC_FONT
    assert static["config"]["axis"]["labelFont"] == charts.STATIC_FONT
    assert vl_spec["config"]["font"] == charts.FONT  # the interactive chart keeps it
    families = set(re.findall(r'font-family="([^"]*)"', charts.svg(vl_spec, "rates")))
    assert families and all(f.replace("&quot;", '"') == charts.STATIC_FONT for f in families)
    assert charts.STATIC_FONT.split(",")[:2] == ["Arial", ' "Liberation Sans"']


def test_static_font_is_laid_out_as_liberation_sans(rates_df):
    """The build lays the static text out at Arial's widths (Liberation Sans's), not in
    some other font that happens to be first in its list."""
    import vl_convert as vlc

    static = charts.static_spec(charts.spec(charts.force_rates(rates_df, highlight="sussex")))
    text = json.dumps(static)
    liberation = json.loads(text.replace(json.dumps(charts.STATIC_FONT)[1:-1], "Liberation Sans"))
    version = charts.static.vl_version()

    def layout(vl: dict) -> list[str]:
        out = vlc.vegalite_to_svg(vl, vl_version=version)
        return re.findall(r'transform="translate\([^)]*\)"', out)

    assert layout(static) == layout(liberation)


# ---------------------------------------------------------------- the Vega bundle


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return charts.write_vendor_bundle(tmp_path_factory.mktemp("gen") / "vega-bundle.js")


def test_vendor_bundle_is_one_es_module_exporting_vega_embed(bundle):
    text = bundle.read_text(encoding="utf-8")
    assert len(text) > 500_000
    assert re.search(r"export\s*\{[^}]*\bas default\b[^}]*\bas vegaEmbed\b", text)
    assert not re.search(r"^\s*import\s", text, flags=re.M)  # nothing else to fetch
    mtime = bundle.stat().st_mtime_ns
    assert charts.write_vendor_bundle(bundle) == bundle
    assert bundle.stat().st_mtime_ns == mtime  # unchanged content is not rewritten


def test_vendor_bundle_comes_from_the_cache_once_made(bundle, tmp_path, monkeypatch):
    cache = tmp_path / "vendor"
    first = charts.write_vendor_bundle(tmp_path / "a" / "vega-bundle.js", cache)
    assert first.read_bytes() == bundle.read_bytes()
    assert len(list(cache.glob("*.js"))) == 1

    def bundle_again(**_: object) -> str:
        raise AssertionError("the bundle was made again")

    monkeypatch.setattr(vlc, "javascript_bundle", bundle_again)
    again = charts.write_vendor_bundle(tmp_path / "b" / "vega-bundle.js", cache)
    assert again.read_bytes() == bundle.read_bytes()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_vendor_bundle_loads_as_a_module(bundle, tmp_path):
    module = tmp_path / "bundle.mjs"
    module.write_bytes(bundle.read_bytes())
    script = "import(process.argv[1]).then(m => console.log(typeof m.default, typeof m.vegaEmbed))"
    result = subprocess.run(
        ["node", "-e", script, module.as_uri()], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "function function", result.stderr


def test_interactive_map_reads_shapes_from_the_served_file_and_keeps_figures_inline(map_df):
    static = charts.spec(charts.rate_map(map_df, BOUNDARIES, highlight="sussex"))
    page = charts.interactive_spec(static)
    assert charts.MAP_DATA not in page["datasets"]  # the shapes are not in the page
    assert page["data"] == {
        "url": charts.MAP_FILE,
        "format": {"type": "json", "property": "features"},
    }
    lookup = page["transform"][0]
    assert lookup["lookup"] == "properties.code" and lookup["as"] == "properties"
    figures = page["datasets"][lookup["from"]["data"]["name"]]
    by_code = {f["code"]: f for f in figures}
    sussex = next(
        f["properties"]
        for f in static["datasets"][charts.MAP_DATA]
        if f["properties"]["code"] == "E23000033"
    )
    assert by_code["E23000033"] == sussex and "highlight" not in sussex
    assert page["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": "Sussex"}]
    # The served file holds exactly the shapes the static spec draws, codes only.
    served = charts.map_geometry(BOUNDARIES)["features"]
    inline = static["datasets"][charts.MAP_DATA]
    assert [f["geometry"] for f in served] == [f["geometry"] for f in inline]
    assert all(
        f["properties"] == {"code": g["properties"]["code"]}
        for f, g in zip(served, inline, strict=True)
    )
    # Charts without a map are left as they are.
    trend_spec = charts.spec(
        charts.trend(
            pd.DataFrame({"year": ["2017-18", "2018-19"], "series": ["A", "A"], "rate": [1.0, 2.0]})
        )
    )
    assert charts.interactive_spec(trend_spec) is trend_spec


# ---------------------------------------------------------------- shared charts


def _many_forces(n: int) -> pd.DataFrame:
    """n made-up forces (slugs force-1 ...), rates falling with n."""
    return pd.DataFrame(
        {
            "force": [f"force-{i}" for i in range(1, n + 1)],
            "name": [f"Force {i}" for i in range(1, n + 1)],
            "rate": pd.array([5000.0 - 10 * i for i in range(n)], dtype="Float64"),
        }
    )


def _shared_ranking(df: pd.DataFrame) -> charts.SharedFigure:
    return charts.shared_figure(
        charts.force_rates(df), "compared-test", "bar", {"bar": "force"}, overlay=False
    )


def test_shared_ranking_marks_each_force_by_address_and_keeps_data_out_of_the_page(rates_df):
    shared = _shared_ranking(rates_df)
    svg = BeautifulSoup(shared.svg, "html.parser")
    bars = svg.find_all("path", id=re.compile("^bar-"))
    assert sorted(b["id"] for b in bars) == [
        "bar-city-of-london",
        "bar-kent",
        "bar-suffolk",
        "bar-sussex",
        "bar-thames-valley",
    ]
    # One :target rule colours whichever bar the address names; nothing else is marked.
    assert svg.find("style").get_text() == f"path:target{{fill:{charts.HIGHLIGHT}}}"
    assert charts.HIGHLIGHT not in shared.svg.replace(svg.find("style").get_text(), "")
    # The page's spec has no rows: the data is a file beside the SVG.
    page = shared.page_spec("Sussex")
    text = json.dumps(page)
    assert "datasets" not in page and "Thames Valley" not in text and "values" not in text
    assert page["data"] == {"url": "figures/compared-test-1.json"}
    assert page["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": "Sussex"}]
    assert shared.spec["params"] == [{"name": charts.HIGHLIGHT_PARAM, "value": ""}]
    rows = json.loads(shared.files()["figures/compared-test-1.json"])
    assert [r["force"] for r in rows] == BY_RATE
    assert set(shared.files()) == {
        "figures/compared-test.svg",
        "figures/compared-test-narrow.svg",
        "figures/compared-test-1.json",
    }
    # The phone's drawing marks the same bars, at its own width.
    narrow = BeautifulSoup(shared.narrow, "html.parser")
    assert sorted(b["id"] for b in narrow.find_all("path", id=re.compile("^bar-"))) == sorted(
        b["id"] for b in bars
    )
    assert (shared.narrow_width, shared.width) == (charts.NARROW_WIDTH, charts.STATIC_WIDTH)


def test_a_force_pages_copy_of_a_shared_chart_does_not_grow_with_the_forces():
    small, large = _shared_ranking(_many_forces(5)), _shared_ranking(_many_forces(400))
    table = pd.DataFrame({"Force": ["Force 3"], "Per million people": [4980.0]})

    def block(shared: charts.SharedFigure) -> str:
        return shared.render(
            "compared",
            "T",
            "D",
            table,
            mark="force-3",
            highlight="Force 3",
            assets="../../assets/generated/",
        )

    # The same bytes but for the chart's height and the scale's end.
    assert abs(len(block(large)) - len(block(small))) < 20
    assert large.svg.count('id="bar-') == 400 and large.height > 10 * small.height


def test_shared_chart_on_a_page_is_an_image_of_the_file_at_the_forces_mark(rates_df):
    shared = _shared_ranking(rates_df)
    table = rates_df.rename(columns={"name": "Force"})[["Force", "rate"]].head(2)
    block = shared.render(
        "compared",
        "Rates, 2018-19",
        "Sussex: 3,494.5, ranked 2 of 4.",
        table,
        "A caption",
        mark="sussex",
        highlight="Sussex",
        assets="../../assets/generated/",
        table_note='<p class="chart-table-note">2 of 5.</p>',
    )
    figure = BeautifulSoup(block, "html.parser").find("figure")
    img = figure.find("div", class_="chart-static").find("img")
    assert img["src"] == "../../assets/generated/figures/compared-test.svg#bar-sussex"
    # On a phone the browser takes the narrow drawing, the same force marked.
    source = figure.find("picture").find("source")
    assert source["media"] == charts.NARROW_MEDIA
    assert source["srcset"] == "../../assets/generated/figures/compared-test-narrow.svg#bar-sussex"
    assert source["width"] == f"{shared.narrow_width:g}"
    assert (img["width"], img["height"]) == (f"{shared.width:g}", f"{shared.height:g}")
    assert img["alt"] == ""  # the description is the figure's label and its text
    static = figure.find("div", class_="chart-static")
    assert static["role"] == "img" and static["aria-label"] == "Sussex: 3,494.5, ranked 2 of 4."
    spec = json.loads(figure.find("template", class_="chart-spec").get_text())
    assert spec == shared.page_spec("Sussex")
    details = figure.find("details")
    assert [th.get_text() for th in details.select("tbody th")] == ["Suffolk", "Sussex"]
    assert details.find("p", class_="chart-table-note").get_text() == "2 of 5."


def _shared_map(map_df: pd.DataFrame) -> charts.SharedFigure:
    return charts.shared_figure(
        charts.rate_map(map_df, BOUNDARIES), "map-test", "area", {"geoshape": "properties.force"},
        overlay=True,
    )  # fmt: skip


def test_shared_map_outlines_the_targeted_area_over_its_neighbours(map_df):
    shared = _shared_map(map_df)
    svg = BeautifulSoup(shared.svg, "html.parser")
    targets = svg.find("g", class_="targets")
    # Each area's shape once (English and Welsh), unpainted.
    shapes = svg.select("defs > path")
    assert len(shapes) == 43 and all(set(p.attrs) == {"id", "d"} for p in shapes)
    drawn_paths = {p.get("d") for p in svg.find_all("path") if p.find_parent("defs") is None}
    assert not {p["d"] for p in shapes} & drawn_paths
    # The areas draw them in their colours; one outline each, drawn after every area.
    areas = [u for u in svg.find_all("use") if u.find_parent("g", class_="targets") is None]
    assert len(areas) == 43 and all(u.get("fill") and u.get("stroke") for u in areas)
    sussex = targets.find("use", id="area-sussex")
    assert sussex["href"] == "#shape-sussex" == svg.find("use", href="#shape-sussex")["href"]
    assert svg.find("path", id="shape-sussex")
    assert len(targets.find_all("use")) == 43
    assert targets.find_previous_sibling("g") is not None  # after the areas, not before
    rule = svg.find("style").get_text()
    assert ".targets use:target{" in rule and charts.HIGHLIGHT in rule
    page = shared.page_spec("Sussex")
    assert "datasets" not in page and "Sussex" not in json.dumps({**page, "params": []})
    urls = re.findall(r'"url": "([^"]+)"', json.dumps(page))
    assert set(urls) == {charts.MAP_FILE, "figures/map-test-1.json"}
    # Drawn again in this process, where vl-convert's count of ids has moved on, the files
    # are the same: their ids come from the chart, not from what the process drew before.
    again = _shared_map(map_df)
    assert (again.svg, again.narrow) == (shared.svg, shared.narrow)
    gradient = re.search(r'<linearGradient id="([^"]+)"', shared.svg).group(1)
    assert gradient.startswith("map-test-wide-") and f"url(#{gradient})" in shared.svg


# --- what a map's caption says is missing ----------------------------------------------


def test_map_caption_names_what_has_no_data_and_blames_the_edition_only_for_wales():
    stats = compute(read_dataset(ROOT / "data").tables)
    rows = page_charts._year_rows(stats, "all-drugs", stats.latest)
    assert page_charts._map_caption(rows, BOUNDARIES) == (
        "Welsh forces are shown as no data: their figures are not in this edition."
    )
    # An English force without a rate is named with the Welsh ones.
    kent = rows.assign(rate=rows["rate"].where(rows["force"] != "kent"))
    caption = page_charts._map_caption(kent, BOUNDARIES)
    assert caption.startswith("Shown as no data: ")
    assert set(
        caption.removeprefix("Shown as no data: ").rstrip(".").replace(" and ", ", ").split(", ")
    ) == {"Kent", "North Wales", "Gwent", "South Wales", "Dyfed-Powys"}
    # A year with every area drawn has no caption.
    codes = [f["properties"]["code"] for f in BOUNDARIES["features"]]
    every = pd.DataFrame({"code": codes, "rate": 1.0, "name": "x"})
    assert page_charts._map_caption(every, BOUNDARIES) is None


def test_a_pool_draws_what_one_process_draws_and_the_cache_skips_it(rates_df, tmp_path):
    """The build's Drawer: placeholders while pages are written, the SVGs after; a second
    build draws nothing (every SVG comes from the cache folder)."""
    from build_data.render.svg_pool import Drawer

    chart = charts.force_rates(rates_df, highlight="sussex")
    direct = charts.svg(charts.spec(chart), "rates")
    drawer = Drawer(tmp_path, charts.static.vl_version(), workers=1)
    page = "<p>before</p>" + charts.svg(charts.spec(chart), "rates", drawer) + "<p>after</p>"
    assert "<svg" not in page and page.count("<!--static-svg") == 2
    assert drawer.fill(page) == "<p>before</p>" + direct + "<p>after</p>"
    drawer.close()
    assert len(list(tmp_path.glob("*.svg"))) == 2
    again = Drawer(tmp_path, charts.static.vl_version(), workers=1)
    assert again.fill(charts.svg(charts.spec(chart), "rates", again)) == direct
    assert again._pool is None  # nothing to draw: no process started


def _label_width(drawer: object, font: str) -> float:
    """The drawn width of a bar chart whose one axis label is set in `font`."""
    spec = {
        "data": {"values": [{"force": "Devon and Cornwall", "rate": 1}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "force", "type": "nominal"},
            "x": {"field": "rate", "type": "quantitative"},
        },
        "width": 200,
        "config": {"font": font},
    }
    return float(charts.static.svg_tag(drawer.submit(spec).result())[1])


def test_a_pool_worker_measures_text_in_the_projects_fonts_not_the_machines():
    """The same drawing on every machine: a worker's vl-convert sees build_data/render/fonts
    and its own Liberation Sans, so a font this machine happens to have changes nothing."""
    from build_data.render.svg_pool import Drawer

    here = "DejaVu Sans Mono"  # Debian's; not one of the project's fonts
    stack = f'"{here}", "Liberation Sans"'
    pool = Drawer(None, charts.static.vl_version(), workers=1)
    try:
        assert _label_width(pool, stack) == _label_width(pool, "Liberation Sans")
        assert _label_width(pool, charts.STATIC_FONT) == _label_width(pool, "Liberation Sans")
    finally:
        pool.close()
    if here in subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout:
        # Drawn in this process, with the machine's fonts, the label is measured in it.
        direct = Drawer(None, charts.static.vl_version(), workers=0)
        assert _label_width(direct, stack) != _label_width(direct, "Liberation Sans")


def test_the_vendor_bundle_started_early_is_the_one_written_and_kept(bundle, tmp_path):
    """A cold build starts the bundle with the drawings; a warm one finds it kept."""
    from build_data.render.svg_pool import Drawer

    started: list[tuple] = []

    def run(function, *args):
        started.append(args)
        return Drawer(None, None, workers=0).run(function, *args)

    cache = tmp_path / "vendor"
    early = charts.start_vendor_bundle(cache, run)
    assert early is not None and len(started) == 1
    written = charts.write_vendor_bundle(tmp_path / "a" / "vega-bundle.js", cache, early)
    assert written.read_bytes() == bundle.read_bytes()
    assert charts.start_vendor_bundle(cache, run) is None
    assert len(started) == 1


def test_a_chart_drawn_to_stand_alone_is_the_same_whatever_was_drawn_before(map_df):
    """A chart's own SVG file (the kit's) takes its ids from the chart: vl-convert numbers
    a legend's gradient from a count its process keeps, so the file differed by build."""
    spec = charts.spec(charts.rate_map(map_df, BOUNDARIES))
    first, again = charts.static.drawn(spec), charts.static.drawn(spec)
    assert first == again
    assert '<linearGradient id="chart-' in first


# --- what a ranking's description says of its ends ------------------------------------------


def _ranking_rows(rates: dict[str, float], flagged: tuple[str, ...] = ()) -> pd.DataFrame:
    forces = list(rates)
    return pd.DataFrame(
        {
            "force": forces,
            "name": [FORCE_BY_SLUG[f].name for f in forces],
            "rate": pd.array(list(rates.values()), dtype="Float64"),
            "flagged": [f in flagged for f in forces],
            "year": "2018-19",
        }
    )


def test_a_range_names_a_lone_end_and_counts_many_forces_level_at_it():
    """Naming one of 21 forces with none as "the" lowest read as if it were alone."""
    none = {"kent": 0.0, "surrey": 0.0, "sussex": 0.0, "dorset": 0.0, "essex": 5.2}
    assert page_charts._extremes(_ranking_rows(none)) == (
        "Leaving out the City of London, rates run from 0.0 (4 forces) to Essex (5.2)."
    )
    # No seizures is a fact whatever the series did: a break at none is counted, not set aside.
    assert page_charts._extremes(_ranking_rows(none, flagged=("kent",))) == (
        "Leaving out the City of London, rates run from 0.0 (4 forces) to Essex (5.2)."
    )
    few = {"kent": 0.0, "surrey": 0.0, "lancashire": 0.0, "essex": 5.2, "dorset": 5.2}
    assert page_charts._extremes(_ranking_rows(few, flagged=("lancashire",))) == (
        "Leaving out the City of London, rates run from Kent, Lancashire and Surrey (0.0 each; "
        "Lancashire: a break in the series in 2018-19) to Dorset and Essex (5.2 each)."
    )
    # Above none, a break at or beyond an end is set aside, as before.
    low = {"kent": 10.0, "surrey": 20.0, "sussex": 30.0, "thames-valley": 10.0}
    assert page_charts._extremes(_ranking_rows(low, flagged=("thames-valley",))) == (
        "Leaving out the City of London and Thames Valley (a break in the series in 2018-19), "
        "rates run from Kent (10.0) to Sussex (30.0)."
    )
    # Several set aside: counted, then named, so the list does not run into the City.
    both = {**low, "merseyside": 40.0, "lancashire": 5.0}
    flagged = ("thames-valley", "merseyside", "lancashire")
    assert page_charts._extremes(_ranking_rows(both, flagged=flagged)) == (
        "Leaving out the City of London and 3 forces whose figures for 2018-19 are a break in "
        "the series (Lancashire, Merseyside and Thames Valley), rates run from Kent (10.0) to "
        "Sussex (30.0)."
    )
    level = {"kent": 0.0, "surrey": 0.0}
    assert page_charts._extremes(_ranking_rows(level)) == (
        "Leaving out the City of London, every force's rate is 0.0."
    )


def test_the_city_is_said_to_be_off_the_scale_only_when_its_bar_is_cut_short():
    """LSD: the City's rate was 0.0, yet its description said it was drawn off the scale."""
    others = {"kent": 10.0, "surrey": 20.0}
    below = _ranking_rows({"city-of-london": 0.0, **others})
    assert page_charts._city(below) == (
        " The City of London (0.0), where many people work but few live, is shown but left "
        "out of the range."
    )
    assert not charts.city_off_scale(below)
    above = _ranking_rows({"city-of-london": 2_000.0, **others})
    assert page_charts._city(above).endswith("is drawn off the scale.")
    spec = charts.force_rates(above[["force", "name", "rate"]]).to_dict()
    assert "cut short" in json.dumps(spec["title"])
    assert "cut short" not in json.dumps(
        charts.force_rates(below[["force", "name", "rate"]]).to_dict()
    )
