"""Write the generated Markdown pages, their CSV downloads and the navigation.

Generated files go only where .gitignore says (docs/index.md, docs/forces/,
docs/drugs/, docs/data/, build/nav.yml) and start with a do-not-edit line;
hand-written pages in docs/about/ and docs/force-notes/ are only read.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
import yaml

from build_data import paths
from build_data.analysis import narrative
from build_data.analysis.stats import Stats, compute
from build_data.constants import CITY
from build_data.reference import DRUG_BY_KEY, DRUGS, FORCE_BY_SLUG, FORCES, REGIONS, WELSH_FORCES
from build_data.render import charts, downloads, page_charts, templating
from build_data.render.templating import region_slug
from build_data.tidy import load_notes, read_dataset

GENERATED = ("index.md", "forces", "drugs", "data")
# Drugs with per-force figures that get a page, in the order the nav lists them.
PAGE_DRUGS = tuple(
    d.key for d in DRUGS if d.kind in {"drug", "class-total"} and d.key not in {
        "herbal-cannabis", "cannabis-resin", "cannabis-plants"
    }
)  # fmt: skip
ABOUT = (
    ("Methodology and caveats", "about/methodology.md"),
    ("Sources and licence", "about/sources.md"),
    ("Glossary", "about/glossary.md"),
    ("How to cite", "about/cite.md"),
)


def _env() -> jinja2.Environment:
    env = templating.environment()
    env.globals.update(
        DRUG_BY_KEY=DRUG_BY_KEY,
        FORCE_BY_SLUG=FORCE_BY_SLUG,
        caveat=narrative.CAVEAT,
        page_drugs=PAGE_DRUGS,
        charts={},
        welsh_names=", ".join(f.name for f in WELSH_FORCES),
    )
    return env


@dataclass
class Page:
    path: str  # relative to docs/
    text: str
    download: pd.DataFrame | None = None  # written to docs/data/<path>.csv


def _rank_text(row: pd.Series) -> str:
    """ "3 of 38", or "=18 of 38" where forces tie; the City is ranked among all forces."""
    if not bool(row["compared"]):
        return "–"
    tie = "=" if bool(row["tied"]) else ""
    if row["force"] == CITY:
        return f"{tie}{int(row['rank'])} of {int(row['n_compared'])}"
    return f"{tie}{int(row['rank_excl_city'])} of {int(row['n_compared_excl_city'])}"


def force_year_table(stats: Stats, force: str, year: str) -> pd.DataFrame:
    """The figures a force page shows for one year, one row per drug with a page."""
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["year"] == year)
    ]
    rows = rows.set_index("drug").reindex(["all-drugs", *PAGE_DRUGS, "unknown"]).reset_index()
    rows = rows[rows["year"].notna()]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "drug": rows["drug"],
            "seizures": rows["seizures"],
            "rate_per_million": rows["rate"].astype("Float64").round(1),
            "rank": rows.apply(_rank_text, axis=1),
            "share_of_known_pct": (rows["share"].astype("Float64") * 100)
            .round(1)
            .where(~rows["drug"].isin(["all-drugs", "unknown"])),
            "change_on_previous_year": rows["change"],
        }
    )


def force_trend_table(stats: Stats, force: str) -> pd.DataFrame:
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["drug"] == "all-drugs")
    ].sort_values("year")
    national = stats.national[stats.national["drug"] == "all-drugs"].set_index("year")["rate"]
    return pd.DataFrame(
        {
            "year": rows["year"],
            "seizures": rows["seizures"],
            "rate_per_million": rows["rate"].astype("Float64").round(1),
            "england_and_wales_rate_per_million": rows["year"]
            .map(national)
            .astype("Float64")
            .round(1),
        }
    )


def drug_table(stats: Stats, drug: str, year: str) -> pd.DataFrame:
    """Every force for one drug and year, ranked by rate (highest first, no-rate forces last)."""
    rows = stats.force_year[(stats.force_year["drug"] == drug) & (stats.force_year["year"] == year)]
    return _ranked_table(rows[rows["force"] != "border-force"])


def region_table(stats: Stats, region: str, year: str) -> pd.DataFrame:
    """A region's forces with figures for any drug in one year, ranked as among all forces."""
    fy = stats.force_year
    rows = fy[
        (fy["drug"] == "all-drugs")
        & (fy["year"] == year)
        & fy["force"].map(lambda f: FORCE_BY_SLUG[f].region == region)
    ]
    return _ranked_table(rows)


def _ranks(rows: pd.DataFrame) -> pd.Series:
    # apply() on no rows returns a DataFrame, not a Series.
    return rows.apply(_rank_text, axis=1) if len(rows) else pd.Series(dtype=object)


