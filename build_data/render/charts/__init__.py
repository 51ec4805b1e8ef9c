"""Charts for the pages: tidy DataFrames in, Altair charts out, and HTML to place them.

- `theme`: the one look (palette, fonts, Vega-Lite config), titles, number formats.
- `builders`: the chart kinds (drug_shares, force_rates, trend, rate_map).
- `static`: each chart drawn by vl-convert to inline SVG, at a phone's width
  (NARROW_WIDTH) and a desktop's (STATIC_WIDTH), the page showing one by a media
  query; the interactive version replaces it only when the reader asks.
  `pool` draws on every core (build_data/render/svg_pool.py).
- `interactive`: the spec vega-embed draws on the page, and the files it loads.
- `markup`: the HTML figure and data table, from Jinja templates; `render`.
- `shared`: the charts of every force, drawn once for all the force pages.

Callers use the names below (`charts.render(...)`).
"""

from build_data.render.charts.builders import (
    CITY,
    COUNT_MEASURE,
    city_off_scale,
    drug_shares,
    force_rates,
    rate_map,
    trend,
)
from build_data.render.charts.interactive import (
    MAP_DATA,
    MAP_FILE,
    interactive_spec,
    map_geometry,
    start_vendor_bundle,
    write_map_geometry,
    write_vendor_bundle,
)
from build_data.render.charts.markup import Formatter, render, table_html
from build_data.render.charts.shared import FIGURES, SharedFigure, shared_figure, write_shared
from build_data.render.charts.static import (
    NARROW_MEDIA,
    NARROW_WIDTH,
    STATIC_WIDTH,
    Cache,
    pool,
    spec,
    static_spec,
    svg,
)
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
    "Cache",
    "CITY",
    "COUNT_MEASURE",
    "FIGURES",
    "FONT",
    "Formatter",
    "HIGHLIGHT",
    "HIGHLIGHT_PARAM",
    "MAP_DATA",
    "MAP_FILE",
    "NARROW_MEDIA",
    "NARROW_WIDTH",
    "NO_DATA",
    "STATIC_FONT",
    "STATIC_WIDTH",
    "SUBTITLE_CHARS",
    "SharedFigure",
    "TITLE_CHARS",
    "city_off_scale",
    "config",
    "drug_shares",
    "force_rates",
    "interactive_spec",
    "map_geometry",
    "number",
    "per_cent",
    "pool",
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
    "start_vendor_bundle",
    "write_vendor_bundle",
]
