"""What each generated page's social card says: its lead finding and a small chart.

A card carries the page's lead fact with its figure and rank, in the narrative's
own words (narrative.choose_lead, rate, rank_clause, number): nothing here
decides or words a finding afresh. It goes into the page's front matter as
`card:`; build_data/render/cards.py draws it. A figure with an "incomplete" or
"estimate" note for the year carries the note's qualification on the card.
"""

from __future__ import annotations

import pandas as pd
import yaml

from build_data.analysis import narrative
from build_data.analysis.stats import CITY, Stats
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG

FLAGGED = {"incomplete", "estimate"}  # note kinds that qualify a figure
TOP = 5  # forces on a drug or region card's chart


def _eyebrow(year: str) -> str:
    return f"Police drug seizures, {year}"


def flag(notes: list[dict], force: str, year: str) -> str:
    """The qualification a force's figures for the year carry ("" if none)."""
    texts = [n["text"] for n in notes if n["force"] == force and n["year"] == year]
    kinds = [n.get("kind") for n in notes if n["force"] == force and n["year"] == year]
    flagged = [t for t, k in zip(texts, kinds, strict=True) if k in FLAGGED]
    return " ".join(" ".join(t.split()) for t in flagged)


def _strip(rows: pd.DataFrame, force: str, drug: str, where: str) -> dict:
    """Every compared force's rate, highest first, this force marked."""
    ranked = rows[rows["compared"] & rows["rate"].notna()]
    ranked = ranked.sort_values(["rate", "force"], ascending=[False, True], kind="stable")
    names = [FORCE_BY_SLUG[f].name for f in ranked["force"]]
    marked = list(ranked["force"]).index(force)
    label = "any drug" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    title = f"Seizures of {label} per million people, the {len(names)} forces in {where}"
    return {
        "kind": "strip",
        "title": title,
        "values": [round(float(v), 1) for v in ranked["rate"]],
        "labels": names,
        "texts": [narrative.rate(float(v)) for v in ranked["rate"]],
        "marked": marked,
        "off_scale": [f == CITY for f in ranked["force"]],
        "alt": f"Chart: {title}, highest first, {names[marked]} marked.",
    }


def force_card(stats: Stats, notes: list[dict], force: str, year: str) -> dict | None:
    """A force page's card: its lead drug's rate and rank, and the ranking strip."""
    fy = stats.force_year
    rows = fy[(fy["force"] == force) & (fy["year"] == year)]
    if rows["seizures"].isna().all():
        return None
    card = {"eyebrow": _eyebrow(year), "flag": flag(notes, force, year)}
    territorial = FORCE_BY_SLUG[force].kind == "territorial"
    lead = narrative.choose_lead(rows, force) if territorial else None
    if lead is None:
        total = rows[rows["drug"] == "all-drugs"]["seizures"].iloc[0]
        count = narrative.seizures_of(int(total), "all-drugs")
        figure, rest = count.split(" ", 1)
        return {**card, "figure": figure, "caption": f"{rest} in {year}"}
    row, where = lead.row, narrative.place(stats, year)
    label = "any drug" if lead.drug == "all-drugs" else DRUG_BY_KEY[lead.drug].name
    drug_rows = fy[(fy["year"] == year) & (fy["drug"] == lead.drug)]
    return {
        **card,
        "figure": narrative.rate(row["rate"]),
        "caption": f"seizures of {label} per million population in {year}: "
        f"{narrative.rank_clause(row, force, where)}",
        "chart": _strip(drug_rows, force, lead.drug, where),
    }


def _bars(rows: pd.DataFrame, title: str) -> dict:
    names = [FORCE_BY_SLUG[f].name for f in rows["force"]]
    texts = [narrative.rate(float(v)) for v in rows["rate"]]
    pairs = "; ".join(f"{n} {t}" for n, t in zip(names, texts, strict=True))
    return {
        "kind": "bars",
        "title": title,
        "values": [round(float(v), 1) for v in rows["rate"]],
        "labels": names,
        "texts": texts,
        "marked": None,
        "off_scale": [f == CITY for f in rows["force"]],
        "alt": f"Chart: {title}: {pairs}.",
    }


def drug_card(stats: Stats, drug: str, year: str) -> dict | None:
    """A drug page's (or, for all-drugs, the overview's) card: the national figure, as its
    first sentence gives it, and the forces with the highest rates."""
    name = "drugs" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    national = stats.national[(stats.national["year"] == year) & (stats.national["drug"] == drug)]
    fy = stats.force_year
    compared = fy[(fy["year"] == year) & (fy["drug"] == drug) & fy["compared"]]
    top = compared[(compared["force"] != CITY) & compared["rate"].notna()]
    top = top.sort_values(["rate", "force"], ascending=[False, True]).head(TOP)
    card: dict = {"eyebrow": _eyebrow(year)}
    if not national.empty and pd.notna(national.iloc[0]["territorial_police"]):
        n = national.iloc[0]
        card["figure"] = narrative.number(n["territorial_police"])
        card["caption"] = (
            f"seizures of {name} by police forces in England and Wales in {year}: "
            f"{narrative.rate(n['rate'])} per million people"
        )
    if not top.empty:
        where = narrative.place(stats, year)
        title = f"Highest rates per million people in {where}, leaving out the City of London"
        card["chart"] = _bars(top, title)
    return card if "figure" in card or "chart" in card else None


def region_card(stats: Stats, forces: list[str], year: str) -> dict | None:
    """A region page's card: its forces' rates for any drug, highest first."""
    fy = stats.force_year
    rows = fy[
        (fy["year"] == year)
        & (fy["drug"] == "all-drugs")
        & fy["force"].isin(forces)
        & fy["rate"].notna()
    ]
    if rows.empty:
        return None
    rows = rows.sort_values(["rate", "force"], ascending=[False, True])
    return {
        "eyebrow": _eyebrow(year),
        "caption": "Seizures of any drug per million people, by force",
        "chart": _bars(rows, f"Seizures of any drug per million people, {year}"),
    }


def front_matter(card: dict | None) -> str:
    """The `card:` entry of a page's front matter (YAML; "" for no card)."""
    if card is None:
        return ""
    if not card.get("flag"):
        card = {k: v for k, v in card.items() if k != "flag"}
    return yaml.safe_dump(
        {"card": card}, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=None
    )
