"""Charts for the pages: tidy DataFrames in, Altair charts out, and HTML to place them.

One look, defined once in `config()`: the system font stack, the Okabe-Ito
palette (viridis for the map), thousands separators, a transparent
background, and text drawn in `currentColor` so charts read in Material's
light and dark schemes alike (inline SVG takes the page's text colour).

Every chart is as wide as its container when drawn by vega-embed
(`width: "container"`); `render()` also draws it once, at STATIC_WIDTH, to
an inline SVG with a viewBox that scales down, shown until (and unless) the
interactive version has loaded.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import shutil
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from build_data.constants import CITY
from build_data.formatting import figure, is_missing, per_cent_as_figure
from build_data.ingest.boundaries import d3_winding

STATIC_WIDTH = 640

FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Liberation Sans", sans-serif'
)
# The static SVG's text. vl-convert places each label from its own measure of the
# text, in the first of these families it has (Liberation Sans on the build
# machine), and the reader's browser draws it in the first one it has. All of them
# set Latin text at Arial's widths (Liberation Sans and Arimo are metric-compatible
# with Arial, Helvetica nearly so), so the text ends where vl-convert measured it.
# With FONT the browser drew system-ui (DejaVu Sans, San Francisco, Segoe UI), wider
# than what was measured, and right-aligned axis labels ran off the SVG's left edge:
# "enzodiazepines", "evon and Cornwall". The interactive chart keeps FONT: Vega
# measures it in the browser, with the font the browser draws.
STATIC_FONT = 'Arial, "Liberation Sans", Arimo, Helvetica, sans-serif'
# Okabe & Ito (2008), colour-blind safe. Black is left out: it vanishes on a dark page.
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish-green": "#009E73",
    "orange": "#E69F00",
    "reddish-purple": "#CC79A7",
    "sky-blue": "#56B4E9",
    "yellow": "#F0E442",
}
BAR = OKABE_ITO["blue"]
HIGHLIGHT = OKABE_ITO["vermillion"]
SERIES = [HIGHLIGHT, BAR, *[c for k, c in OKABE_ITO.items() if k not in ("blue", "vermillion")]]
INK = "currentColor"  # the page's text colour: dark on light pages, light on dark ones
RULE = "#8c8c8c"  # grid and axis lines: a mid grey, visible on white and on #1e2129
NO_DATA = "#a0a0a0"
MAP_SCHEME = {"name": "viridis", "extent": [0.1, 1.0]}
RATE_TITLE = "Seizures per million residents"


def config() -> dict:
    """The site's chart look: a Vega-Lite `config` object, applied to every chart."""
    text = {"labelColor": INK, "titleColor": INK, "labelFont": FONT, "titleFont": FONT}
    return {
        "font": FONT,
        "background": "transparent",
        "padding": 4,
        "view": {"stroke": None},
        "title": {
            "font": FONT,
            "color": INK,
            "subtitleColor": INK,
            "subtitleFont": FONT,
            "fontSize": 15,
            "subtitleFontSize": 12,
            "fontWeight": 600,
            "anchor": "start",
            "offset": 10,
            "subtitlePadding": 4,
        },
        "axis": {
            **text,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": 600,
            "domainColor": RULE,
            "tickColor": RULE,
            "gridColor": RULE,
            "gridOpacity": 0.3,
            "labelLimit": 220,
        },
        "axisQuantitative": {"format": ",~f", "tickCount": 6, "labelOverlap": True},
        "legend": {
            **text,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": 600,
            "symbolStrokeWidth": 2.5,
        },
        "text": {"font": FONT, "fontSize": 12, "fill": INK},
        "bar": {"color": BAR},
        "line": {"strokeWidth": 2.5},
        "point": {"filled": True, "size": 45},
        "range": {"category": SERIES},
        "numberFormat": ",~f",
        "locale": {
            "number": {
                "decimal": ".",
                "thousands": ",",
                "grouping": [3],
                "currency": ["£", ""],
            }
        },
    }


def _finish(chart: alt.TopLevelMixin, height: int | None = None) -> alt.TopLevelMixin:
    """Size to the container, and apply the site's look."""
    props: dict = {
        "width": "container",
        "autosize": alt.AutoSizeParams(type="fit-x", contains="padding"),
    }
    if height is not None:
        props["height"] = height
    chart = chart.properties(**props)
    chart.config = _site_config()
    return chart


@functools.cache
def _site_config() -> alt.Config:
    """Built (and schema-checked) once: it is the same for every chart."""
    return alt.Config.from_dict(config())


TITLE_CHARS = 32  # about 300 pixels of 15px bold, in a wide font: a phone's width
SUBTITLE_CHARS = 40  # about 250 pixels of 12px: the chart on a 320 pixel wide phone


def _lines(text: str | list[str], width: int) -> list[str]:
    paragraphs = [text] if isinstance(text, str) else text
    return [line for p in paragraphs for line in textwrap.wrap(p, width)]


