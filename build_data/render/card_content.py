"""What each generated page's social card says: its lead finding and a small chart.

A card carries the same lead fact as the page's first sentence (its
description), decided and worded by the narrative's own functions: a force
page's lead drug (narrative.drug_lead) with its rate and rank_clause, or, where
no drug stands out, its count of seizures of any drug and its rate against
England and Wales (narrative.all_drugs_opening's facts); a drug page's and the
overview's first figure from the Home Office's release (national.headline_sentences'
facts). Nothing here decides or words a finding afresh. It goes into the page's front matter as
`card:`; build_data/render/cards.py draws it. A figure with an "incomplete" or
"estimate" note for the year carries the note's qualification on the card.
"""

from __future__ import annotations

import pandas as pd
import yaml

from build_data.analysis import narrative
from build_data.analysis import national as release
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
    label = DRUG_BY_KEY[drug].name
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
    """A force page's card: the lead its opening gives, with the ranking strip."""
    fy = stats.force_year
    rows = fy[(fy["force"] == force) & (fy["year"] == year)]
    if rows["seizures"].isna().all():
        return None
    card = {"eyebrow": _eyebrow(year), "flag": flag(notes, force, year)}
    lead = narrative.drug_lead(stats, force, year)
    if lead is None:
        body = _all_drugs(stats, rows, force, year)
        qualification = " ".join(t for t in (card["flag"], body.pop("break", "")) if t)
        return {**card, **body, "flag": qualification}
    row, where = lead.row, narrative.place(stats, year)
    label = DRUG_BY_KEY[lead.drug].name
    drug_rows = fy[(fy["year"] == year) & (fy["drug"] == lead.drug)]
    return {
        **card,
        "figure": narrative.rate(row["rate"]),
        "caption": f"seizures of {label} per million population in {year}: "
        f"{narrative.rank_clause(row, force, where)}",
        "chart": _strip(drug_rows, force, lead.drug, where),
    }


def _all_drugs(stats: Stats, rows: pd.DataFrame, force: str, year: str) -> dict:
    """An opening on all drugs: the count, its rate against England and Wales; a break said."""
    row = rows[rows["drug"] == "all-drugs"].iloc[0]
    figure, rest = narrative.seizures_of(int(row["seizures"]), "all-drugs").split(" ", 1)
    out: dict = {"figure": figure, "caption": f"{rest} in {year}"}
    national = stats.national.set_index(["year", "drug"])["rate"].get((year, "all-drugs"))
    compared = bool(row["compared"]) and pd.notna(row["rate"])
    if compared and national is not None and pd.notna(national):
        against = narrative.against_national(row["rate"], national)
        out["caption"] += (
            f": {narrative.rate(row['rate'])} per million population, "
            f"{against} the England and Wales police rate"
        )
        if stats.flagged(force, year):
            out["break"] = f"Its figure for {year} is {narrative.BREAK}."
        fy = stats.force_year
        everyone = fy[(fy["year"] == year) & (fy["drug"] == "all-drugs")]
        out["chart"] = _strip(everyone, force, "all-drugs", narrative.place(stats, year))
    return out


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
    """A drug page's (or, for all-drugs, the overview's) card: the first figure its opening
    gives (the Home Office's, or the forces' sum where it has none), and the highest rates."""
    card: dict = {"eyebrow": _eyebrow(year), **_national(stats, drug, year)}
    top, title = _top_rates(stats, drug, year)
    if not top.empty:
        card["chart"] = _bars(top, title)
    return card if "figure" in card or "chart" in card else None


def _top_rates(stats: Stats, drug: str, year: str) -> tuple[pd.DataFrame, str]:
    """The TOP highest rates, and the chart's title: as the page's extremes sentence,
    never the City of London nor a force-year flagged as a break, which are named as left out."""
    fy = stats.force_year
    compared = fy[(fy["year"] == year) & (fy["drug"] == drug) & fy["compared"]]
    ranked = compared[(compared["force"] != CITY) & compared["rate"].notna()]
    ranked = ranked.sort_values(["rate", "force"], ascending=[False, True])
    flagged = ranked["force"].map(lambda f: stats.flagged(f, year)).astype(bool)
    top = ranked[~flagged].head(TOP)
    where = narrative.place(stats, year)
    left_out = ["the City of London"]
    if not top.empty:
        above = ranked[flagged & (ranked["rate"] >= top.iloc[-1]["rate"])]
        if not above.empty:
            left_out.append(narrative._set_aside(above, year))
    title = f"Highest rates per million people in {where}, leaving out {' and '.join(left_out)}"
    return top, title


def _national(stats: Stats, drug: str, year: str) -> dict:
    """The figure narrative.national_sentences opens with, and what it counts."""
    name = "drugs" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    national = stats.national[(stats.national["year"] == year) & (stats.national["drug"] == drug)]
    if not national.empty and pd.notna(national.iloc[0]["total"]):
        n = national.iloc[0]
        out = {
            "figure": narrative.number(n["total"]),
            "caption": f"seizures of {name} by police forces and Border Force in England and "
            f"Wales in {year}",
        }
        if pd.notna(n["police"]):
            out["caption"] += f"; police forces made {narrative.number(n['police'])}"
        if year in release.ESTIMATED_YEARS:
            out["flag"] = f"The Home Office's figures for {year} include estimates."
        return out
    if not national.empty and pd.notna(national.iloc[0]["territorial_police"]):
        return {}  # the opening then starts on the highest rate: the chart says it
    together = stats.together[(stats.together["year"] == year) & (stats.together["drug"] == drug)]
    if together.empty:
        return {}
    t = together.iloc[0]
    return {
        "figure": narrative.number(int(t["seizures"])),
        "caption": f"seizures of {name} by the {int(t['forces'])} police forces in "
        f"{narrative.place(stats, year)} with figures in {year}: "
        f"{narrative.rate(t['rate'])} per million people",
    }


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
