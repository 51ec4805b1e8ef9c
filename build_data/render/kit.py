"""The journalist's kit: every chart as PNG, SVG and CSV, an embed page for it, and
the "Use these figures" box on a force page.

Pages hand each chart to a `PageKit` as they render it; it returns the links
and embed code placed under the chart, and keeps the chart for `write`, which
writes docs/charts/ once every page is done: `<name>.svg`, `<name>.png` (drawn
by vl-convert from the SVG, in the content-hash cache build/kit/), `<name>.csv`
and the embed page `<name>/index.html` (the static chart, its title, source,
licence and a link back; no script, nothing from another host). Names say what
the chart is: `sussex-drug-mix-2018-19.png`.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup
from mkdocs.utils.yaml import yaml_load

from build_data.render import charts, png
from build_data.render.charts import markup, static

FOLDER = "charts"  # under docs/: the files and embed pages
STYLESHEET = Path(__file__).resolve().parent / "templates" / "html" / "kit" / "embed.css"
SOURCE = (
    "Home Office, Seizures of drugs in England and Wales (data tables); "
    "Office for National Statistics, mid-year population estimates"
)
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Room in an embed page above and below the chart: title, caption, source, links.
EMBED_CHROME = 170
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Set for an edition's build (build_data/publish.py, mike): its pages live under the edition.
EDITION_VARIABLE = "MIKE_DOCS_VERSION"


@dataclass(frozen=True)
class Site:
    name: str
    url: str  # the canonical address, ending in "/"


def site_config(config_file: Path) -> Site:
    """The site's name and canonical address from mkdocs.yml (with !ENV resolved as MkDocs does).

    In an edition's build the address is the edition's, as mike's plugin makes site_url:
    an embedded chart keeps the figures of the edition it was copied from.
    """
    with Path(config_file).open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    url = str(config.get("site_url") or "/")
    url = url if url.endswith("/") else url + "/"
    edition = os.environ.get(EDITION_VARIABLE)
    return Site(name=str(config["site_name"]), url=f"{url}{edition}/" if edition else url)


def for_site(config_file: Path) -> Kit | None:
    """A kit for the site that mkdocs.yml describes; None where there is none (no downloads)."""
    return Kit(site_config(config_file)) if Path(config_file).is_file() else None


@dataclass(frozen=True)
class KitChart:
    name: str  # file stem: "sussex-drug-mix-2018-19"
    chart_id: str  # the figure's id on its page: "chart-<chart_id>"
    title: str
    description: str
    caption: str | None
    svg: str  # a standalone SVG document, as the page shows it
    table: pd.DataFrame  # the chart's data, for the CSV
    page: str  # the page's address under the site: "forces/sussex/"
    page_title: str

    @property
    def size(self) -> tuple[float, float]:
        _, width, height = static.svg_tag(self.svg)
        return float(width or static.STATIC_WIDTH), float(height or 400)

    def embed_address(self, site: Site) -> str:
        return f"{site.url}{FOLDER}/{self.name}/"

    def embed_code(self, site: Site) -> str:
        """The <iframe> a reader pastes into their page: the canonical address, a title."""
        height = math.ceil(self.size[1] + EMBED_CHROME)
        return markup.html_template("kit/iframe.html.j2").render(
            src=self.embed_address(site), title=self.title, height=height
        )


@dataclass
class Kit:
    """Every chart of the build, collected as the pages are rendered."""

    site: Site
    charts: list[KitChart] = field(default_factory=list)
    # Starts a chart's PNG as it is added (pages.build: on the chart pool); `write` waits.
    prefetch: Callable[[str], Future[str] | None] | None = None
    drawing: list[Future[str]] = field(default_factory=list)

    def page(self, slug: str, address: str, title: str) -> PageKit:
        return PageKit(self, slug, address, title)

    def add(self, chart: KitChart) -> None:
        if not _NAME.fullmatch(chart.name):
            raise ValueError(f"a chart's file name must be a slug: {chart.name!r}")
        if any(c.name == chart.name for c in self.charts):
            raise ValueError(f"two charts are both called {chart.name}")
        self.charts.append(chart)
        started = self.prefetch(chart.svg) if self.prefetch is not None else None
        if started is not None:
            self.drawing.append(started)


@dataclass(frozen=True)
class PageKit:
    """One page's share of the kit: names its charts after the page."""

    kit: Kit
    slug: str  # "sussex", "cocaine", "all-drugs"
    address: str  # "forces/sussex/", "" for the home page
    title: str

    @property
    def to_root(self) -> str:
        return "../" * self.address.count("/")

    def add(
        self,
        kind: str,
        period: str,
        chart_id: str,
        title: str,
        description: str,
        caption: str | None,
        svg: str,
        table: pd.DataFrame,
    ) -> Markup:
        """Keep the chart for `write`; the links and embed code to place under it."""
        chart = KitChart(
            name=f"{self.slug}-{kind}-{period}",
            chart_id=chart_id,
            title=title,
            description=description,
            caption=caption,
            svg=on_white(svg),
            table=table,
            page=self.address,
            page_title=self.title,
        )
        self.kit.add(chart)
        return Markup(
            markup.html_template("kit/links.html.j2").render(
                base=f"{self.to_root}{FOLDER}/",
                name=chart.name,
                chart_id=chart_id,
                code=chart.embed_code(self.kit.site),
            )
        )


