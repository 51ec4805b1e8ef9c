"""Charts for the pages: tidy DataFrames in, Altair charts out, and HTML to place them.

- `theme`: the one look (palette, fonts, Vega-Lite config), titles, number formats.
- `builders`: the chart kinds (drug_shares, force_rates, trend, rate_map).
- `static`: each chart drawn once by vl-convert to inline SVG, at STATIC_WIDTH,
  with a viewBox that scales down, shown until (and unless) the interactive
  version has loaded.
- `interactive`: the spec vega-embed draws on the page, and the files it loads.
- `markup`: the HTML figure and data table, from Jinja templates; `render`.
- `shared`: the charts of every force, drawn once for all the force pages.

Callers use the names below (`charts.render(...)`).
"""

from build_data.render.charts.builders import CITY, drug_shares, force_rates, rate_map, trend
from build_data.render.charts.interactive import (
    MAP_DATA,
    MAP_FILE,
    interactive_spec,
    map_geometry,
    write_map_geometry,
    write_vendor_bundle,
)
from build_data.render.charts.markup import Formatter, render, table_html
from build_data.render.charts.shared import FIGURES, SharedFigure, shared_figure, write_shared
from build_data.render.charts.static import STATIC_WIDTH, spec, static_spec, svg
from build_data.render.charts.theme import (
    BAR,
    CHAR_PX,
    FONT,
    HIGHLIGHT,
    HIGHLIGHT_PARAM,
    NO_DATA,
    STATIC_FONT,
    SUBTITLE_CHARS,
    TITLE_CHARS,
    config,
    number,
    per_cent,
)

__all__ = [
    "BAR",
    "CHAR_PX",
    "CITY",
    "FIGURES",
    "FONT",
    "Formatter",
    "HIGHLIGHT",
    "HIGHLIGHT_PARAM",
    "MAP_DATA",
    "MAP_FILE",
    "NO_DATA",
    "STATIC_FONT",
    "STATIC_WIDTH",
    "SUBTITLE_CHARS",
    "SharedFigure",
    "TITLE_CHARS",
    "config",
    "drug_shares",
    "force_rates",
    "interactive_spec",
    "map_geometry",
    "number",
    "per_cent",
    "rate_map",
    "render",
    "shared_figure",
    "spec",
    "static_spec",
    "svg",
    "table_html",
    "trend",
    "write_map_geometry",
    "write_shared",
    "write_vendor_bundle",
]
