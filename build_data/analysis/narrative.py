"""Plain-English sentences from the statistics, in the style of local reporting.

Every claim is scoped to the forces actually compared ("in England" while the
data has no Welsh rows), handles ties, zero and missing figures, and is
built only from numbers in the statistics tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from build_data.analysis.stats import Stats
from build_data.constants import CITY
from build_data.formatting import SMALL, per_cent_in_words, rate_in_text, whole_number
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG

ORDINALS = ["", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
CITY_REASON = "where many people work but few people live"
# Drugs a lead sentence may be about, most newsworthy first (ties in extremity go to the earlier).
LEAD_DRUGS = (
    "cocaine",
    "crack",
    "heroin",
    "cannabis",
    "class-a",
    "ecstasy",
    "amphetamines",
    "ketamine",
    "all-drugs",
)
CAVEAT = (
    "Seizures reflect police activity and priorities, not how common a drug is, and a count "
    "of seizures says nothing about the quantity seized: one seizure can be a gram or a tonne."
)


def ordinal(position: int) -> str:
    if position == 1:
        return "first"
    if position < len(ORDINALS):
        return ORDINALS[position]
    suffix = (
        "th" if 10 <= position % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(position % 10, "th")
    )
    return f"{position}{suffix}"


def plural(count: int, one: str, many: str) -> str:
    return f"{whole_number(count)} {one if count == 1 else many}"


def seizures_of(count: int, drug: str) -> str:
    """ "1,188 seizures of cocaine", "one seizure of LSD", "no seizures of GHB"."""
    name = DRUG_BY_KEY[drug].name
    if drug == "all-drugs":
        name = "drugs"
    if count == 0:
        return f"no seizures of {name}"
    amount = SMALL[count] if count < 10 else whole_number(count)
    return f"{amount} {'seizure' if count == 1 else 'seizures'} of {name}"


def subject(force: str) -> str:
    """Who made the seizures, as a sentence subject."""
    if force == "metropolitan-police":
        return "The Metropolitan Police"
    if force == CITY:
        return "City of London Police"
    if force in {"british-transport-police", "border-force"}:
        return FORCE_BY_SLUG[force].name
    return f"Police in {FORCE_BY_SLUG[force].name}"


def area(force: str) -> str:
    """The force's area as a place in a sentence: "In Sussex", "In the City of London"."""
    if force == "metropolitan-police":
        return "the Metropolitan Police area"
    if force == CITY:
        return "the City of London"
    return FORCE_BY_SLUG[force].name


def place(stats: Stats, year: str) -> str:
    """Where the compared forces are: "England" while the data has no Welsh rows."""
    compared = stats.force_year[(stats.force_year["year"] == year) & stats.force_year["compared"]]
    countries = {FORCE_BY_SLUG[f].country for f in compared["force"].unique()}
    return (
        "England and Wales"
        if countries == {"England", "Wales"}
        else " and ".join(sorted(countries))
    )


@dataclass(frozen=True)
class Lead:
    drug: str
    row: pd.Series


def _position(row: pd.Series, high: bool) -> tuple[int, bool]:
    """Rank from the top (leaving out the City) or from the bottom, and whether tied."""
    if high:
        return int(row["rank_excl_city"]), bool(row["tied"])
    return int(row["rank_from_bottom"]), bool(row["tied"])


def choose_lead(rows: pd.DataFrame, force: str) -> Lead | None:
    """The drug whose rank is most extreme (top or bottom), preferring well-known drugs."""
    best: tuple[int, int, str] | None = None
    for order, drug in enumerate(LEAD_DRUGS):
        match = rows[rows["drug"] == drug]
        if match.empty or not bool(match.iloc[0]["compared"]) or match.iloc[0]["seizures"] == 0:
            continue
        row = match.iloc[0]
        top = int(row["rank"]) if force == CITY else int(row["rank_excl_city"])
        bottom = int(row["rank_from_bottom"])
        extremity = min(top, bottom)
        if best is None or (extremity, order) < best[:2]:
            best = (extremity, order, drug)
    if best is None:
        return None
    drug = best[2]
    return Lead(drug, rows[rows["drug"] == drug].iloc[0])


