"""What each kind of page is made of, as plain data: one function per page kind.

Each function gathers a page's sentences, figures, tables (as lists of rows),
chart HTML and front matter from the statistics, and returns them with the
template that lays them out and the CSV of the page's figures. A page's social
card is the lead fact its opening gives (build_data/render/card_content.py);
with a `kit`, its charts carry their downloads and embed code and a force page
its "Use these figures" box (build_data/render/kit.py). Templates only
lay out: they do no pandas. Tests read these contexts directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from build_data.analysis import narrative, national
from build_data.analysis.national import ESTIMATED, ESTIMATED_YEARS
from build_data.analysis.stats import Stats
from build_data.constants import CITY
from build_data.reference import DRUG_BY_KEY, FORCES, REGIONS, WELSH_FORCES, Force
from build_data.render import card_content, kit, page_charts, prose
from build_data.render.charts.static import Cache
from build_data.render.tables import (
    drug_table,
    drug_trend_table,
    force_trend_table,
    force_year_table,
    region_table,
    shares_gap,
)
from build_data.render.templating import region_slug, yaml_str


@dataclass(frozen=True)
class Content:
    """A page: its address under docs/, its template, what it shows, and its CSV (if any)."""

    path: str
    template: str
    context: dict[str, Any]
    download: pd.DataFrame | None = field(default=None, compare=False)


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as a list of rows (column name to value), for a template to lay out."""
    return frame.to_dict("records")


def front(title: str, description: str, card: dict | None = None) -> dict[str, Any]:
    """Front matter: title and description as YAML scalars, quoted only where YAML needs it;
    the social card as plain data (the template writes it as YAML)."""
    matter: dict[str, Any] = {"title": yaml_str(title), "description": yaml_str(description)}
    if card:
        matter["card"] = card
    return matter


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text)


def first_sentence(paragraphs: list[str]) -> str:
    if not paragraphs:
        return ""
    text = paragraphs[0]
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def region_place(region: str) -> str:
    """ "the South East", "the East of England"; "London", "Yorkshire and the Humber"."""
    return f"the {region}" if region.split()[0] in ("North", "South", "East", "West") else region


def region_path(region: str) -> str:
    """A region's page: an index page, so that the region's entry in the navigation is a link
    to it (navigation.indexes). Not forces/<region>/: "west-midlands" is also a force."""
    return f"forces/regions/{region_slug(region)}/index.md"


def _by_region() -> list[tuple[str, list[Force]]]:
    return [(r, [f for f in FORCES if f.region == r]) for r in REGIONS]


def force_page(
    stats: Stats,
    force: Force,
    notes: list[dict],
    hand_note: str | None,
    comparison: page_charts.Comparison,
    boundaries: dict,
    cache: Cache = None,
    charts_kit: kit.Kit | None = None,
) -> Content:
    """A force with figures: lead paragraphs, notes, charts, the year's table and every year."""
    year = stats.latest
    text = prose.force_prose(stats, force.slug, notes)
    paragraphs = text["paragraphs"]
    figures = force_year_table(stats, force.slug, year)
    trend = force_trend_table(stats, force.slug)
    published = set(trend.dropna(subset=["seizures"])["year"])
    areas = stats.forces.set_index("force").loc[force.slug, "local_authorities"]
    page_kit = charts_kit and charts_kit.page(force.slug, f"forces/{force.slug}/", force.name)
    has_rates = force.kind == "territorial"
    card = card_content.force_card(stats, notes, force.slug, year)
    context = {
        "front": front(force.name, first_sentence(paragraphs), card),
        "root": "../",
        "force": force,
        "year": year,
        "paragraphs": paragraphs,
        "break_note": text["break_note"],
        "break_context": text["break_context"],
        "quantities": text["quantities"],
        "units_note": prose.UNITS_NOTE,
        "estimated_years": _estimated(trend["year"]),
        "has_breaks": bool(trend["break_in_series"].any()),
        "notes": [n for n in notes if n["force"] == force.slug and n["year"] in stats.years],
        "figures": rows(figures),
        "shares_gap": shares_gap(figures),
        "trend": rows(trend),
        "missing_years": [y for y in stats.years if y not in published],
        "has_rates": has_rates,
        "hand_note": hand_note,
        "local_authorities": [a for a in areas.split("; ") if a],
        "charts": page_charts.force_charts(
            stats, force.slug, comparison, boundaries, cache, page_kit
        ),
        "use_figures": kit.use_box(page_kit, paragraphs, year, has_rates),
    }
    download = pd.concat(
        [figures.assign(table="figures"), trend.assign(table="every-year", drug="all-drugs")],
        ignore_index=True,
    )
    return Content(f"forces/{force.slug}.md", "force.md.j2", context, download)


def _estimated(years: pd.Series) -> list[str]:
    """The years shown whose England and Wales totals were published with estimates."""
    return [y for y in years if y in ESTIMATED_YEARS]


def absent_force_page(stats: Stats, force: Force) -> Content:
    """A force the edition's tables leave out (the Welsh forces): what is missing, and why."""
    areas = stats.forces.set_index("force").loc[force.slug, "local_authorities"]
    description = f"Drug seizure figures for {force.name} are not in this edition's source tables."
    context = {
        "front": front(force.name, description),
        "force": force,
        "years": stats.years,
        "welsh_names": ", ".join(f.name for f in WELSH_FORCES),
        "local_authorities": areas.split("; "),
    }
    return Content(f"forces/{force.slug}.md", "force_absent.md.j2", context)


