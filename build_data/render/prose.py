"""The sentences each page shows, without its charts: for the page contexts and the golden file.

Every function returns plain lists of sentences or paragraphs, drawn from the
analysis stage (narrative, breaks, national, quantities). `contexts` puts them
on the pages; `golden` writes every page's paragraphs, in reading order, to
tests/golden/paragraphs.md, so that a change to any generated sentence shows up
in review as a change to that file.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from build_data.analysis import breaks as series_breaks
from build_data.analysis import narrative, national, quantities
from build_data.analysis.stats import Stats
from build_data.reference import FORCES, REGIONS
from build_data.render.tables import PAGE_DRUGS, drug_table
from build_data.render.templating import environment

UNITS_NOTE = (
    "Quantities are in the Home Office's units: kilograms, cannabis plants, or doses (its "
    "tables give thousands of doses; they are shown here as whole doses). Quantities in "
    "different units cannot be added."
)


def _share(share: float) -> str:
    """ "3.0%", "less than 0.1%", "0%"; "–" where there is nothing to compare with."""
    if pd.isna(share):
        return "–"
    if share == 0:
        return "0%"
    return "less than 0.1%" if share < 0.0005 else f"{share * 100:.1f}%"


def force_quantities(stats: Stats, force: str, year: str) -> dict[str, Any]:
    """A force's quantities for the year: table rows, sentences and the caveat beside them."""
    if stats.quantities.empty:
        return {"rows": [], "sentences": []}
    table = quantities.force_table(stats.quantities, stats.national_quantities, force, year)
    sentences = quantities.force_sentences(table, force, year)
    table = table.assign(share_text=[_share(s) for s in table["share"]])
    return {"rows": table.to_dict("records"), "sentences": sentences}


def force_prose(stats: Stats, force: str, notes: list[dict]) -> dict[str, Any]:
    """A force page's paragraphs: opening, break note (with sources' context), quantities."""
    year = stats.latest
    note = series_breaks.break_note(stats.breaks, force)
    context = [n for n in notes if n["force"] == force and n["kind"] == "context"] if note else []
    return {
        "paragraphs": narrative.force_paragraphs(stats, force, year),
        "break_note": note,
        "break_context": context,
        "quantities": force_quantities(stats, force, year),
    }


def drug_quantities(stats: Stats, drug: str, year: str) -> dict[str, Any]:
    """A drug's quantities: the release's England and Wales figure, forces ranked, the caveat."""
    if stats.quantities.empty:
        return {"rows": [], "sentences": []}
    table = quantities.drug_table(stats.quantities, drug, year)
    if table.empty:
        return {"rows": [], "sentences": []}
    first = quantities.national_sentence(stats.national_quantities, drug, year)
    sentences = [s for s in [first, *quantities.drug_sentences(table, drug, year)] if s]
    return {"rows": table.to_dict("records"), "sentences": sentences}


def drug_prose(stats: Stats, drug: str) -> dict[str, Any]:
    year = stats.latest
    return {
        "paragraphs": narrative.drug_paragraph(stats, drug, year),
        "quantities": drug_quantities(stats, drug, year),
    }