def rank_clause(row: pd.Series, force: str, where: str) -> str:
    """ "the highest rate of any police force in England apart from the City of London, ..." etc."""
    n_all = int(row["n_compared"])
    rank_all = int(row["rank"])
    bottom = int(row["rank_from_bottom"])
    joint = "joint " if bool(row["tied"]) else ""
    if force == CITY:
        position = "highest" if rank_all == 1 else f"{ordinal(rank_all)} highest"
        return (
            f"the {joint}{position} rate of the {n_all} police forces in {where}, though with so "
            f"few residents ({CITY_REASON}) rates for the City of London are not comparable with "
            "other forces"
        )
    rank_ex = int(row["rank_excl_city"])
    n_ex = int(row["n_compared_excl_city"])
    city_above = rank_all > rank_ex
    if rank_ex <= bottom:
        if rank_ex == 1:
            if city_above:
                return (
                    f"the {joint}highest rate for any police force in {where} apart from in the "
                    f"City of London, {CITY_REASON}"
                )
            return f"the {joint}highest rate of any police force in {where}"
        n = n_ex if city_above else n_all  # leaving out a City below changes nothing
        text = f"the {joint}{ordinal(rank_ex)} highest rate of the {n} police forces in {where}"
        if city_above:
            text += f", leaving out the City of London, {CITY_REASON}"
        return text
    if bottom == 1:
        return f"the {joint}lowest rate of the {n_all} police forces in {where}"
    return f"the {joint}{ordinal(bottom)} lowest rate of the {n_all} police forces in {where}"


def lead_sentences(stats: Stats, force: str, year: str) -> list[str]:
    rows = stats.force_year[
        (stats.force_year["force"] == force) & (stats.force_year["year"] == year)
    ]
    who = subject(force)
    published = rows[rows["seizures"].notna()]
    if published.empty:
        return [f"The Home Office table for {year} has no figures for {FORCE_BY_SLUG[force].name}."]
    if FORCE_BY_SLUG[force].kind != "territorial":
        total = published[published["drug"] == "all-drugs"]
        if total.empty:
            return []
        sentence = (
            f"{who} made {seizures_of(int(total.iloc[0]['seizures']), 'all-drugs')} in {year}."
        )
        reason = (
            "It polices the railways, so it has no resident population and no rate per person."
            if force == "british-transport-police"
            else "It works at the UK border, so it has no resident population and is not "
            "compared with police forces."
        )
        return [sentence, reason]
    lead = choose_lead(rows, force)
    if lead is None:
        total = published[published["drug"] == "all-drugs"]
        return [f"{who} made {seizures_of(int(total.iloc[0]['seizures']), 'all-drugs')} in {year}."]
    row = lead.row
    where = place(stats, year)
    first = f"{who} made {seizures_of(int(row['seizures']), lead.drug)} in {year}."
    second = (
        f"At {rate_in_text(row['rate'])} seizures per million population, it was "
        f"{rank_clause(row, force, where)}."
    )
    return [first, second]


def share_sentences(stats: Stats, force: str, year: str) -> list[str]:
    """The most commonly seized drug and the next two, as shares of known-type seizures."""
    rows = stats.force_year[
        (stats.force_year["force"] == force)
        & (stats.force_year["year"] == year)
        & (stats.force_year["kind"] == "drug")
        & stats.force_year["share"].notna()
        & (stats.force_year["seizures"] > 0)
    ].sort_values(["seizures", "drug"], ascending=[False, True])
    if rows.empty:
        return []
    where = (
        f"Of {FORCE_BY_SLUG[force].name}'s seizures"
        if FORCE_BY_SLUG[force].kind != "territorial"
        else f"In {area(force)}"
    )
    top = rows.iloc[0]
    equal = rows[rows["seizures"] == top["seizures"]]
    if len(equal) > 1:
        names = _and([DRUG_BY_KEY[d].name for d in equal["drug"]])
        sentences = [
            f"{where}, {names} were equally the most commonly seized drugs, each involved in "
            f"{per_cent_in_words(top['share'])} of seizures where the drug type was known."
        ]
        rest = rows[rows["seizures"] < top["seizures"]].head(2)
    else:
        sentences = [
            f"{where}, {DRUG_BY_KEY[top['drug']].name} was the most commonly seized drug.",
            f"It was involved in {per_cent_in_words(top['share'])} of seizures where the drug type "
            "was known.",
        ]
        rest = rows.iloc[1:3]
    if not rest.empty:
        parts = [
            f"{DRUG_BY_KEY[r.drug].name} at {per_cent_in_words(r.share)}" for r in rest.itertuples()
        ]
        sentences.append(f"This was followed by {_and(parts)}.")
    return sentences