def drug_page(
    stats: Stats,
    key: str,
    boundaries: dict,
    cache: Cache = None,
    charts_kit: kit.Kit | None = None,
) -> Content | None:
    """A drug or class: every force ranked, the national trend; None if no force has a figure."""
    year = stats.latest
    table = drug_table(stats, key, year)
    if table["seizures"].isna().all():
        return None
    trend = drug_trend_table(stats, key)
    text = prose.drug_prose(stats, key)
    paragraphs = text["paragraphs"]
    drug = DRUG_BY_KEY[key]
    context = {
        "front": front(
            drug.label, first_sentence(paragraphs), card_content.drug_card(stats, key, year)
        ),
        "root": "../",
        "drug": drug,
        "year": year,
        "paragraphs": paragraphs,
        "quantities": text["quantities"],
        "units_note": prose.UNITS_NOTE,
        "estimated_years": _estimated(trend["year"]),
        "table": rows(table),
        "trend": rows(trend),
        "charts": page_charts.drug_charts(
            stats,
            key,
            boundaries,
            cache,
            charts_kit and charts_kit.page(key, f"drugs/{key}/", drug.label),
        ),
    }
    download = pd.concat(
        [table.assign(table="forces", drug=key), trend.assign(table="every-year", drug=key)],
        ignore_index=True,
    )
    return Content(f"drugs/{key}.md", "drug.md.j2", context, download)


def home_page(
    stats: Stats,
    drug_keys: list[str],
    boundaries: dict,
    cache: Cache = None,
    charts_kit: kit.Kit | None = None,
) -> Content:
    """The overview: headline, the national change, every force ranked, rises and falls."""
    year = stats.latest
    table = prose.home_table(stats)
    previous = stats.years[-2] if len(stats.years) > 1 else None
    text = prose.home_prose(stats)
    headline = text["headline"]
    card = card_content.drug_card(stats, "all-drugs", year)
    matter = front("Overview", first_sentence(headline), card)
    context = {
        "front": {**matter, "hide": ["navigation"]},
        "root": "",
        "year": year,
        "previous": previous,
        "years": stats.years,
        "headline": headline,
        "change": text["change"],
        "table": rows(table),
        "rises": rows(text["rises"]),
        "moves_aside": text["moves_aside"],
        "falls": rows(text["falls"]),
        "regions": _by_region(),
        "drugs": [DRUG_BY_KEY[k] for k in drug_keys],
        "welsh": list(WELSH_FORCES),
        "place": narrative.place(stats, year),
        "charts": page_charts.drug_charts(
            stats,
            "all-drugs",
            boundaries,
            cache,
            charts_kit and charts_kit.page("all-drugs", "", "Overview"),
        ),
    }
    download = table.assign(table="forces", drug="all-drugs")
    return Content("index.md", "index.md.j2", context, download)


def region_page(stats: Stats, region: str) -> Content:
    """A region's forces side by side, each linked to its page."""
    year = stats.latest
    forces = [f for f in FORCES if f.region == region]
    table = region_table(stats, region, year)
    with_rows = set(stats.force_year[stats.force_year["year"] == year]["force"])
    in_region = region_place(region)
    description = f"Police drug seizures in {year} for each force in {in_region}, side by side."
    card = card_content.region_card(stats, [f.slug for f in forces], year)
    context = {
        "front": front(region, description, card),
        "root": "../../../",
        "region": region,
        "intro": prose.region_intro(stats, region),
        "year": year,
        "forces": forces,
        "table": rows(table),
        "has_city": CITY in set(table["force"]),
        "missing": [f for f in forces if f.slug not in with_rows],
        "in_region": in_region,
        "place": narrative.place(stats, year),
    }
    return Content(region_path(region), "region.md.j2", context)


def forces_index_page(stats: Stats) -> Content:
    """Every force by region, marking those not in this edition's tables."""
    context = {
        "front": {
            "title": "Police forces",
            "description": _quoted(
                "Drug seizures for every police force in England and Wales, by region."
            ),
        },
        "regions": _by_region(),
        "with_data": set(stats.force_year["force"]),
    }
    return Content("forces/index.md", "forces_index.md.j2", context)


def drugs_index_page(stats: Stats, drug_keys: list[str]) -> Content:
    """Every drug and class with a page."""
    context = {
        "front": {
            "title": "Drugs",
            "description": _quoted("Police drug seizures by drug type and class, force by force."),
        },
        "drugs": [DRUG_BY_KEY[k] for k in drug_keys],
        "year": stats.latest,
    }
    return Content("drugs/index.md", "drugs_index.md.j2", context)


def reconciliation_page(stats: Stats) -> Content:
    """How the release's England and Wales totals come down to the English forces, every year."""
    table = national.reconciliation(stats.national, stats.force_year, stats.forces)
    context = {
        "front": {
            "title": "How the national totals add up",
            "description": _quoted(
                "From the Home Office's England and Wales total to the English forces in the "
                "per-force table, year by year."
            ),
        },
        "root": "../",
        "rows": rows(table),
        "estimated": ESTIMATED,
    }
    return Content("data/reconciliation.md", "reconciliation.md.j2", context)