def _ranked_table(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.assign(name=rows["force"].map(lambda f: FORCE_BY_SLUG[f].name))
    rows = rows.sort_values(["rate", "seizures", "name"], ascending=[False, False, True])
    return pd.DataFrame(
        {
            "year": rows["year"],
            "force": rows["force"],
            "name": rows["name"],
            "seizures": rows["seizures"],
            "rate_per_million": rows["rate"].astype("Float64").round(1),
            "rank": _ranks(rows),
            "change_on_previous_year": rows["change"],
        }
    )


def drug_trend_table(stats: Stats, drug: str) -> pd.DataFrame:
    """National and all-forces figures each year, from the first year the drug has a figure."""
    national = stats.national[stats.national["drug"] == drug].set_index("year")
    together = stats.together[stats.together["drug"] == drug].set_index("year")
    first = min([*together.index, *national["territorial_police"].dropna().index])
    years = pd.Index([y for y in stats.years if y >= first], name="year")
    return pd.DataFrame(
        {
            "year": years,
            "england_and_wales_police": national["territorial_police"].reindex(years).to_numpy(),
            "england_and_wales_rate_per_million": national["rate"]
            .reindex(years)
            .astype("Float64")
            .round(1)
            .to_numpy(),
            "forces_in_data": together["forces"].reindex(years).to_numpy(),
            "forces_in_data_rate_per_million": together["rate"]
            .reindex(years)
            .astype("Float64")
            .round(1)
            .to_numpy(),
        }
    )


def _notes_for(notes: list[dict], force: str, years: list[str]) -> list[dict]:
    return [n for n in notes if n["force"] == force and n["year"] in years]


def _hand_note(docs: Path, force: str) -> str | None:
    path = docs / "force-notes" / f"{force}.md"
    return path.read_text() if path.exists() else None


def force_pages(
    stats: Stats,
    notes: list[dict],
    docs: Path,
    env: jinja2.Environment,
    boundaries: dict,
    comparison: page_charts.Comparison,
) -> list[Page]:
    year = stats.latest
    with_data = set(stats.force_year[stats.force_year["seizures"].notna()]["force"])
    in_tables = set(stats.force_year["force"])
    pages = []
    forces = stats.forces.set_index("force")
    for force in FORCES:
        info = forces.loc[force.slug]
        if force.slug not in in_tables:
            text = env.get_template("force_absent.md.j2").render(
                force=force, info=info, year=year, years=stats.years
            )
            pages.append(Page(f"forces/{force.slug}.md", text))
            continue
        paragraphs = narrative.force_paragraphs(stats, force.slug, year)
        figures = force_year_table(stats, force.slug, year)
        trend = force_trend_table(stats, force.slug)
        missing_years = [
            y for y in stats.years if y not in set(trend.dropna(subset=["seizures"])["year"])
        ]
        text = env.get_template("force.md.j2").render(
            force=force,
            info=info,
            year=year,
            paragraphs=paragraphs,
            description=_first_sentence(paragraphs),
            notes=_notes_for(notes, force.slug, stats.years),
            figures=figures,
            trend=trend,
            missing_years=missing_years,
            has_rates=force.kind == "territorial",
            hand_note=_hand_note(docs, force.slug),
            local_authorities=[a for a in info["local_authorities"].split("; ") if a],
            charts=page_charts.force_charts(stats, force.slug, comparison, boundaries),
        )
        download = pd.concat(
            [figures.assign(table="figures"), trend.assign(table="every-year", drug="all-drugs")],
            ignore_index=True,
        )
        assert force.slug in with_data or figures["seizures"].isna().all()
        pages.append(Page(f"forces/{force.slug}.md", text, download))
    return pages


def _first_sentence(paragraphs: list[str]) -> str:
    if not paragraphs:
        return ""
    text = paragraphs[0]
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def drug_pages(stats: Stats, env: jinja2.Environment, boundaries: dict) -> list[Page]:
    year = stats.latest
    pages = []
    for key in PAGE_DRUGS:
        table = drug_table(stats, key, year)
        if table["seizures"].isna().all():
            continue
        trend = drug_trend_table(stats, key)
        paragraphs = narrative.drug_paragraph(stats, key, year)
        text = env.get_template("drug.md.j2").render(
            drug=DRUG_BY_KEY[key],
            year=year,
            paragraphs=paragraphs,
            description=_first_sentence(paragraphs),
            table=table,
            trend=trend,
            top_caption=_top_caption(table),
            charts=page_charts.drug_charts(stats, key, boundaries),
        )
        download = pd.concat(
            [table.assign(table="forces", drug=key), trend.assign(table="every-year", drug=key)],
            ignore_index=True,
        )
        pages.append(Page(f"drugs/{key}.md", text, download))
    return pages


def _top_caption(table: pd.DataFrame) -> str:
    ranked = table[(table["force"] != CITY) & table["rate_per_million"].notna()]
    if ranked.empty:
        return ""
    top = ranked.iloc[0]
    return (
        f"Highest rate: {top['name']}, {top['rate_per_million']:,.1f} seizures per million people"
    )


def home_page(
    stats: Stats, env: jinja2.Environment, drug_keys: list[str], boundaries: dict
) -> Page:
    year = stats.latest
    table = drug_table(stats, "all-drugs", year)
    table = table[table["force"] != "british-transport-police"]
    national = stats.national[stats.national["drug"] == "all-drugs"].set_index("year")
    previous = stats.years[-2] if len(stats.years) > 1 else None
    moves = table.dropna(subset=["change_on_previous_year"]).copy()
    moves["previous"] = moves["seizures"] - moves["change_on_previous_year"]
    moves["pct"] = moves["change_on_previous_year"] / moves["previous"] * 100
    rises = moves.sort_values("pct", ascending=False).head(5)
    falls = moves.sort_values("pct").head(5)
    headline = narrative.drug_paragraph(stats, "all-drugs", year)
    text = env.get_template("index.md.j2").render(
        year=year,
        previous=previous,
        years=stats.years,
        national=national,
        headline=headline,
        description=_first_sentence(headline),
        table=table,
        rises=rises,
        falls=falls,
        regions=[(r, [f for f in FORCES if f.region == r]) for r in REGIONS],
        drugs=[DRUG_BY_KEY[k] for k in drug_keys],
        welsh=list(WELSH_FORCES),
        place=narrative.place(stats, year),
        charts=page_charts.drug_charts(stats, "all-drugs", boundaries),
    )
    download = table.assign(table="forces", drug="all-drugs")
    return Page("index.md", text, download)


def region_place(region: str) -> str:
    """ "the South East", "the East of England"; "London", "Yorkshire and the Humber"."""
    return f"the {region}" if region.split()[0] in ("North", "South", "East", "West") else region


def region_path(region: str) -> str:
    """A region's page: an index page, so that the region's entry in the navigation is a link
    to it (navigation.indexes). Not forces/<region>/: "west-midlands" is also a force."""
    return f"forces/regions/{region_slug(region)}/index.md"


def region_pages(stats: Stats, env: jinja2.Environment) -> list[Page]:
    """One page per region: its forces' figures side by side, each linked to its page."""
    year = stats.latest
    with_rows = set(stats.force_year[stats.force_year["year"] == year]["force"])
    pages = []
    for region in REGIONS:
        forces = [f for f in FORCES if f.region == region]
        table = region_table(stats, region, year)
        text = env.get_template("region.md.j2").render(
            region=region,
            year=year,
            forces=forces,
            table=table,
            missing=[f for f in forces if f.slug not in with_rows],
            in_region=region_place(region),
            place=narrative.place(stats, year),
        )
        pages.append(Page(region_path(region), text))
    return pages


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
    dataset = read_dataset(data)
    stats = compute(dataset.tables)
    notes = load_notes(Path(references) / "notes.yaml")
    env = _env()
    charts.SVG_CACHE = build_dir / "charts"  # static SVGs are redrawn only when a spec changes
    boundaries = json.loads((data / "boundaries.geojson").read_text())
    # The all-forces charts on every force page, drawn once.
    comparison = page_charts.comparison(stats, boundaries)
    forces = force_pages(stats, notes, docs, env, boundaries, comparison)
    drugs = drug_pages(stats, env, boundaries)
    drug_keys = [Path(p.path).stem for p in drugs]
    pages = [
        home_page(stats, env, drug_keys, boundaries),
        *forces,
        *region_pages(stats, env),
        *drugs,
    ]
    pages.append(
        Page(
            "forces/index.md",
            env.get_template("forces_index.md.j2").render(
                regions=[(r, [f for f in FORCES if f.region == r]) for r in REGIONS],
                with_data=set(stats.force_year["force"]),
            ),
        )
    )
    pages.append(
        Page(
            "drugs/index.md",
            env.get_template("drugs_index.md.j2").render(
                drugs=[DRUG_BY_KEY[k] for k in drug_keys], year=stats.latest
            ),
        )
    )
    for name in GENERATED:
        target = docs / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    written = []
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text)
        written.append(path)
        if page.download is not None:
            csv = docs / "data" / Path(page.path).with_suffix(".csv")
            csv.parent.mkdir(parents=True, exist_ok=True)
            page.download.to_csv(csv, index=False, lineterminator="\n")
    written.append(downloads.build(data, docs))
    charts.write_vendor_bundle(docs / "assets" / "generated" / "vega-bundle.js")
    charts.write_map_geometry(boundaries, docs / "assets" / "generated" / charts.MAP_FILE)
    written += charts.write_shared(comparison.figures(), docs / "assets" / "generated")
    build_dir.mkdir(parents=True, exist_ok=True)
    (build_dir / "nav.yml").write_text(yaml.safe_dump(nav(drug_keys), sort_keys=False))
    return written