def on_white(svg: str) -> str:
    """A chart as a file of its own: dark text (the page's colour is not there) on white."""
    tag, _, _ = static.svg_tag(svg)
    opened = tag.replace("<svg", '<svg color="#212121"', 1) if "color=" not in tag else tag
    return svg.replace(tag, f'{opened}<rect width="100%" height="100%" fill="#ffffff"/>', 1)


def embed_page(chart: KitChart, site: Site) -> str:
    width, height = chart.size
    return markup.html_template("kit/embed.html.j2").render(
        chart=chart,
        site=site,
        width=f"{width:g}",
        height=f"{height:g}",
        canonical=chart.embed_address(site),
        page=f"../../{chart.page}",
        source=SOURCE,
        licence=LICENCE,
        licence_url=LICENCE_URL,
    )


def write(kit: Kit | None, folder: Path, cache: Path) -> tuple[list[Path], int]:
    """Write every chart's files into `folder` (docs/charts/), replacing an earlier build's.

    PNGs come from `cache` (build/kit/), drawn only when their SVG changed.
    Returns the files written and how many PNGs were drawn (none without a kit).
    """
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    if kit is None:
        return [], 0
    folder.mkdir(parents=True)
    for started in kit.drawing:
        started.result()
    pngs, drawn = png.ensure_all([c.svg for c in kit.charts], cache)
    drawn += len(kit.drawing)
    written = [folder / "embed.css"]
    shutil.copyfile(STYLESHEET, written[0])
    for chart, cached in zip(kit.charts, pngs, strict=True):
        files = {
            "svg": folder / f"{chart.name}.svg",
            "csv": folder / f"{chart.name}.csv",
            "png": folder / f"{chart.name}.png",
            "html": folder / chart.name / "index.html",
        }
        files["svg"].write_text(chart.svg, encoding="utf-8")
        chart.table.to_csv(files["csv"], index=False, lineterminator="\n")
        shutil.copyfile(cached, files["png"])
        files["html"].parent.mkdir()
        files["html"].write_text(embed_page(chart, kit.site), encoding="utf-8")
        written += files.values()
    return written, drawn


def source_sentence(year: str, has_rates: bool) -> str:
    """The sentence naming the source, placed after the lead in the copy-ready paragraph."""
    rates = " and Office for National Statistics population estimates" if has_rates else ""
    return (
        f"The figures are from the Home Office's Seizures of drugs in England and Wales data "
        f"tables for {year}{rates}."
    )


def use_box(page: PageKit | None, paragraphs: list[str], year: str, has_rates: bool) -> str:
    """The "Use these figures" box on a force page ("" without a kit or a lead).

    The paragraph to quote is the page's lead sentences (its first paragraph,
    from narrative) and a sentence naming the source.
    """
    if page is None or not paragraphs:
        return ""
    kit, lead = page.kit, paragraphs[0]
    return markup.html_template("kit/use_figures.html.j2").render(
        paragraph=f"{lead} {source_sentence(year, has_rates)}",
        site=kit.site,
        title=f"{page.title}: police drug seizures",
        address=f"{kit.site.url}{page.address}",
        source=SOURCE,
        licence=LICENCE,
        root=page.to_root,
        csv=f"data/{page.address.rstrip('/')}.csv",
    )


def chart_with_kit(
    page: PageKit | None,
    kind: str,
    period: str,
    chart: object,
    chart_id: str,
    title: str,
    description: str,
    table: pd.DataFrame,
    *,
    caption: str | None = None,
    formats: dict | None = None,
    cache: charts.Cache = None,
) -> str:
    """charts.render, with the chart's downloads and embed code under it when `page` is given
    (with a Drawer, once the pool has drawn the chart: see static.then)."""
    vl_spec = static.spec(chart)  # on the module, where the bench's timers look (config.TIMED)
    extra = ""
    if page is not None:
        extra = static.then(
            vl_spec,
            cache,
            lambda svg: page.add(kind, period, chart_id, title, description, caption, svg, table),
        )
    return charts.render(
        vl_spec,
        chart_id,
        title,
        description,
        table,
        caption,
        formats=formats,
        cache=cache,
        extra=extra,
    )
