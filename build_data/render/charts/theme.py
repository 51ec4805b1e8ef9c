"""The charts' look, defined once: palette, fonts, the Vega-Lite config, titles, numbers.

One look, in `config()`: the system font stack, the Okabe-Ito palette (viridis
for the map), thousands separators, a transparent background, and text drawn in
`currentColor` so charts read in Material's light and dark schemes alike
(inline SVG takes the page's text colour).
"""

from __future__ import annotations

import functools
import textwrap

import altair as alt

from build_data.formatting import figure, per_cent_as_figure

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


def finish(chart: alt.TopLevelMixin, height: int | None = None) -> alt.TopLevelMixin:
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


def chart_title(text: str | None, subtitle: str | list[str] | None = None) -> alt.Title | str:
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


# One set of number formats for the whole site (build_data/formatting.py): charts
# label with figures ("5.8 per cent"), sentences write per cent in words.
number = figure
per_cent = per_cent_as_figure


# A 12px character of chart text, generously (DejaVu Sans, among the widest
# system fonts, averages 6.3 pixels over "71 per cent" and "2018-19").
CHAR_PX = 7

# The force a chart marks out, by name: a Vega-Lite parameter, not a column of the
# data, so every page's copy of a chart has the same data (see shared.SharedFigure).
HIGHLIGHT_PARAM = "highlight"


def highlight_param(name: str | None) -> alt.Parameter:
    return alt.param(name=HIGHLIGHT_PARAM, value=name or "")


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