def _title(text: str | None, subtitle: str | list[str] | None = None) -> alt.Title | str:
    """Title and subtitle, wrapped so that they never set the chart's width on a phone.

    (Vega does not wrap text; a title wider than the container would shrink the plot.)
    """
    lines = _lines(text, TITLE_CHARS) if text else []
    heading = lines[0] if len(lines) == 1 else lines
    notes = _lines(subtitle, SUBTITLE_CHARS) if subtitle else []
    if heading and notes:
        return alt.Title(heading, subtitle=notes)
    if notes:
        # Vega draws no subtitle under an empty title: the note becomes the title,
        # in the subtitle's size and weight.
        return alt.Title(notes, fontSize=12, fontWeight="normal")
    return heading or alt.Undefined


# --- formatting ---------------------------------------------------------------


def _js_string(text: str) -> str:
    return json.dumps(text)


# --- charts -------------------------------------------------------------------


# A 12px character of chart text, generously (DejaVu Sans, among the widest
# system fonts, averages 6.3 pixels over "71 per cent" and "2018-19").
CHAR_PX = 7


def _label_room(frame: pd.DataFrame) -> float | alt.ExprRef:
    """The end of drug_shares' scale: far enough past every bar for its label to fit.

    Vega's fit-x sizes the plot once, from where the labels sat before it
    narrowed the plot, so a label that runs past the plot's right edge is cut
    off in a narrow chart ("71 per c" on a phone). A bar of share s whose label
    is L pixels long (with the 4 pixel gap) ends inside a plot `width` pixels
    wide when the scale runs to at least s * width / (width - L); the scale runs
    to the largest of these, and to no less than 1.3 times the longest bar.
    """
    top = float(frame["share"].max()) if len(frame) else 0.0
    if top <= 0:
        return 1
    terms = []
    longest = -1
    # Only bars with a longer label than every longer bar can need more room.
    bars = sorted(zip(frame["share"], frame["share_label"], strict=True), reverse=True)
    for share, label in bars:
        pixels = 6 + CHAR_PX * len(label)
        if share > 0 and pixels > longest:
            longest = pixels
            terms.append(f"{share:.6g} * width / max(width - {pixels}, 1)")
    return alt.ExprRef(f"max({top * 1.3:.6g}, {', '.join(terms)})")