def moves(
    stats: Stats, table: pd.DataFrame, previous: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The five largest rises and falls on the year before, in per cent, across no break.

    A force whose figure for either year is flagged is set aside, and named if it
    would otherwise have been listed.
    """
    moves = table.dropna(subset=["change_on_previous_year"]).copy()
    moves["previous"] = moves["seizures"] - moves["change_on_previous_year"]
    moves["pct"] = moves["change_on_previous_year"] / moves["previous"] * 100

    def broken(force: str) -> str | None:
        years = [stats.latest, *([previous] if previous else [])]
        return next((y for y in years if stats.flagged(force, y)), None)

    moves["broken"] = moves["force"].map(broken)
    ordered = [moves.sort_values("pct", ascending=False), moves.sort_values("pct")]
    tops = [o[o["broken"].isna()].head(5) for o in ordered]
    aside = pd.concat([o.head(5) for o in ordered]).dropna(subset=["broken"])
    pairs = list(dict.fromkeys(zip(aside["force"], aside["broken"], strict=True)))
    return tops[0], tops[1], series_breaks.left_out(pairs, "these lists")


def home_table(stats: Stats) -> pd.DataFrame:
    table = drug_table(stats, "all-drugs", stats.latest)
    return table[table["force"] != "british-transport-police"]


def home_prose(stats: Stats) -> dict[str, Any]:
    """The overview's paragraphs: the release's figures, the extremes, the change, the moves."""
    year = stats.latest
    previous = stats.years[-2] if len(stats.years) > 1 else None
    rises, falls, aside = moves(stats, home_table(stats), previous)
    return {
        "headline": narrative.drug_paragraph(stats, "all-drugs", year),
        "change": national.change_sentences(stats.national, stats.years, year),
        "rises": rises,
        "falls": falls,
        "moves_aside": aside,
    }


def region_intro(stats: Stats, region: str) -> str:
    """The sentence a region's page opens with."""
    if region == "Wales":
        return (
            "The Home Office tables in this edition have no seizure figures for the four Welsh "
            "forces, so they are not compared here. Their pages say what is missing:"
        )
    if region == "National agencies":
        return (
            "These forces and agencies work across police force areas, so they have no resident "
            "population: their seizures are counted, not compared as rates."
        )
    n = sum(1 for f in FORCES if f.region == region)
    where = f"the {region}" if region.split()[0] in ("North", "South", "East", "West") else region
    year = stats.latest
    return (
        f"The {n} police force{'s' if n != 1 else ''} in {where}, with "
        f"{'its' if n == 1 else 'their'} seizures of any drug in {year}. Ranks are among the "
        f"police forces in {narrative.place(stats, year)} with a rate, highest first."
    )


def every_page(stats: Stats, notes: list[dict], drug_keys: list[str]) -> list[dict[str, Any]]:
    """Every generated page's paragraphs in reading order, as the golden template lays out."""
    home = home_prose(stats)
    pages = [
        {
            "title": "Overview",
            "paragraphs": [*home["headline"], " ".join(home["change"]), home["moves_aside"]],
        }
    ]
    with_rows = set(stats.force_year["force"])
    for force in FORCES:
        if force.slug not in with_rows:
            continue
        text = force_prose(stats, force.slug, notes)
        paragraphs = [*text["paragraphs"], " ".join(text["break_note"])]
        paragraphs += [f"{n['text']} Source: {n['source']}." for n in text["break_context"]]
        paragraphs.append(" ".join(text["quantities"]["sentences"]))
        pages.append({"title": f"Force: {force.name}", "paragraphs": paragraphs})
    pages += [
        {"title": f"Region: {region}", "paragraphs": [region_intro(stats, region)]}
        for region in REGIONS
    ]
    for key in drug_keys:
        text = drug_prose(stats, key)
        paragraphs = [*text["paragraphs"], " ".join(text["quantities"]["sentences"])]
        pages.append({"title": f"Drug: {key}", "paragraphs": paragraphs})
    for page in pages:
        page["paragraphs"] = [p for p in page["paragraphs"] if p]
    return pages


def page_drug_keys(stats: Stats) -> list[str]:
    """The drugs with a page: some force has a figure for the latest year."""
    return [
        key
        for key in PAGE_DRUGS
        if not drug_table(stats, key, stats.latest)["seizures"].isna().all()
    ]


def golden(stats: Stats, notes: list[dict]) -> str:
    """Every generated paragraph of every page, one page a section (tests/golden/paragraphs.md)."""
    pages = every_page(stats, notes, page_drug_keys(stats))
    return environment().get_template("golden.md.j2").render(pages=pages, year=stats.latest)
