"""Charts shared by every force page: drawn once, each page marking its own force.

The SVG surgery is here too: ids for each force's mark, each map area's shape
written once in <defs> and drawn by <use>, and datasets moved out to files.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
from markupsafe import Markup

from build_data.render.charts import interactive, markup, static
from build_data.render.charts.theme import HIGHLIGHT, HIGHLIGHT_PARAM

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
    narrow: str = ""  # the same drawn static.NARROW_WIDTH wide, for a phone ("": none)
    narrow_width: float = 0
    narrow_height: float = 0

    @property
    def svg_file(self) -> str:
        return f"{FIGURES}/{self.name}.svg"

    @property
    def narrow_file(self) -> str:
        return f"{FIGURES}/{self.name}-narrow.svg"

    def files(self) -> dict[str, str]:
        """Paths under docs/assets/generated/ and their text."""
        drawings = {self.svg_file: self.svg}
        if self.narrow:
            drawings[self.narrow_file] = self.narrow
        return {**drawings, **{f"{FIGURES}/{k}": v for k, v in self.data.items()}}

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
        formats: Mapping[str, markup.Formatter] | None = None,
        missing: str = "not published",
        table_note: str = "",
        extra: Markup | str = "",
    ) -> str:
        """The chart block for one page: mark the force with slug `mark`.

        `assets` is the page's relative address of docs/assets/generated/
        ("../../assets/generated/"). `table` is what the page lists (it need not be
        every force); `table_note` is HTML placed under it.
        """
        fragment = f"#{self.prefix}-{mark}" if mark else ""
        narrow = None
        if self.narrow:
            narrow = {
                "media": static.NARROW_MEDIA,
                "src": f"{assets}{self.narrow_file}{fragment}",
                "width": f"{self.narrow_width:g}",
                "height": f"{self.narrow_height:g}",
            }
        image = markup.html_template("shared_image.html.j2").render(
            src=f"{assets}{self.svg_file}{fragment}",
            width=f"{self.width:g}",
            height=f"{self.height:g}",
            narrow=narrow,
        )
        table_block = markup.table_html(table, formats, missing, marked=highlight) + table_note
        return markup.figure(
            chart_id,
            title,
            description,
            Markup(image),
            self.page_spec(highlight),
            Markup(table_block),
            caption,
            extra,
        )

    def standalone(self, mark: str | None) -> str:
        """The SVG as a file of its own with the force `mark` marked (no address needed)."""
        if mark is None:
            return self.svg
        return self.svg.replace(":target", f"#{self.prefix}-{mark}")


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
    chart: alt.TopLevelMixin,
    name: str,
    prefix: str,
    ids: Mapping[str, str],
    overlay: bool,
    cache: static.Cache = None,
) -> SharedFigure:
    """Draw `chart` (no force highlighted) once, for every force page to show.

    `ids` maps a mark type ("bar", "geoshape") to the field holding each mark's
    force slug; `overlay` draws targetable outlines over a map's areas. `cache`
    is the folder of SVGs drawn by earlier builds (None: draw anew).
    """
    if not _SLUG.fullmatch(name) or not _SLUG.fullmatch(prefix):
        raise ValueError(f"name and prefix must be slugs: {name!r}, {prefix!r}")
    vl_spec = static.spec(chart)  # on the module: see markup.render
    marked = _with_ids(vl_spec, ids)
    drawer = static.drawer(cache)
    futures = {
        variant: drawer.submit(static.static_spec(marked, width))
        for variant, width in static.VARIANTS
    }
    drawings = {}
    for variant, future in futures.items():
        own = static.renumber_ids(future.result(), f"{name}-{variant}")
        drawn = _mark_ids(own, prefix, overlay)
        _, width, height = static.svg_tag(drawn)
        if width is None or height is None:
            raise ValueError("vl-convert returned an SVG without a width and height")
        drawings[variant] = (drawn, float(width), float(height))
    page, data = _external_data(interactive.interactive_spec(vl_spec), name)
    wide, narrow = drawings["wide"], drawings["narrow"]
    return SharedFigure(
        name=name,
        spec=page,
        svg=wide[0],
        width=wide[1],
        height=wide[2],
        prefix=prefix,
        data=data,
        narrow=narrow[0],
        narrow_width=narrow[1],
        narrow_height=narrow[2],
    )


def write_shared(figures: list[SharedFigure], generated: Path) -> list[Path]:
    """Write the shared charts' files, replacing any left by an earlier build."""
    folder = Path(generated) / FIGURES
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    written = []
    for figure in figures:
        for relative, text in figure.files().items():
            path = Path(generated) / relative
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