def drug_shares(df: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Horizontal bars of each drug's share of seizures, largest first, labelled "x per cent".

    df: `label` (drug label), `share` (0 to 1), `seizures` (count).
    """
    frame = df[["label", "share", "seizures"]].dropna(subset=["share"]).copy()
    frame["share"] = frame["share"].astype(float)
    frame["seizures"] = frame["seizures"].astype("Int64")
    frame = frame.sort_values("share", ascending=False, kind="stable")
    frame["share_label"] = frame["share"].map(per_cent_as_figure)
    frame["seizures_label"] = frame["seizures"].map(figure)
    order = frame["label"].tolist()
    x = alt.X(
        "share:Q",
        axis=None,
        scale=alt.Scale(domain=[0, _label_room(frame)], nice=False),
    )
    y = alt.Y(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(ticks=False, domain=False, labelPadding=6),
    )
    tooltip = [
        alt.Tooltip("label:N", title="Drug"),
        alt.Tooltip("share_label:N", title="Share of seizures"),
        alt.Tooltip("seizures_label:N", title="Seizures"),
    ]
    base = alt.Chart(frame).encode(x=x, y=y, tooltip=tooltip)
    bars = base.mark_bar()
    labels = base.mark_text(align="left", baseline="middle", dx=4).encode(text="share_label:N")
    chart = alt.layer(bars, labels, title=_title(title))
    # A fixed height (not a step) so Vega-Lite has no autosize to drop and warn about.
    return _finish(chart, height=22 * max(len(frame), 1))


# The force a chart marks out, by name: a Vega-Lite parameter, not a column of the
# data, so every page's copy of a chart has the same data (see SharedFigure).
HIGHLIGHT_PARAM = "highlight"


def _highlight_param(name: str | None) -> alt.Parameter:
    return alt.param(name=HIGHLIGHT_PARAM, value=name or "")


def force_rates(
    df: pd.DataFrame, highlight: str | None = None, title: str | None = None
) -> alt.LayerChart:
    """One bar per force, highest rate first; the highlighted force in a contrasting colour.

    df: `force` (slug), `name`, `rate` (per million; NA rows are left out, the
    table lists them as not published). `highlight` is a force slug; the chart
    marks it out through the `highlight` parameter (the force's name), so the
    data is the same whichever force a page highlights. When the City of
    London's rate is off the scale of the rest, the scale stops at 1.1 times
    the largest other rate, the City's bar runs to the edge and a label gives
    its value.
    """
    frame = df[["force", "name", "rate"]].copy()
    frame["rate"] = pd.to_numeric(frame["rate"], errors="coerce").astype(float)
    frame = frame.dropna(subset=["rate"]).sort_values("rate", ascending=False, kind="stable")
    others = frame.loc[frame["force"] != CITY, "rate"]
    city = frame.loc[frame["force"] == CITY, "rate"]
    cap = float(others.max()) * 1.1 if len(others) and others.max() > 0 else None
    clipped = bool(len(city) and cap is not None and float(city.iloc[0]) > cap)
    frame["bar"] = frame["rate"].clip(upper=cap) if clipped else frame["rate"]
    frame["rate_label"] = frame["rate"].map(figure)
    # The bars' order as data (sorted by this field), not a list of every name in
    # the spec.
    frame["order"] = range(len(frame))
    frame["note"] = ""
    frame["note_short"] = ""
    subtitle = None
    if clipped:
        city_rate = figure(city.iloc[0])
        frame.loc[frame["force"] == CITY, "note"] = f"City of London: {city_rate} — off the scale"
        frame.loc[frame["force"] == CITY, "note_short"] = f"{city_rate} →"
        subtitle = (
            f"The City of London's bar is cut short: its rate, {city_rate} per million, "
            "would squash every other bar."
        )
    scale = alt.Scale(domain=[0, cap], nice=False, clamp=True) if clipped else alt.Scale()
    highlighted = frame.loc[frame["force"] == highlight, "name"]
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "name:N",
            sort=alt.EncodingSortField(field="order", op="min", order="ascending"),
            title=None,
            axis=alt.Axis(
                ticks=False,
                domain=False,
                labelPadding=6,
                labelFontWeight=alt.ExprRef(
                    f"datum.value === {HIGHLIGHT_PARAM} ? 'bold' : 'normal'"
                ),
            ),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Force"),
            alt.Tooltip("rate_label:N", title="Per million residents"),
        ],
    )
    bars = (
        base.mark_bar()
        .transform_calculate(group=f"datum.name === {HIGHLIGHT_PARAM} ? 'highlight' : 'other'")
        .encode(
            x=alt.X(
                "bar:Q",
                title=RATE_TITLE,
                scale=scale,
                # About one tick per 120 pixels, so labels never run together on a phone.
                # A title wider than the plot ends at the plot's right end: centred, it
                # ran past the chart's right edge on a phone (fit-x leaves it there).
                axis=alt.Axis(
                    format=",~f",
                    tickCount=alt.ExprRef("ceil(width / 120)"),
                    titleAnchor=alt.ExprRef(
                        f"width < {10 + CHAR_PX * len(RATE_TITLE)} ? 'end' : 'middle'"
                    ),
                ),
            ),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=["highlight", "other"], range=[HIGHLIGHT, BAR]),
                legend=None,
            ),
        )
    )
    layers = [bars]
    if clipped:
        note = (
            base.transform_filter(alt.datum.note != "")
            .mark_text(
                align="right",
                baseline="middle",
                dx=-6,
                fill="#ffffff",
                fontWeight=600,
                # In a narrow chart the full label would run over the force names.
                text=alt.ExprRef("width < 420 ? datum.note_short : datum.note"),
            )
            .encode(x=alt.X("bar:Q", scale=scale))
        )
        layers.append(note)
    chart = alt.layer(*layers, title=_title(title, subtitle)).add_params(
        _highlight_param(highlighted.iloc[0] if len(highlighted) else None)
    )
    return _finish(chart, height=16 * max(len(frame), 1))


def trend(df: pd.DataFrame, title: str | None = None) -> alt.LayerChart:
    """Lines with points, one per series, over financial years; a missing year is a gap.

    df: `year` (such as "2018-19", in order), `series` (such as "Sussex"), `rate`.
    Series keep the order they first appear in, and the palette's order: the
    first is drawn in the highlight colour.
    """
    frame = df[["year", "series", "rate"]].copy()
    years = list(dict.fromkeys(frame["year"]))
    series = list(dict.fromkeys(frame["series"]))
    # Every year for every series, so a missing figure breaks the line.
    grid = pd.MultiIndex.from_product([years, series], names=["year", "series"])
    frame = frame.drop_duplicates(["year", "series"]).set_index(["year", "series"])
    frame = frame.reindex(grid).reset_index()
    frame["rate"] = pd.to_numeric(frame["rate"], errors="coerce").astype(float)
    frame["rate_label"] = frame["rate"].map(figure)
    # Pixels: a legend entry is a symbol, gaps and its label; half the widest year label.
    legend_row = sum(30 + min(CHAR_PX * len(str(name)), 160) for name in series)
    half_label = 8 + (CHAR_PX * max((len(str(y)) for y in years), default=0) + 1) // 2
    # The first and last points sit half a step (width / n) in from the ends of the
    # range; the range starts and stops `inset` in, so that they sit half_label in:
    # inset + (width - 2 * inset) / (2 * n) = half_label.
    n = len(years)
    inset = f"max(0, ({n * half_label} - 0.5 * width) / {n - 1})" if n > 1 else "0"
    colour = alt.Color(
        "series:N",
        sort=series,
        scale=alt.Scale(domain=series, range=SERIES[: len(series)]),
        # One row; one column in a plot too narrow for the row (Vega's fit-x would
        # let the row run past the chart's right edge). Vega cuts labels at 160 pixels.
        legend=alt.Legend(
            title=None,
            orient="top",
            direction="horizontal",
            columns=alt.ExprRef(f"width < {legend_row} ? 1 : 0"),
        ),
    )
    base = alt.Chart(frame).encode(
        x=alt.X(
            "year:O",
            sort=years,
            title=None,
            # Room at each end for half a year label: in a narrow chart the last one
            # ran past the plot's right edge, and fit-x, sizing the plot once, left it.
            scale=alt.Scale(range=[alt.ExprRef(inset), alt.ExprRef(f"width - {inset}")]),
            axis=alt.Axis(labelAngle=0, labelOverlap="parity", ticks=False),
        ),
        y=alt.Y("rate:Q", title=RATE_TITLE, axis=alt.Axis(format=",~f")),
        color=colour,
        tooltip=[
            alt.Tooltip("series:N", title="Area"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("rate_label:N", title="Per million residents"),
        ],
    )
    lines = base.mark_line(invalid="break-paths-filter-domains")
    points = base.mark_point(invalid="filter")
    chart = alt.layer(lines, points, title=_title(title))
    return _finish(chart, height=300)


def rate_map(
    df: pd.DataFrame,
    boundaries: dict,
    highlight: str | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """Force areas shaded by rate; areas without a figure grey; the highlighted force outlined.

    df: `code` (ONS force area code), `name`, `rate`. `boundaries` is the
    GeoJSON FeatureCollection in data/boundaries.geojson; its features go into
    the spec inline. `highlight` is a force slug or code, outlined through the
    `highlight` parameter (the force's name) as in force_rates. As in force_rates,
    the colour scale stops at 1.1 times the largest rate outside the City of
    London (whose area is too small to see at this scale anyway).
    """
    rates = {
        row.code: (row.name, None if is_missing(row.rate) else float(row.rate))
        for row in df[["code", "name", "rate"]].itertuples(index=False)
    }
    features = []
    highlighted = None
    for feature in boundaries["features"]:
        props = feature["properties"]
        name, rate = rates.get(props["code"], (props["name"], None))
        if highlight is not None and highlight in (props["code"], props.get("force")):
            highlighted = name
        features.append(
            {
                "type": "Feature",
                "geometry": d3_winding(feature["geometry"]),
                "properties": {
                    "code": props["code"],
                    "force": props.get("force"),
                    "name": name,
                    "rate": rate,
                    "rate_label": figure(rate) if rate is not None else "no data",
                    "status": "data" if rate is not None else "no data",
                },
            }
        )
    known = {f["properties"]["force"]: f["properties"]["rate"] for f in features}
    other_rates = [r for f, r in known.items() if r is not None and f != CITY]
    city_rate = known.get(CITY)
    cap = max(other_rates) * 1.1 if other_rates else None
    clipped = cap is not None and city_rate is not None and city_rate > cap
    no_data = [f["properties"]["name"] for f in features if f["properties"]["rate"] is None]
    subtitle = []
    if no_data:
        subtitle.append(f"Grey: no data ({_join(no_data)}).")
    if clipped:
        subtitle.append(
            f"The City of London ({figure(city_rate)} per million) is off the top of the scale."
        )
    # The features once, as a top-level named dataset the layers refer to:
    # inline in each layer, Altair copies and walks them three times over.
    data = alt.NamedData(name="force-areas")
    tooltip = [
        alt.Tooltip("properties.name:N", title="Force"),
        alt.Tooltip("properties.rate_label:N", title="Per million residents"),
    ]
    scale = alt.Scale(scheme=MAP_SCHEME, zero=True, nice=False)
    if cap is not None:
        scale = alt.Scale(scheme=MAP_SCHEME, domain=[0, cap], clamp=True, nice=False)
    # Transverse Mercator on 2°W, as the Ordnance Survey's national grid.
    projection = {"type": "transverseMercator", "rotate": [2, 0, 0]}
    # Areas without a figure in grey, the rest in colour.
    ground = (
        alt.Chart(data)
        .transform_filter("!isValid(datum.properties.rate)")
        .mark_geoshape(fill=NO_DATA, fillOpacity=0.45, stroke=RULE, strokeWidth=0.5)
        .encode(tooltip=tooltip)
        .project(**projection)
    )
    areas = (
        alt.Chart(data)
        .transform_filter("isValid(datum.properties.rate)")
        .mark_geoshape(stroke=RULE, strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "properties.rate:Q",
                scale=scale,
                legend=alt.Legend(
                    title="Per million",
                    format=",~f",
                    orient="top-right",
                    gradientLength=160,
                    tickCount=4,
                    labelOverlap="greedy",
                ),
            ),
            tooltip=tooltip,
        )
        .project(**projection)
    )
    # The highlighted force outlined: chosen by the `highlight` parameter (its name),
    # so the data is the same whichever force a page highlights.
    outline = (
        alt.Chart(data)
        .transform_filter(f"datum.properties.name === {HIGHLIGHT_PARAM}")
        # Hidden from assistive technology: it repeats an area, and with no force
        # highlighted its empty group had no name.
        .mark_geoshape(fill=None, filled=False, stroke=HIGHLIGHT, strokeWidth=3, aria=False)
        .encode(tooltip=tooltip)
        .project(**projection)
    )
    chart = alt.layer(ground, areas, outline, title=_title(title, subtitle or None))
    chart = chart.add_params(_highlight_param(highlighted))
    chart = _finish(chart, height=500)
    chart.datasets = {"force-areas": features}
    return chart


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- rendering ----------------------------------------------------------------


def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes for, if vl-convert has it ("6.4")."""
    match = re.match(r"v?(\d+)\.(\d+)", alt.SCHEMA_VERSION)
    if match:
        wanted = f"{match.group(1)}.{match.group(2)}"
        if wanted in vlc.get_vegalite_versions():
            return wanted
    return None


def spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec vega-embed draws: container width.

    Not schema-checked here (that is most of a build's chart time); the tests
    check every chart function's output against the Vega-Lite schema.
    """
    datasets = chart.datasets
    if datasets is alt.Undefined or not datasets:
        return chart.to_dict(validate=False)
    # Plain GeoJSON needs no conversion: add it after, rather than have Altair walk it.
    bare = chart.copy(deep=False)
    bare.datasets = alt.Undefined
    out = bare.to_dict(validate=False)
    out.setdefault("datasets", {}).update(datasets)
    return out


# Where rendered SVGs are kept between builds, keyed by their spec; None: no cache.
SVG_CACHE: Path | None = None


def _vegalite_to_svg(static: dict) -> str:
    """vl-convert's SVG for a spec, from the cache when the same spec was drawn before."""
    if SVG_CACHE is None:
        return vlc.vegalite_to_svg(static, vl_version=_vl_version())
    text = json.dumps(static, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256(f"{vlc.__version__}\n{_vl_version()}\n{text}".encode()).hexdigest()
    path = SVG_CACHE / f"{key}.svg"
    if path.exists():
        return path.read_text()
    out = vlc.vegalite_to_svg(static, vl_version=_vl_version())
    SVG_CACHE.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(out)
    temporary.replace(path)
    return out


def _static_fonts(value: object) -> object:
    """A copy of (part of) a config with FONT replaced by STATIC_FONT."""
    if isinstance(value, dict):
        return {key: _static_fonts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_static_fonts(item) for item in value]
    return STATIC_FONT if value == FONT else value


# The map's shapes: served once as a file (assets/generated/force-areas.json)
# for the interactive charts, rather than repeated in every page's spec.
MAP_DATA = "force-areas"
MAP_FILE = f"{MAP_DATA}.json"


def map_geometry(boundaries: dict) -> dict:
    """The shapes every map draws, as vega-embed loads them: Vega's winding, codes only."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": d3_winding(f["geometry"]),
                "properties": {"code": f["properties"]["code"]},
            }
            for f in boundaries["features"]
        ],
    }


def write_map_geometry(boundaries: dict, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(map_geometry(boundaries), separators=(",", ":")))
    return dest


def interactive_spec(vl_spec: dict) -> dict:
    """The spec for the page: a map's shapes come from MAP_FILE, its figures stay inline.

    Each shape is joined to its force's figures by code (a lookup that puts them
    back under `properties`), so the layers read the same fields as the
    static spec, which keeps everything inline for vl-convert.
    """
    datasets = vl_spec.get("datasets", {})
    if MAP_DATA not in datasets:
        return vl_spec
    out = dict(vl_spec)
    out["datasets"] = {k: v for k, v in datasets.items() if k != MAP_DATA}
    values = f"{MAP_DATA}-figures"
    out["datasets"][values] = [f["properties"] for f in datasets[MAP_DATA]]
    lookup = {
        "lookup": "properties.code",
        "from": {"data": {"name": values}, "key": "code"},
        "as": "properties",
    }
    source = {"url": MAP_FILE, "format": {"type": "json", "property": "features"}}

    def from_file(view: dict) -> dict:
        if view.get("data") != {"name": MAP_DATA}:
            return view
        return {**view, "data": source, "transform": [lookup, *view.get("transform", [])]}

    # Altair puts data shared by every layer on the layer chart itself.
    out = from_file(out)
    if "layer" in out:
        out["layer"] = [from_file(layer) for layer in out["layer"]]
    return out


def static_spec(vl_spec: dict, width: int = STATIC_WIDTH) -> dict:
    """The same spec at a fixed width, in STATIC_FONT, for drawing once at build time."""
    fixed = dict(vl_spec)  # only the top-level width and config change
    if fixed.get("width") == "container":
        fixed["width"] = width
    if isinstance(fixed.get("config"), dict):
        fixed["config"] = _static_fonts(fixed["config"])
    return fixed


_EXTERNAL = re.compile(r"""(?:https?:)?//(?!www\.w3\.org/)[^\s"')<>]+""")


def _round_path(d: str) -> str:
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.1f}".rstrip("0").rstrip("."), d)


def _drawn(vl_spec: dict) -> str:
    """The spec drawn at its static width: paths to a tenth of a pixel, nothing remote."""
    out = _vegalite_to_svg(static_spec(vl_spec))
    out = re.sub(r"<\?xml[^>]*\?>\s*", "", out)
    # Path coordinates to a tenth of a pixel: plenty, and a quarter smaller.
    out = re.sub(r'\bd="([^"]*)"', lambda m: f'd="{_round_path(m.group(1))}"', out)
    # Nothing fetched from elsewhere: no @import, no remote fonts or images.
    out = re.sub(r"@import[^;]*;", "", out)
    out = re.sub(r"@font-face\s*\{[^}]*\}", "", out)
    return re.sub(r"<image\b[^>]*>(?:</image>)?", "", out)


def _svg_tag(drawn: str) -> tuple[str, str | None, str | None]:
    """The <svg> start tag, and its width and height if it gives them."""
    match = re.search(r"<svg\b[^>]*>", drawn)
    if match is None:
        raise ValueError("vl-convert returned no <svg> element")
    tag = match.group(0)
    width = re.search(r'\bwidth="([\d.]+)"', tag)
    height = re.search(r'\bheight="([\d.]+)"', tag)
    return tag, width and width.group(1), height and height.group(1)


def svg(vl_spec: dict, chart_id: str) -> str:
    """Inline SVG for a spec: a viewBox to scale by, ids unique to the chart, nothing remote."""
    out = _drawn(vl_spec)
    # Renumber ids per chart: two charts (or a chart and its interactive copy)
    # never clash, and the page is the same whatever was drawn before it.
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', out)))
    renamed = {old: f"chart-{chart_id}-{n}" for n, old in enumerate(ids, start=1)}
    if renamed:
        pattern = "|".join(re.escape(old) for old in sorted(ids, key=len, reverse=True))
        out = re.sub(
            rf'(\bid="|url\(#|href="#)({pattern})(?=[")])',
            lambda m: m.group(1) + renamed[m.group(2)],
            out,
        )
    tag, width, height = _svg_tag(out)
    new_tag = tag
    if "viewBox" not in tag and width and height:
        new_tag = new_tag.replace("<svg", f'<svg viewBox="0 0 {width} {height}"', 1)
    new_tag = re.sub(r'\sstyle="[^"]*"', "", new_tag)
    new_tag = new_tag.replace(
        "<svg", '<svg focusable="false" aria-hidden="true" style="max-width:100%;height:auto"', 1
    )
    out = out.replace(tag, new_tag, 1)
    return out.strip()


def _json_for_html(value: dict) -> str:
    """JSON to sit as text in HTML: no <, > or &, so no tag, comment or entity can appear
    (JSON only has these inside strings, where \\u escapes mean the same)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


Formatter = Callable[[object], str] | str


def _column_format(series: pd.Series) -> Callable[[object], str]:
    """Integers with separators; decimals to one place below 100, whole numbers above."""
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return lambda v: "" if is_missing(v) else str(v)
    values = pd.to_numeric(series, errors="coerce").dropna().astype(float)
    integral = bool(((values % 1) == 0).all()) if len(values) else True
    decimals = 0 if integral or (len(values) and values.abs().max() >= 100) else 1
    return lambda v: figure(v, decimals)


def table_html(
    table: pd.DataFrame,
    formats: Mapping[str, Formatter] | None = None,
    missing: str = "not published",
    marked: str | None = None,
) -> str:
    """An HTML table: header row, first column as row headers, numbers formatted, all escaped.

    The row whose first cell reads `marked` (the page's own force) has class "marked".
    """
    formats = dict(formats or {})
    columns = list(table.columns)
    formatters: dict[str, Callable[[object], str]] = {}
    numeric: dict[str, bool] = {}
    for col in columns:
        fmt = formats.get(col)
        if isinstance(fmt, str):
            formatters[col] = lambda v, f=fmt: missing if is_missing(v) else f.format(v)
        elif callable(fmt):
            formatters[col] = fmt
        else:
            formatters[col] = _column_format(table[col])
        numeric[col] = pd.api.types.is_numeric_dtype(table[col]) and not (
            pd.api.types.is_bool_dtype(table[col])
        )
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if numeric[c] else ""}>{html.escape(str(c))}</th>' for c in columns
    )
    rows = []
    for record in table.itertuples(index=False, name=None):
        cells = []
        for i, (col, value) in enumerate(zip(columns, record, strict=True)):
            text = missing if is_missing(value) else formatters[col](value)
            cls = num if numeric[col] else ""
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            cells.append(f"<{tag}{scope}{cls}>{html.escape(text)}</{tag}>")
        mark = ' class="marked"' if marked is not None and record[0] == marked else ""
        rows.append(f"<tr{mark}>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _figure(
    chart_id: str,
    title: str,
    description: str,
    static: str,
    page_spec: dict,
    table: str,
    caption: str | None,
) -> str:
    """The HTML block every chart is placed in (md_in_html; no blank lines inside)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", chart_id):
        raise ValueError(f"chart_id must be lower-case letters, digits and hyphens: {chart_id!r}")
    esc = html.escape
    cap = f'<br><span class="chart-caption">{esc(caption)}</span>' if caption else ""
    parts = [
        # The chart's words and table are on the page; search indexes the page's prose.
        f'<figure class="chart" id="chart-{chart_id}" markdown="0" data-search-exclude>',
        f"<figcaption><strong>{esc(title)}</strong>{cap}</figcaption>",
        f'<div class="chart-static" role="img" aria-label="{esc(description)}" '
        f"data-search-exclude>{static}</div>",
        f'<div class="chart-interactive" data-chart="{chart_id}" hidden></div>',
        # A <template>, not a <script type="application/json">: Material's instant
        # navigation re-creates every <script> in the page as JavaScript, attributes
        # dropped, which throws on JSON and stops the navigation.
        f'<template class="chart-spec" data-chart="{chart_id}" data-search-exclude>'
        f"{_json_for_html(page_spec)}</template>",
        f'<p class="chart-description">{esc(description)}</p>',
        f"<details><summary>Data for this chart</summary>{table}</details>",
        "</figure>",
    ]
    # Blank lines would end the raw HTML block in Markdown; there are none.
    return "\n".join(p.replace("\n\n", "\n") for p in parts)


def render(
    chart: alt.TopLevelMixin,
    chart_id: str,
    title: str,
    description: str,
    table: pd.DataFrame,
    caption: str | None = None,
    *,
    formats: Mapping[str, Formatter] | None = None,
    missing: str = "not published",
) -> str:
    """The chart as one HTML block for a Markdown page (md_in_html; no blank lines inside).

    A static SVG drawn now, the spec (JSON in a <template class="chart-spec">)
    for vega-embed to draw an interactive copy over it, a sentence describing
    it, and its data as a table. The SVG and the spec carry data-search-exclude
    so the site search indexes the description and table, not axis labels.
    `caption`, if given, is a note under the title (source, or what is left out).
    `formats` maps column names to a format string ("{:.1%}") or a function;
    other numeric columns get thousands separators; missing values read `missing`.
    """
    vl_spec = spec(chart)
    return _figure(
        chart_id,
        title,
        description,
        svg(vl_spec, chart_id),
        interactive_spec(vl_spec),
        table_html(table, formats, missing),
        caption,
    )


# --- charts shared by every force page -----------------------------------------

# Under docs/assets/generated/: the shared charts' SVGs and data files. The
# interactive charts' loader resolves data URLs against docs/assets/generated/.
FIGURES = "figures"
SVG_NS = "http://www.w3.org/2000/svg"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class SharedFigure:
    """A chart of every force, drawn once for all the force pages; each page marks its own.

    Each force page shows where its force sits among all the others. Drawn and
    written into every page, that chart made a page's size grow with the number
    of forces, and the site's with its square. Instead the static SVG is one file
    that every page shows with `<img src="....svg#bar-sussex">` (a `:target` rule
    in the file colours the force the address names), and the interactive spec
    on the page carries no data (its datasets are files beside the SVG) and
    takes the force from the `highlight` parameter. A page's copy costs the
    same whatever the number of forces.
    """

    name: str
    spec: dict  # the page spec, data by URL, `highlight` empty
    svg: str  # a standalone SVG document; marks carry ids `<prefix>-<slug>`
    width: float
    height: float
    prefix: str
    data: Mapping[str, str]  # file name under FIGURES -> JSON text

    @property
    def svg_file(self) -> str:
        return f"{FIGURES}/{self.name}.svg"

    def files(self) -> dict[str, str]:
        """Paths under docs/assets/generated/ and their text."""
        return {self.svg_file: self.svg, **{f"{FIGURES}/{k}": v for k, v in self.data.items()}}

    def page_spec(self, highlight: str | None) -> dict:
        """The interactive spec with `highlight` (a force's name) set; no data in it."""
        out = dict(self.spec)
        out["params"] = [
            {**p, "value": highlight or ""} if p.get("name") == HIGHLIGHT_PARAM else p
            for p in self.spec.get("params", [])
        ]
        return out

    def render(
        self,
        chart_id: str,
        title: str,
        description: str,
        table: pd.DataFrame,
        caption: str | None = None,
        *,
        mark: str | None,
        highlight: str | None,
        assets: str,
        formats: Mapping[str, Formatter] | None = None,
        missing: str = "not published",
        table_note: str = "",
    ) -> str:
        """The chart block for one page: mark the force with slug `mark`.

        `assets` is the page's relative address of docs/assets/generated/
        ("../../assets/generated/"). `table` is what the page lists (it need not be
        every force); `table_note` is HTML placed under it.
        """
        src = f"{assets}{self.svg_file}" + (f"#{self.prefix}-{mark}" if mark else "")
        static = (
            f'<img src="{html.escape(src)}" alt="" width="{self.width:g}" '
            f'height="{self.height:g}" loading="lazy" decoding="async">'
        )
        table_block = table_html(table, formats, missing, marked=highlight) + table_note
        return _figure(
            chart_id,
            title,
            description,
            static,
            self.page_spec(highlight),
            table_block,
            caption,
        )


def _with_ids(vl_spec: dict, fields: Mapping[str, str]) -> dict:
    """The spec with each mark of the given types described by a field (its force's slug).

    Vega writes an item's description as its aria-label in the SVG, where
    `_mark_ids` turns it into an id.
    """

    def described(view: dict) -> dict:
        mark = view.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if kind not in fields:
            return view
        encoding = {**view.get("encoding", {})}
        encoding["description"] = {"field": fields[kind], "type": "nominal"}
        return {**view, "encoding": encoding}

    out = described(dict(vl_spec))
    if "layer" in out:
        out["layer"] = [described(layer) for layer in out["layer"]]
    return out


def _mark_ids(svg_text: str, prefix: str, overlay: bool) -> str:
    """A standalone SVG in which `#<prefix>-<slug>` picks out that force's mark.

    Bars take the id themselves. A map's areas get an outline each, drawn over
    every area and invisible until targeted (an area's own stroke would be half
    hidden under its neighbours). Each area's shape is written once, in <defs>:
    the area and its outline are both <use> elements of it, each with its own
    paint, so the outlines do not double the file.
    """
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg_text)
    parents = {child: parent for parent in root.iter() for child in parent}
    marked = []
    for element in root.iter(f"{{{SVG_NS}}}path"):
        label = element.get("aria-label", "")
        if _SLUG.fullmatch(label):
            marked.append((label, element))
            del element.attrib["aria-label"]
    slugs = [slug for slug, _ in marked]
    if not marked or len(set(slugs)) != len(slugs):
        raise ValueError(f"expected one mark per force in the shared chart, found {slugs}")
    if overlay:
        # Beside the last group of areas, so under the same transforms.
        group = parents[marked[-1][1]]
        holder = parents[group]
        defs = ET.Element(f"{{{SVG_NS}}}defs")
        targets = ET.Element(f"{{{SVG_NS}}}g", {"class": "targets", "aria-hidden": "true"})
        for slug, element in marked:
            shape = f"shape-{slug}"
            # No paint on the shape itself: each <use> passes its own down to it.
            ET.SubElement(defs, f"{{{SVG_NS}}}path", {"id": shape, "d": element.attrib.pop("d")})
            element.tag = f"{{{SVG_NS}}}use"
            element.set("href", f"#{shape}")
            outline = {"id": f"{prefix}-{slug}", "href": f"#{shape}"}
            if "transform" in element.attrib:
                outline["transform"] = element.get("transform")
            ET.SubElement(targets, f"{{{SVG_NS}}}use", outline)
        holder.insert(list(holder).index(group) + 1, targets)
        root.insert(0, defs)
        rule = (
            f".targets use{{fill:none;stroke:none}}"
            f".targets use:target{{stroke:{HIGHLIGHT};stroke-width:3px}}"
        )
    else:
        for slug, element in marked:
            element.set("id", f"{prefix}-{slug}")
        rule = f"path:target{{fill:{HIGHLIGHT}}}"
    style = ET.Element(f"{{{SVG_NS}}}style")
    style.text = rule
    root.insert(0, style)
    return ET.tostring(root, encoding="unicode")


def _external_data(vl_spec: dict, name: str) -> tuple[dict, dict[str, str]]:
    """The spec with each named dataset replaced by a file under FIGURES."""
    datasets = vl_spec.get("datasets", {})
    urls = {key: f"{name}-{n}.json" for n, key in enumerate(datasets, start=1)}
    files = {
        urls[key]: json.dumps(values, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        for key, values in datasets.items()
    }

    def swap(value: object) -> object:
        if isinstance(value, dict):
            if set(value) == {"name"} and value["name"] in urls:
                return {"url": f"{FIGURES}/{urls[value['name']]}"}
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    out = {k: swap(v) for k, v in vl_spec.items() if k != "datasets"}
    return out, files


def shared_figure(
    chart: alt.TopLevelMixin, name: str, prefix: str, ids: Mapping[str, str], overlay: bool
) -> SharedFigure:
    """Draw `chart` (no force highlighted) once, for every force page to show.

    `ids` maps a mark type ("bar", "geoshape") to the field holding each mark's
    force slug; `overlay` draws targetable outlines over a map's areas.
    """
    if not _SLUG.fullmatch(name) or not _SLUG.fullmatch(prefix):
        raise ValueError(f"name and prefix must be slugs: {name!r}, {prefix!r}")
    vl_spec = spec(chart)
    drawn = _mark_ids(_drawn(_with_ids(vl_spec, ids)), prefix, overlay)
    _, width, height = _svg_tag(drawn)
    if width is None or height is None:
        raise ValueError("vl-convert returned an SVG without a width and height")
    page, data = _external_data(interactive_spec(vl_spec), name)
    return SharedFigure(
        name=name,
        spec=page,
        svg=drawn,
        width=float(width),
        height=float(height),
        prefix=prefix,
        data=data,
    )


def write_shared(figures: list[SharedFigure], generated: Path) -> list[Path]:
    """Write the shared charts' files, replacing any left by an earlier build."""
    folder = Path(generated) / FIGURES
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for shared in figures:
        for relative, text in shared.files().items():
            path = Path(generated) / relative
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def write_vendor_bundle(dest: Path) -> Path:
    """Write Vega, Vega-Lite and vega-embed as one self-contained ES module.

    The module's default export (and named export `vegaEmbed`) is vega-embed's
    function; it fetches nothing. Written only when its content changes.
    """
    snippet = "export { vegaEmbed as default, vegaEmbed };\n"
    bundle = vlc.javascript_bundle(snippet=snippet, vl_version=_vl_version())
    header = (
        f"/* Vega {vlc.get_vega_version()}, Vega-Lite {_vl_version() or 'latest'}, "
        f"vega-embed {vlc.get_vega_embed_version()}: BSD-3-Clause, "
        "bundled by vl-convert-python. */\n"
    )
    text = header + bundle
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and dest.read_text(encoding="utf-8") == text:
        return dest
    temporary = dest.with_name(f".{dest.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(dest)
    return dest


__all__ = [
    "config",
    "drug_shares",
    "force_rates",
    "rate_map",
    "render",
    "shared_figure",
    "SharedFigure",
    "spec",
    "static_spec",
    "svg",
    "table_html",
    "trend",
    "write_shared",
    "write_vendor_bundle",
]
