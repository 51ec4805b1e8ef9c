"""The static chart: the spec drawn by vl-convert at a phone's width and a desktop's.

The static chart is the chart: the interactive version replaces it only when the
reader asks. Each chart is drawn twice, at NARROW_WIDTH (the column of a 360
pixel phone) and at STATIC_WIDTH (a desktop's), so that its text is drawn at its
own size on either: one drawing scaled down into a phone's column made 12 pixel
text 5.6 pixels. The page shows one by a media query (NARROW_MEDIA): CSS picks
between two inline SVGs, a <picture> between two files of a shared chart.

The SVG is tidied (paths to a tenth of a pixel, nothing fetched from elsewhere,
ids unique to the chart). `cache` is a folder of SVGs kept between builds, keyed
by the spec's content hash (None: draw every time), or a `Drawer`, which draws
on a pool of processes and leaves placeholders for `Drawer.fill`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import altair as alt
import vl_convert as vlc

from build_data.render.charts.theme import FONT, STATIC_FONT
from build_data.render.svg_pool import Drawer

STATIC_WIDTH = 640
# The chart column of a 360 pixel wide phone: 301 pixels (Material's margins and
# the figure's padding), so the narrow drawing is shown at its own size there.
NARROW_WIDTH = 300
# Below 45em (720 pixels) the column is under 600 pixels, too narrow for the wide
# drawing to keep 11 pixel text; above it the column is 600 to 730 pixels.
NARROW_MEDIA = "(max-width: 44.99em)"
# Where static SVGs come from: a folder of earlier drawings, a Drawer, or None.
Cache = Path | Drawer | None
# Each drawing's name (its class on the page) and width.
VARIANTS = (("narrow", NARROW_WIDTH), ("wide", STATIC_WIDTH))


def vl_version() -> str | None:
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


def _static_fonts(value: object) -> object:
    """A copy of (part of) a config with FONT replaced by STATIC_FONT."""
    if isinstance(value, dict):
        return {key: _static_fonts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_static_fonts(item) for item in value]
    return STATIC_FONT if value == FONT else value


def static_spec(vl_spec: dict, width: int = STATIC_WIDTH) -> dict:
    """The same spec at a fixed width, in STATIC_FONT, for drawing once at build time."""
    fixed = dict(vl_spec)  # only the top-level width and config change
    if fixed.get("width") == "container":
        fixed["width"] = width
    if isinstance(fixed.get("config"), dict):
        fixed["config"] = _static_fonts(fixed["config"])
    return fixed


def drawer(cache: Cache) -> Drawer:
    """`cache` as a Drawer: a folder (or None) draws in this process, one chart at a time."""
    return cache if isinstance(cache, Drawer) else Drawer(cache, vl_version(), workers=0)


def pool(cache: Path | None) -> Drawer:
    """A Drawer on every core: `svg` leaves placeholders, `Drawer.fill` puts the SVGs in."""
    return Drawer(cache, vl_version())


# The ids of a drawing that stands alone (a chart's SVG file): `renumber_ids`'s prefix.
ALONE = "chart"


def drawn(vl_spec: dict, cache: Cache = None, width: int = STATIC_WIDTH) -> str:
    """The spec drawn `width` pixels wide, to stand alone: paths to a tenth of a pixel,
    nothing remote, ids from the chart alone."""
    return renumber_ids(drawer(cache).submit(static_spec(vl_spec, width)).result(), ALONE)


def then(vl_spec: dict, cache: Cache, finish: Callable[[str], str]) -> str:
    """`finish` of the wide drawing (as `drawn` gives it): now, or, with a Drawer as
    `cache`, a placeholder that `Drawer.fill` replaces once the pool has drawn it."""
    if isinstance(cache, Drawer):
        return cache.defer(static_spec(vl_spec), lambda out: str(finish(renumber_ids(out, ALONE))))
    return finish(drawn(vl_spec, cache))


def svg_tag(text: str) -> tuple[str, str | None, str | None]:
    """The <svg> start tag, and its width and height if it gives them."""
    match = re.search(r"<svg\b[^>]*>", text)
    if match is None:
        raise ValueError("vl-convert returned no <svg> element")
    tag = match.group(0)
    width = re.search(r'\bwidth="([\d.]+)"', tag)
    height = re.search(r'\bheight="([\d.]+)"', tag)
    return tag, width and width.group(1), height and height.group(1)


def renumber_ids(out: str, prefix: str) -> str:
    """`out` with its ids renamed `<prefix>-1`, `<prefix>-2`, ... in order of appearance.

    vl-convert numbers a drawing's ids (a legend's gradient_0, clip paths) from a count
    kept by the process that drew it, so the same chart came out with different ids
    from different builds: renumbered, a drawing depends on its spec alone.
    """
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', out)))
    renamed = {old: f"{prefix}-{n}" for n, old in enumerate(ids, start=1)}
    if not renamed:
        return out
    pattern = "|".join(re.escape(old) for old in sorted(ids, key=len, reverse=True))
    return re.sub(
        rf'(\bid="|url\(#|href="#)({pattern})(?=[")])',
        lambda m: m.group(1) + renamed[m.group(2)],
        out,
    )


def inline(out: str, chart_id: str, variant: str) -> str:
    """A drawing for the page: a viewBox to scale by, ids unique to the chart and variant."""
    # Ids per chart: two charts (or a chart and its interactive copy) never clash.
    out = renumber_ids(out, f"chart-{chart_id}-{variant}")
    tag, width, height = svg_tag(out)
    new_tag = tag
    if "viewBox" not in tag and width and height:
        new_tag = new_tag.replace("<svg", f'<svg viewBox="0 0 {width} {height}"', 1)
    new_tag = re.sub(r'\s(style|class)="[^"]*"', "", new_tag)
    new_tag = new_tag.replace(
        "<svg",
        f'<svg class="chart-{variant}" focusable="false" aria-hidden="true" '
        'style="max-width:100%;height:auto"',
        1,
    )
    return out.replace(tag, new_tag, 1).strip()


def svg(vl_spec: dict, chart_id: str, cache: Cache = None) -> str:
    """Inline SVGs of a spec, narrow and wide, for CSS to show one (see NARROW_MEDIA).

    With a Drawer as `cache`, placeholders that `Drawer.fill` replaces once drawn.
    """
    if isinstance(cache, Drawer):
        return "".join(
            cache.defer(
                static_spec(vl_spec, width),
                lambda out, variant=variant: inline(out, chart_id, variant),
            )
            for variant, width in VARIANTS
        )
    return "".join(
        inline(drawer(cache).submit(static_spec(vl_spec, width)).result(), chart_id, variant)
        for variant, width in VARIANTS
    )
