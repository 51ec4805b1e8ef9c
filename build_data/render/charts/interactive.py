"""The interactive chart: what vega-embed draws on the page, and the files it loads.

The page's spec gets a map's shapes from one file (MAP_FILE) instead of
repeating them in every page; Vega, Vega-Lite and vega-embed come as one
self-contained module written at build time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import vl_convert as vlc

from build_data.ingest.boundaries import d3_winding
from build_data.render import svg_pool
from build_data.render.charts.static import vl_version

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


# The module's exports: vega-embed's function, as default and by name.
SNIPPET = "export { vegaEmbed as default, vegaEmbed };\n"


def _bundle_path(cache: Path | None) -> Path | None:
    key = hashlib.sha256(f"{vlc.__version__}\n{vl_version()}\n{SNIPPET}".encode()).hexdigest()
    return None if cache is None else Path(cache) / f"{key}.js"


def start_vendor_bundle(cache: Path | None, run: Callable[..., Future[str]]) -> Future[str] | None:
    """vl-convert's bundle started on `run` (a pool's), unless `cache` has it.

    It takes vl-convert about a second: started with the drawings, rather than at the
    end of a cold build while both cores wait.
    """
    path = _bundle_path(cache)
    if path is not None and path.is_file():
        return None
    return run(svg_pool.bundle, SNIPPET, vl_version())


def _bundle(cache: Path | None, started: Future[str] | None) -> str:
    """vl-convert's bundle, from `cache` when this version made it before."""
    path = _bundle_path(cache)
    if path is not None and path.is_file():
        return path.read_text(encoding="utf-8")
    bundle = started.result() if started else svg_pool.bundle(SNIPPET, vl_version())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(bundle, encoding="utf-8")
        temporary.replace(path)
    return bundle


def write_vendor_bundle(
    dest: Path, cache: Path | None = None, started: Future[str] | None = None
) -> Path:
    """Write Vega, Vega-Lite and vega-embed as one self-contained ES module.

    The module's default export (and named export `vegaEmbed`) is vega-embed's
    function; it fetches nothing. Written only when its content changes; `cache`
    keeps the bundle between builds, keyed by vl-convert's version; `started` is
    `start_vendor_bundle`'s.
    """
    bundle = _bundle(cache, started)
    header = (
        f"/* Vega {vlc.get_vega_version()}, Vega-Lite {vl_version() or 'latest'}, "
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