def change_sentences(stats: Stats, force: str, year: str) -> list[str]:
    rows = stats.force_year[
        (stats.force_year["force"] == force)
        & (stats.force_year["year"] == year)
        & (stats.force_year["drug"] == "all-drugs")
    ]
    if rows.empty or pd.isna(rows.iloc[0]["seizures"]):
        return []
    row = rows.iloc[0]
    years = stats.years
    previous_year = years[years.index(year) - 1] if years.index(year) > 0 else None
    if previous_year is None:
        return []
    if pd.isna(row["previous"]):
        return [f"There is no figure for {previous_year} to compare with."]
    now, before = int(row["seizures"]), int(row["previous"])
    if now == before:
        return [f"Seizures of any drug were unchanged on {previous_year}, at {whole_number(now)}."]
    direction = "rose" if now > before else "fell"
    pct = abs(now - before) / before if before else None
    by = f" by {per_cent_in_words(pct)}" if pct is not None else ""
    sentences = [
        f"Seizures of any drug {direction}{by} on {previous_year}, from {whole_number(before)} to "
        f"{whole_number(now)}."
    ]
    if row["first_year"] == previous_year:  # the series sentence would repeat this one
        return sentences
    return sentences + series_sentences(row, year)


def series_sentences(row: pd.Series, year: str) -> list[str]:
    """Change since the first year of the series, where both ends are published."""
    first_year, first = row["first_year"], row["first"]
    if first_year == year or pd.isna(first) or int(first) == 0:
        return []
    now, first = int(row["seizures"]), int(first)
    if now == first:
        return [f"That is the same number as in {first_year}."]
    pct = abs(now - first) / first
    more = "more" if now > first else "fewer"
    return [
        f"That is {per_cent_in_words(pct)} {more} than in {first_year} ({whole_number(first)})."
    ]


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def force_paragraphs(stats: Stats, force: str, year: str) -> list[str]:
    """The opening of a force page: lead, shares, change. One paragraph each."""
    paragraphs = [
        " ".join(lead_sentences(stats, force, year)),
        " ".join(share_sentences(stats, force, year)),
        " ".join(change_sentences(stats, force, year)),
    ]
    return [p for p in paragraphs if p]


def drug_paragraph(stats: Stats, drug: str, year: str) -> list[str]:
    """Opening of a drug page: the national figure, the highest and lowest rates."""
    label = DRUG_BY_KEY[drug]
    frame = stats.force_year[
        (stats.force_year["year"] == year) & (stats.force_year["drug"] == drug)
    ]
    compared = frame[frame["compared"]]
    where = place(stats, year)
    sentences: list[str] = []
    national = stats.national[(stats.national["year"] == year) & (stats.national["drug"] == drug)]
    name = "drugs" if drug == "all-drugs" else label.name
    if not national.empty and pd.notna(national.iloc[0]["territorial_police"]):
        n = national.iloc[0]
        count = plural(int(n["territorial_police"]), "seizure", "seizures")
        sentences.append(
            f"Police forces in England and Wales made {count} of {name} in {year}, not "
            "counting British Transport Police and Border Force: "
            f"{rate_in_text(n['rate'])} per million people."
        )
    else:
        together = stats.together[
            (stats.together["year"] == year) & (stats.together["drug"] == drug)
        ]
        if not together.empty:
            t = together.iloc[0]
            sentences.append(
                f"The {int(t['forces'])} police forces in {where} with figures made "
                f"{plural(int(t['seizures']), 'seizure', 'seizures')} of {name} in {year}: "
                f"{rate_in_text(t['rate'])} per million people. An England and Wales police "
                "figure cannot be given because Border Force's figure was not published."
            )
    without_city = compared[compared["force"] != CITY].sort_values("rate", ascending=False)
    if not without_city.empty:
        top = without_city[without_city["rate"] == without_city["rate"].max()]
        names = _and([FORCE_BY_SLUG[f].name for f in top["force"]])
        verb = "were joint highest" if len(top) > 1 else "had the highest rate"
        city = compared[compared["force"] == CITY]
        city_note = ""
        if not city.empty and city.iloc[0]["rate"] > top.iloc[0]["rate"]:
            city_note = f" apart from the City of London, {CITY_REASON}"
        sentences.append(
            f"{names} {verb} of any police force in {where}{city_note}, at "
            f"{rate_in_text(top.iloc[0]['rate'])} seizures per million people."
        )
        low = without_city[without_city["rate"] == without_city["rate"].min()]
        low_names = _and([FORCE_BY_SLUG[f].name for f in low["force"]])
        if low.iloc[0]["rate"] == 0:
            none = f"made no seizures of {name}"
            sentences.append(
                f"{plural(len(low), 'force', 'forces')} {none}."
                if len(low) > 3
                else f"{low_names} {none}."
            )
        elif len(low) > 1:
            sentences.append(
                f"{low_names} were joint lowest, at {rate_in_text(low.iloc[0]['rate'])}."
            )
        else:
            sentences.append(f"{low_names} had the lowest, at {rate_in_text(low.iloc[0]['rate'])}.")
    return [" ".join(sentences)] if sentences else []
