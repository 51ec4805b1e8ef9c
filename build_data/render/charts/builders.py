"""The chart kinds: tidy DataFrames in, Altair charts out, in the look of `theme`.

Every chart is as wide as its container when drawn by vega-embed
(`width: "container"`); `static` draws it once more, at a fixed width, to the
SVG shown until (and unless) the interactive version has loaded.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from build_data.constants import CITY
from build_data.formatting import is_missing
from build_data.ingest.boundaries import d3_winding
from build_data.render.charts.theme import (
    BAR,
    CHAR_PX,
    HIGHLIGHT,
    HIGHLIGHT_PARAM,
    MAP_SCHEME,
    NO_DATA,
    RATE_TITLE,
    RULE,
    SERIES,
    chart_title,
    finish,
    highlight_param,
    join_names,
    number,
    per_cent,
)

# --- drug_shares ----------------------------------------------------------------


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


def _shares_frame(df: pd.DataFrame) -> pd.DataFrame:
    frame = df[["label", "share", "seizures"]].dropna(subset=["share"]).copy()
    frame["share"] = frame["share"].astype(float)
    frame["seizures"] = frame["seizures"].astype("Int64")
    frame = frame.sort_values("share", ascending=False, kind="stable")
    frame["share_label"] = frame["share"].map(per_cent)
    frame["seizures_label"] = frame["seizures"].map(number)
    return frame


def drug_shares(df: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Horizontal bars of each drug's share of seizures, largest first, labelled "x per cent".

    df: `label` (drug label), `share` (0 to 1), `seizures` (count).
    """
    frame = _shares_frame(df)
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
    chart = alt.layer(bars, labels, title=chart_title(title))
    # A fixed height (not a step) so Vega-Lite has no autosize to drop and warn about.
    return finish(chart, height=22 * max(len(frame), 1))


# --- force_rates ----------------------------------------------------------------


def _city_cap(frame: pd.DataFrame) -> tuple[float | None, bool]:
    """Where a ranking's scale would stop (1.1 times the largest rate but the City's), and
    whether the City of London's bar runs past it, so is drawn cut short."""
    rates = pd.to_numeric(frame["rate"], errors="coerce").astype(float)
    others = rates[(frame["force"] != CITY) & rates.notna()]
    city = rates[(frame["force"] == CITY) & rates.notna()]
    cap = float(others.max()) * 1.1 if len(others) and others.max() > 0 else None
    return cap, bool(len(city) and cap is not None and float(city.iloc[0]) > cap)


def city_off_scale(df: pd.DataFrame) -> bool:
    """Whether force_rates draws the City of London's bar cut short (df as force_rates')."""
    return _city_cap(df)[1]


def _rates_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, float | None, str | None]:
    """The bars' data, where the scale stops and the subtitle saying so (None, None: not cut)."""
    frame = df[["force", "name", "rate"]].copy()
    frame["rate"] = pd.to_numeric(frame["rate"], errors="coerce").astype(float)
    frame = frame.dropna(subset=["rate"]).sort_values("rate", ascending=False, kind="stable")
    cap, clipped = _city_cap(frame)
    city = frame.loc[frame["force"] == CITY, "rate"]
    frame["bar"] = frame["rate"].clip(upper=cap) if clipped else frame["rate"]
    frame["rate_label"] = frame["rate"].map(number)
    # The bars' order as data (sorted by this field), not a list of every name in
    # the spec.
    frame["order"] = range(len(frame))
    frame["note"] = ""
    frame["note_short"] = ""
    if not clipped:
        return frame, None, None
    city_rate = number(city.iloc[0])
    frame.loc[frame["force"] == CITY, "note"] = f"City of London: {city_rate} — off the scale"
    frame.loc[frame["force"] == CITY, "note_short"] = f"{city_rate} →"
    subtitle = (
        f"The City of London's bar is cut short: its rate, {city_rate} per million, "
        "would squash every other bar."
    )
    return frame, cap, subtitle


