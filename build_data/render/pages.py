"""Write the generated Markdown pages, their CSV downloads and the navigation.

Generated files go only where .gitignore says (docs/index.md, docs/forces/,
docs/drugs/, docs/data/, docs/charts/, build/nav.yml) and start with a do-not-edit line;
hand-written pages in docs/about/ and docs/force-notes/ are only read. What
each page shows comes from build_data.render.contexts, one function per kind
of page; this module loads, assembles, renders and writes.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
import yaml

from build_data import paths
from build_data.analysis import narrative
from build_data.analysis.stats import Stats, compute
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG, FORCES, REGIONS
from build_data.render import (
    charts,
    contexts,
    downloads,
    editions,
    kit,
    page_charts,
    png,
    templating,
)
from build_data.render.charts.static import Cache
from build_data.render.contexts import Content, region_path
from build_data.render.tables import PAGE_DRUGS
from build_data.tidy import load_notes, read_dataset

GENERATED = ("index.md", "forces", "drugs", "data", kit.FOLDER)
ABOUT = (
    ("Methodology and caveats", "about/methodology.md"),
    ("Sources and licence", "about/sources.md"),
    ("Glossary", "about/glossary.md"),
    ("How to cite", "about/cite.md"),
    ("How the national totals add up", "data/reconciliation.md"),
)


def _env() -> jinja2.Environment:
    env = templating.environment()
    env.globals.update(
        DRUG_BY_KEY=DRUG_BY_KEY,
        FORCE_BY_SLUG=FORCE_BY_SLUG,
        caveat=narrative.CAVEAT,
        page_drugs=PAGE_DRUGS,
        charts={},
    )
    return env


def _hand_note(docs: Path, force: str) -> str | None:
    path = docs / "force-notes" / f"{force}.md"
    return path.read_text() if path.exists() else None


def assemble(
    stats: Stats,
    notes: list[dict],
    docs: Path,
    boundaries: dict,
    comparison: page_charts.Comparison,
    cache: Cache = None,
    charts_kit: kit.Kit | None = None,
) -> list[Content]:
    """Every generated page's content, from the statistics.

    `charts_kit` collects each chart's downloads and embed page as the pages are assembled.
    """
    in_tables = set(stats.force_year["force"])
    forces = [
        contexts.force_page(
            stats, f, notes, _hand_note(docs, f.slug), comparison, boundaries, cache, charts_kit
        )
        if f.slug in in_tables
        else contexts.absent_force_page(stats, f)
        for f in FORCES
    ]
    drugs = [
        c
        for c in (contexts.drug_page(stats, k, boundaries, cache, charts_kit) for k in PAGE_DRUGS)
        if c
    ]
    drug_keys = [Path(c.path).stem for c in drugs]
    return [
        contexts.home_page(stats, drug_keys, boundaries, cache, charts_kit),
        *forces,
        *[contexts.region_page(stats, region) for region in REGIONS],
        *drugs,
        contexts.forces_index_page(stats),
        contexts.reconciliation_page(stats),
        contexts.drugs_index_page(stats, drug_keys),
    ]


def _clear(docs: Path) -> None:
    for name in GENERATED:
        target = docs / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _write(env: jinja2.Environment, page: Content, docs: Path, fill: Callable[[str], str]) -> Path:
    """The page from its template (`fill` puts in the charts drawn meanwhile), and its
    figures as CSV under docs/data/."""
    path = docs / page.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fill(env.get_template(page.template).render(**page.context)))
    if page.download is not None:
        csv = docs / "data" / Path(page.path).with_suffix(".csv")
        csv.parent.mkdir(parents=True, exist_ok=True)
        page.download.to_csv(csv, index=False, lineterminator="\n")
    return path


def nav(drug_keys: list[str]) -> list:
    forces = [
        {
            region: [
                region_path(region),
                *[{f.name: f"forces/{f.slug}.md"} for f in FORCES if f.region == region],
            ]
        }
        for region in REGIONS
    ]
    classes = [k for k in drug_keys if DRUG_BY_KEY[k].kind == "class-total"]
    drugs = [k for k in drug_keys if k not in classes]
    return [
        {"Overview": "index.md"},
        {"Forces": ["forces/index.md", *forces]},
        {
            "Drugs": [
                "drugs/index.md",
                *[{DRUG_BY_KEY[k].label: f"drugs/{k}.md"} for k in classes],
                *[{DRUG_BY_KEY[k].label: f"drugs/{k}.md"} for k in drugs],
            ]
        },
        {"Downloads": "data/index.md"},
        {"About": [{title: path} for title, path in ABOUT]},
    ]


def build(
    data: Path, docs: Path, build_dir: Path | None = None, references: Path = paths.REFERENCES
) -> list[Path]:
    """Every generated page, from the committed tables. Returns the files written."""
    data, docs = Path(data), Path(docs)
    build_dir = Path(build_dir) if build_dir else docs.parent / "build"
    stats = compute(read_dataset(data).tables)
    notes = load_notes(Path(references) / "notes.yaml")
    # Static SVGs drawn on every core while the pages are assembled, and redrawn only
    # when a spec changes; the pages hold placeholders until `cache.fill`.
    cache = charts.pool(build_dir / "charts")
    vendor = charts.start_vendor_bundle(build_dir / "vendor", cache.run)
    boundaries = json.loads((data / "boundaries.geojson").read_text())
    # The all-forces charts on every force page, drawn once.
    comparison = page_charts.comparison(stats, boundaries, cache)
    charts_kit = kit.for_site(docs.parent / "mkdocs.yml")
    if charts_kit is not None:
        # Each chart's PNG drawn on the same pool as soon as its SVG is known.
        charts_kit.prefetch = functools.partial(
            png.prefetch, cache=build_dir / "kit", run=cache.run
        )
    pages = assemble(stats, notes, docs, boundaries, comparison, cache, charts_kit)
    drug_keys = [Path(p.path).stem for p in pages if p.template == "drug.md.j2"]
    _clear(docs)
    env = _env()
    written = [_write(env, page, docs, cache.fill) for page in pages]
    written.append(downloads.build(data, docs))
    written += editions.build(stats, docs, build_dir, env, drug_keys)
    generated = docs / "assets" / "generated"
    charts.write_vendor_bundle(generated / "vega-bundle.js", build_dir / "vendor", vendor)
    charts.write_map_geometry(boundaries, generated / charts.MAP_FILE)
    written += charts.write_shared(comparison.figures(), generated)
    written += kit.write(charts_kit, docs / kit.FOLDER, build_dir / "kit")[0]
    cache.close()
    build_dir.mkdir(parents=True, exist_ok=True)
    (build_dir / "nav.yml").write_text(
        yaml.safe_dump(editions.add_to_nav(nav(drug_keys)), sort_keys=False)
    )
    return written
