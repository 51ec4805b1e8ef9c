"""The static chart: the spec drawn once by vl-convert, at a fixed width, to inline SVG.

Shown until (and unless) the interactive version has loaded. The SVG is tidied
(paths to a tenth of a pixel, nothing fetched from elsewhere, ids unique to the
chart) and may be kept between builds in a folder keyed by the spec's content
hash: pass that folder as `cache` (None: draw every time).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import altair as alt
import vl_convert as vlc

from build_data.render.charts.theme import FONT, STATIC_FONT

STATIC_WIDTH = 640


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


def _vegalite_to_svg(static: dict, cache: Path | None) -> str:
    """vl-convert's SVG for a spec, from `cache` when the same spec was drawn before."""
    if cache is None:
        return vlc.vegalite_to_svg(static, vl_version=vl_version())
    text = json.dumps(static, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256(f"{vlc.__version__}\n{vl_version()}\n{text}".encode()).hexdigest()
    path = cache / f"{key}.svg"
    if path.exists():
        return path.read_text()
    out = vlc.vegalite_to_svg(static, vl_version=vl_version())
    cache.mkdir(parents=True, exist_ok=True)
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


def static_spec(vl_spec: dict, width: int = STATIC_WIDTH) -> dict:
    """The same spec at a fixed width, in STATIC_FONT, for drawing once at build time."""
    fixed = dict(vl_spec)  # only the top-level width and config change
    if fixed.get("width") == "container":
        fixed["width"] = width
    if isinstance(fixed.get("config"), dict):
        fixed["config"] = _static_fonts(fixed["config"])
    return fixed


def _round_path(d: str) -> str:
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.1f}".rstrip("0").rstrip("."), d)


def drawn(vl_spec: dict, cache: Path | None = None) -> str:
    """The spec drawn at its static width: paths to a tenth of a pixel, nothing remote."""
    out = _vegalite_to_svg(static_spec(vl_spec), cache)
    out = re.sub(r"<\?xml[^>]*\?>\s*", "", out)
    # Path coordinates to a tenth of a pixel: plenty, and a quarter smaller.
    out = re.sub(r'\bd="([^"]*)"', lambda m: f'd="{_round_path(m.group(1))}"', out)
    # Nothing fetched from elsewhere: no @import, no remote fonts or images.
    out = re.sub(r"@import[^;]*;", "", out)
    out = re.sub(r"@font-face\s*\{[^}]*\}", "", out)
    return re.sub(r"<image\b[^>]*>(?:</image>)?", "", out)


def svg_tag(text: str) -> tuple[str, str | None, str | None]:
    """The <svg> start tag, and its width and height if it gives them."""
    match = re.search(r"<svg\b[^>]*>", text)
    if match is None:
        raise ValueError("vl-convert returned no <svg> element")
    tag = match.group(0)
    width = re.search(r'\bwidth="([\d.]+)"', tag)
    height = re.search(r'\bheight="([\d.]+)"', tag)
    return tag, width and width.group(1), height and height.group(1)


def svg(vl_spec: dict, chart_id: str, cache: Path | None = None) -> str:
    """Inline SVG for a spec: a viewBox to scale by, ids unique to the chart, nothing remote."""
    out = drawn(vl_spec, cache)
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
    tag, width, height = svg_tag(out)
    new_tag = tag
    if "viewBox" not in tag and width and height:
        new_tag = new_tag.replace("<svg", f'<svg viewBox="0 0 {width} {height}"', 1)
    new_tag = re.sub(r'\sstyle="[^"]*"', "", new_tag)
    new_tag = new_tag.replace(
        "<svg", '<svg focusable="false" aria-hidden="true" style="max-width:100%;height:auto"', 1
    )
    out = out.replace(tag, new_tag, 1)
    return out.strip()