def _forces_base(frame: pd.DataFrame) -> alt.Chart:
    """One row per force, highest first; the highlighted force's name in bold."""
    return alt.Chart(frame).encode(
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


def _rate_bars(base: alt.Chart, scale: alt.Scale) -> alt.Chart:
    """The bars, the highlighted force's in the highlight colour."""
    return (
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


def _off_scale_label(base: alt.Chart, scale: alt.Scale) -> alt.Chart:
    """The value of the bar cut short, written inside its end."""
    return (
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
    frame, cap, subtitle = _rates_frame(df)
    clipped = subtitle is not None
    scale = alt.Scale(domain=[0, cap], nice=False, clamp=True) if clipped else alt.Scale()
    highlighted = frame.loc[frame["force"] == highlight, "name"]
    base = _forces_base(frame)
    layers = [_rate_bars(base, scale)]
    if clipped:
        layers.append(_off_scale_label(base, scale))
    chart = alt.layer(*layers, title=chart_title(title, subtitle)).add_params(
        highlight_param(highlighted.iloc[0] if len(highlighted) else None)
    )
    return finish(chart, height=16 * max(len(frame), 1))


# --- trend ----------------------------------------------------------------------


def _trend_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, list, list]:
    """Every year for every series, so a missing figure breaks the line; years; series."""
    frame = df[["year", "series", "rate"]].copy()
    years = list(dict.fromkeys(frame["year"]))
    series = list(dict.fromkeys(frame["series"]))
    grid = pd.MultiIndex.from_product([years, series], names=["year", "series"])
    frame = frame.drop_duplicates(["year", "series"]).set_index(["year", "series"])
    frame = frame.reindex(grid).reset_index()
    frame["rate"] = pd.to_numeric(frame["rate"], errors="coerce").astype(float)
    frame["rate_label"] = frame["rate"].map(number)
    return frame, years, series


def _year_axis(years: list) -> alt.X:
    """Financial years along the bottom, with room at each end for half a label."""
    # Pixels: half the widest year label.
    half_label = 8 + (CHAR_PX * max((len(str(y)) for y in years), default=0) + 1) // 2
    # The first and last points sit half a step (width / n) in from the ends of the
    # range; the range starts and stops `inset` in, so that they sit half_label in:
    # inset + (width - 2 * inset) / (2 * n) = half_label.
    n = len(years)
    inset = f"max(0, ({n * half_label} - 0.5 * width) / {n - 1})" if n > 1 else "0"
    return alt.X(
        "year:O",
        sort=years,
        title=None,
        # Room at each end for half a year label: in a narrow chart the last one
        # ran past the plot's right edge, and fit-x, sizing the plot once, left it.
        # A point scale, said outright: a layer of break rules would otherwise make it a band
        # scale, whose labels sit half a step left of the points.
        scale=alt.Scale(type="point", range=[alt.ExprRef(inset), alt.ExprRef(f"width - {inset}")]),
        axis=alt.Axis(labelAngle=0, labelOverlap="parity", ticks=False),
    )


def _series_colour(series: list) -> alt.Color:
    """The palette in order, the first series in the highlight colour; a legend on top."""
    # Pixels: a legend entry is a symbol, gaps and its label.
    legend_row = sum(30 + min(CHAR_PX * len(str(name)), 160) for name in series)
    return alt.Color(
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


def _break_marks(years: list[str], marked: list[str]) -> list[alt.Chart]:
    """A dashed vertical rule at each marked year, labelled "break" at the top."""
    if not marked:
        return []
    base = alt.Chart(pd.DataFrame({"year": marked, "label": "break"})).encode(x=_year_axis(years))
    rule = base.mark_rule(color=RULE, strokeDash=[4, 3], strokeWidth=1.5)
    label = base.mark_text(align="left", baseline="top", dx=3, y=2, color=RULE, fontSize=11).encode(
        text="label:N"
    )
    return [rule, label]


# A trend of counts (a force with no resident population): the y axis and tooltip names.
COUNT_MEASURE = ("Seizures of any drug", "Seizures")


def trend(
    df: pd.DataFrame,
    title: str | None = None,
    breaks: list[str] | None = None,
    measure: tuple[str, str] = (RATE_TITLE, "Per million residents"),
) -> alt.LayerChart:
    """Lines with points, one per series, over financial years; a missing year is a gap.

    df: `year` (such as "2018-19", in order), `series` (such as "Sussex"), `rate`.
    Series keep the order they first appear in, and the palette's order: the
    first is drawn in the highlight colour. ``breaks``: years where the first
    series has a break (build_data.analysis.breaks), each marked by a dashed rule.
    ``measure``: what `rate` is, as the y axis and the tooltip name it (COUNT_MEASURE
    for a count of seizures).
    """
    frame, years, series = _trend_frame(df)
    colour = _series_colour(series)
    axis_title, tooltip_title = measure
    base = alt.Chart(frame).encode(
        x=_year_axis(years),
        y=alt.Y("rate:Q", title=axis_title, axis=alt.Axis(format=",~f")),
        color=colour,
        tooltip=[
            alt.Tooltip("series:N", title="Area"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("rate_label:N", title=tooltip_title),
        ],
    )
    lines = base.mark_line(invalid="break-paths-filter-domains")
    points = base.mark_point(invalid="filter")
    marks = _break_marks(years, [y for y in breaks or [] if y in years])
    chart = alt.layer(*marks, lines, points, title=chart_title(title))
    return finish(chart, height=300)


# --- rate_map -------------------------------------------------------------------

# Transverse Mercator on 2°W, as the Ordnance Survey's national grid.
PROJECTION = {"type": "transverseMercator", "rotate": [2, 0, 0]}
MAP_TOOLTIP = (
    ("properties.name:N", "Force"),
    ("properties.rate_label:N", "Per million residents"),
)


def _map_features(
    df: pd.DataFrame, boundaries: dict, highlight: str | None
) -> tuple[list[dict], str | None]:
    """Each force area with its figures (Vega's winding), and the highlighted force's name."""
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
                    "rate_label": number(rate) if rate is not None else "no data",
                    "status": "data" if rate is not None else "no data",
                },
            }
        )
    return features, highlighted


def _map_cap(features: list[dict]) -> tuple[float | None, list[str]]:
    """Where the colour scale stops, and the subtitle's notes (no data, off the scale)."""
    known = {f["properties"]["force"]: f["properties"]["rate"] for f in features}
    other_rates = [r for f, r in known.items() if r is not None and f != CITY]
    city_rate = known.get(CITY)
    cap = max(other_rates) * 1.1 if other_rates else None
    clipped = cap is not None and city_rate is not None and city_rate > cap
    no_data = [f["properties"]["name"] for f in features if f["properties"]["rate"] is None]
    subtitle = []
    if no_data:
        subtitle.append(f"Grey: no data ({join_names(no_data)}).")
    if clipped:
        subtitle.append(
            f"The City of London ({number(city_rate)} per million) is off the top of the scale."
        )
    return cap, subtitle


def _map_layers(data: alt.NamedData, cap: float | None) -> list[alt.Chart]:
    """Areas without a figure in grey, the rest in colour, the highlighted force outlined."""
    tooltip = [alt.Tooltip(field, title=title) for field, title in MAP_TOOLTIP]
    scale = alt.Scale(scheme=MAP_SCHEME, zero=True, nice=False)
    if cap is not None:
        scale = alt.Scale(scheme=MAP_SCHEME, domain=[0, cap], clamp=True, nice=False)
    ground = (
        alt.Chart(data)
        .transform_filter("!isValid(datum.properties.rate)")
        .mark_geoshape(fill=NO_DATA, fillOpacity=0.45, stroke=RULE, strokeWidth=0.5)
        .encode(tooltip=tooltip)
        .project(**PROJECTION)
    )
    legend = alt.Legend(
        title="Per million",
        format=",~f",
        orient="top-right",
        gradientLength=160,
        tickCount=4,
        labelOverlap="greedy",
    )
    areas = (
        alt.Chart(data)
        .transform_filter("isValid(datum.properties.rate)")
        .mark_geoshape(stroke=RULE, strokeWidth=0.5)
        .encode(color=alt.Color("properties.rate:Q", scale=scale, legend=legend), tooltip=tooltip)
        .project(**PROJECTION)
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
        .project(**PROJECTION)
    )
    return [ground, areas, outline]


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
    features, highlighted = _map_features(df, boundaries, highlight)
    cap, subtitle = _map_cap(features)
    # The features once, as a top-level named dataset the layers refer to:
    # inline in each layer, Altair copies and walks them three times over.
    data = alt.NamedData(name="force-areas")
    chart = alt.layer(*_map_layers(data, cap), title=chart_title(title, subtitle or None))
    chart = chart.add_params(highlight_param(highlighted))
    chart = finish(chart, height=500)
    chart.datasets = {"force-areas": features}
    return chart
