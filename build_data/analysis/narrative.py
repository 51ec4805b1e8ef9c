"""Plain-English sentences from the statistics, in the style of local reporting.

Every claim is scoped to the forces actually compared ("in England" while the
data has no Welsh rows), handles ties, zero and missing figures, and is
built only from numbers in the statistics tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from build_data.analysis import national as release
from build_data.analysis.breaks import first_break, step_years
from build_data.analysis.stats import CITY, Stats, unusual_mix
from build_data.analysis.wording import (
    ORDINALS,
    SMALL,
    and_list,
    number,
    ordinal,
    per_cent,
    plural,
    rate,
)
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG

__all__ = ["ORDINALS", "SMALL", "number", "ordinal", "per_cent", "plural", "rate"]
_and = and_list  # the name render/page_charts.py uses

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
)
MAX_RANK = 5  # a drug leads only from the five highest or five lowest rates
MIN_SEIZURES = 50  # and only with at least this many seizures
UNKNOWN_SHARE = 0.25  # the mix sentence says how many seizures had no recorded drug type
BREAK = "a break in the series"  # every qualification of a flagged force-year says this
CAVEAT = (
    "Seizures reflect police activity and priorities, not how common a drug is, and a count "
    "of seizures says nothing about the quantity seized: one seizure can be a gram or a tonne."
)


def seizures_of(count: int, drug: str) -> str:
    """ "1,188 seizures of cocaine", "one seizure of LSD", "no seizures of GHB"."""
    name = DRUG_BY_KEY[drug].name
    if drug == "all-drugs":
        name = "drugs"
    if count == 0:
        return f"no seizures of {name}"
    amount = SMALL[count] if count < 10 else number(count)
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


def _extremity(row: pd.Series, force: str) -> int:
    """How near the top or bottom of the ranking a force is (1 = highest or lowest)."""
    top = int(row["rank"]) if force == CITY else int(row["rank_excl_city"])
    return min(top, int(row["rank_from_bottom"]))


def notable(row: pd.Series, force: str) -> bool:
    """Worth leading on: a well-known drug, 50 or more seizures, five highest or lowest."""
    return (
        row["drug"] in LEAD_DRUGS
        and bool(row["compared"])
        and pd.notna(row["seizures"])
        and int(row["seizures"]) >= MIN_SEIZURES
        and _extremity(row, force) <= MAX_RANK
    )


def choose_lead(rows: pd.DataFrame, force: str) -> Lead | None:
    """The notable drug whose rank is most extreme, preferring well-known drugs; else None."""
    best: tuple[int, int, str] | None = None
    for order, drug in enumerate(LEAD_DRUGS):
        match = rows[rows["drug"] == drug]
        if match.empty or not notable(match.iloc[0], force):
            continue
        extremity = _extremity(match.iloc[0], force)
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


def _rows(stats: Stats, force: str, year: str) -> pd.DataFrame:
    fy = stats.force_year
    return fy[(fy["force"] == force) & (fy["year"] == year)]


def _agency_lead(force: str, published: pd.DataFrame, year: str) -> list[str]:
    total = published[published["drug"] == "all-drugs"]
    if total.empty:
        return []
    who = subject(force)
    sentence = f"{who} made {seizures_of(int(total.iloc[0]['seizures']), 'all-drugs')} in {year}."
    reason = (
        "It polices the railways, so it has no resident population and no rate per person."
        if force == "british-transport-police"
        else "It works at the UK border, so it has no resident population and is not "
        "compared with police forces."
    )
    return [sentence, reason]


def drug_lead(stats: Stats, force: str, year: str) -> Lead | None:
    """The drug a territorial force's opening leads on; None opens on all drugs.

    A force-year flagged as a break never leads on its rank: its figures are not
    comparable with its own series, let alone other forces'.
    """
    if FORCE_BY_SLUG[force].kind != "territorial" or stats.flagged(force, year):
        return None
    return choose_lead(_rows(stats, force, year), force)


def lead_sentences(stats: Stats, force: str, year: str) -> list[str]:
    rows = _rows(stats, force, year)
    published = rows[rows["seizures"].notna()]
    if published.empty:
        return [f"The Home Office table for {year} has no figures for {FORCE_BY_SLUG[force].name}."]
    if FORCE_BY_SLUG[force].kind != "territorial":
        return _agency_lead(force, published, year)
    lead = drug_lead(stats, force, year)
    if lead is None:
        return all_drugs_opening(stats, force, year)
    row = lead.row
    first = f"{subject(force)} made {seizures_of(int(row['seizures']), lead.drug)} in {year}."
    second = (
        f"At {rate(row['rate'])} seizures per million population, it was "
        f"{rank_clause(row, force, place(stats, year))}."
    )
    return [first, second]


def against_national(value: float, national: float) -> str:
    """ "12 per cent higher than", "about the same as", "2.4 times"."""
    ratio = value / national
    if ratio >= 2:
        return f"{ratio:.1f} times"
    if per_cent(abs(ratio - 1)) in ("zero per cent", "less than one per cent"):
        return "about the same as"
    return f"{per_cent(abs(ratio - 1))} {'higher' if ratio > 1 else 'lower'} than"


def national_rate_clause(stats: Stats, year: str, drug: str = "all-drugs") -> str | None:
    """The England and Wales police rate, named so the definition is never in doubt."""
    rows = stats.national[(stats.national["year"] == year) & (stats.national["drug"] == drug)]
    if rows.empty or pd.isna(rows.iloc[0]["rate"]):
        return None
    return (
        f"the rate for England and Wales police as a whole ({rate(rows.iloc[0]['rate'])} per "
        "million, counting the territorial forces and not British Transport Police)"
    )


def all_drugs_opening(stats: Stats, force: str, year: str) -> list[str]:
    """How a local paper opens when no drug stands out: count, rate against E&W, change."""
    rows = _rows(stats, force, year)
    row = rows[rows["drug"] == "all-drugs"].iloc[0]
    sentences = [
        f"{subject(force)} made {seizures_of(int(row['seizures']), 'all-drugs')} in {year}."
    ]
    flagged = stats.flagged(force, year)
    national = national_rate_clause(stats, year)
    if bool(row["compared"]) and national is not None:
        value = stats.national.set_index(["year", "drug"]).loc[(year, "all-drugs"), "rate"]
        text = (
            f"At {rate(row['rate'])} seizures per million population, that was "
            f"{against_national(row['rate'], value)} {national}"
        )
        if flagged:
            text += f", though its figure for {year} is {BREAK}"
        elif _extremity(row, force) <= MAX_RANK:
            text += f", and {rank_clause(row, force, place(stats, year))}"
        sentences.append(text + ".")
    return sentences + previous_year_sentences(stats, force, year)


def previous_year_sentences(stats: Stats, force: str, year: str) -> list[str]:
    """The change on the year before, in the opening's words; qualified across a break."""
    row = _rows(stats, force, year)
    row = row[row["drug"] == "all-drugs"].iloc[0]
    index = stats.years.index(year)
    if index == 0:
        return []
    previous_year = stats.years[index - 1]
    if pd.isna(row["previous"]):
        return [f"There is no figure for {previous_year} to compare with."]
    now, before = int(row["seizures"]), int(row["previous"])
    step = first_break(stats.breaks, force, previous_year, year, ("fall", "rise"))
    qualifier = f", {BREAK}" if step else ""
    if before == 0:
        return [f"{subject(force)} made none in {previous_year}{qualifier}."]
    its = f"The {plural(now, 'seizure', 'seizures')}"
    if now == before:
        return [f"{its} were the same number as in {previous_year}{qualifier}."]
    more = "more" if now > before else "fewer"
    pct = per_cent(abs(now - before) / before)
    verb = "was" if now == 1 else "were"
    return [f"{its} {verb} {pct} {more} than in {previous_year} ({number(before)}){qualifier}."]


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
    unknown = unknown_clause(stats, force, year)
    if len(equal) > 1:
        names = and_list([DRUG_BY_KEY[d].name for d in equal["drug"]])
        sentences = [
            f"{where}, {names} were equally the most commonly seized drugs, each involved in "
            f"{per_cent(top['share'])} of seizures where the drug type was known{unknown}."
        ]
        rest = rows[rows["seizures"] < top["seizures"]].head(2)
    else:
        sentences = [
            f"{where}, {DRUG_BY_KEY[top['drug']].name} was the most commonly seized drug.",
            f"It was involved in {per_cent(top['share'])} of seizures where the drug type "
            f"was known{unknown}.",
        ]
        rest = rows.iloc[1:3]
    if not rest.empty:
        parts = [f"{DRUG_BY_KEY[r.drug].name} at {per_cent(r.share)}" for r in rest.itertuples()]
        sentences.append(f"This was followed by {and_list(parts)}.")
    return sentences + unusual_mix_sentences(stats, force, year)


def unknown_clause(stats: Stats, force: str, year: str) -> str:
    """ ", but the drug type was not recorded for 890 of its 2,145 seizures": a quarter or more."""
    rows = _rows(stats, force, year).set_index("drug")["seizures"]
    total, unknown = rows.get("all-drugs"), rows.get("unknown")
    if pd.isna(total) or pd.isna(unknown) or total == 0 or unknown / total < UNKNOWN_SHARE:
        return ""
    return (
        f", but the drug type was not recorded for {number(unknown)} of its "
        f"{number(total)} seizures"
    )


def unusual_mix_sentences(stats: Stats, force: str, year: str) -> list[str]:
    """A drug share far below every other force's, said plainly and without a cause."""
    unusual = unusual_mix(stats.force_year, year)
    sentences = []
    for row in unusual[unusual["force"] == force].itertuples():
        name = DRUG_BY_KEY[row.drug].name
        others = (
            f"unlike any other police force in {place(stats, year)}"
            if row.others == 0
            else f"as at {plural(row.others, 'other force', 'other forces')}"
        )
        sentences.append(
            f"{name[0].upper()}{name[1:]} was involved in {per_cent(row.share)} of "
            f"{FORCE_BY_SLUG[force].name}'s seizures where the drug type was known, less than "
            f"half the share at the median force ({per_cent(row.median_share)}), {others}."
        )
    return sentences


def change_sentences(stats: Stats, force: str, year: str) -> list[str]:
    """Change on the previous year, then since the first year; qualified across a break."""
    rows = _rows(stats, force, year)
    rows = rows[rows["drug"] == "all-drugs"]
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
    step = first_break(stats.breaks, force, previous_year, year, ("fall", "rise"))
    qualifier = f", {BREAK}" if step else ""
    if now == before:
        return [f"Seizures of any drug were unchanged on {previous_year}, at {number(now)}."]
    direction = "rose" if now > before else "fell"
    pct = abs(now - before) / before if before else None
    by = f" by {per_cent(pct)}" if pct is not None else ""
    sentences = [
        f"Seizures of any drug {direction}{by} on {previous_year}, from {number(before)} to "
        f"{number(now)}{qualifier}."
    ]
    if row["first_year"] == previous_year:  # the series sentence would repeat this one
        return sentences
    return sentences + series_sentences(row, year, stats)


def _across_breaks(stats: Stats | None, force: str, since: str, until: str) -> str:
    """ ", though there is a break in the series in 2010-11 and another in 2016-17"."""
    if stats is None:
        return ""
    years = step_years(stats.breaks, force, since, until)
    if not years:
        low = first_break(stats.breaks, force, since, until)
        years = [low] if low else []
    if not years:
        return ""
    others = {1: "", 2: f" and another in {years[-1]}"}.get(
        len(years), f" and others in {and_list(years[1:])}"
    )
    return f", though there is {BREAK} in {years[0]}{others}"


def series_sentences(
    row: pd.Series, year: str, stats: Stats | None = None, standalone: bool = False
) -> list[str]:
    """Change since the first year of the series, where both ends are published.

    ``standalone``: the sentence opens a paragraph, so it names what it compares.
    """
    first_year, first = row["first_year"], row["first"]
    if first_year == year or pd.isna(first) or int(first) == 0:
        return []
    now, first = int(row["seizures"]), int(first)
    qualifier = _across_breaks(stats, row["force"], first_year, year)
    name = FORCE_BY_SLUG[row["force"]].name
    that = f"{name}'s {number(now)} seizures in {year} were" if standalone else "That is"
    if now == first:
        return [f"{that} the same number as in {first_year}{qualifier}."]
    pct = abs(now - first) / first
    more = "more" if now > first else "fewer"
    return [f"{that} {per_cent(pct)} {more} than in {first_year} ({number(first)}){qualifier}."]


def force_paragraphs(stats: Stats, force: str, year: str) -> list[str]:
    """The opening of a force page: lead, shares, change. One paragraph each.

    An opening about all drugs already gives the change on the year before, so
    the last paragraph then keeps only the change since the first year.
    """
    rows = _rows(stats, force, year)
    total = rows[rows["drug"] == "all-drugs"]
    on_all_drugs = (
        FORCE_BY_SLUG[force].kind == "territorial"
        and not total.empty
        and pd.notna(total.iloc[0]["seizures"])
        and drug_lead(stats, force, year) is None
    )
    if on_all_drugs:
        row = total.iloc[0]
        last = (
            []
            if row["first_year"] == _previous(stats, year)
            else series_sentences(row, year, stats, standalone=True)
        )
    else:
        last = change_sentences(stats, force, year)
    paragraphs = [
        " ".join(lead_sentences(stats, force, year)),
        " ".join(share_sentences(stats, force, year)),
        " ".join(last),
    ]
    return [p for p in paragraphs if p]


def _previous(stats: Stats, year: str) -> str | None:
    index = stats.years.index(year)
    return stats.years[index - 1] if index > 0 else None


def every_opening(stats: Stats, year: str | None = None) -> dict[str, list[str]]:
    """Every force's opening paragraphs for a year (the latest by default), by force slug."""
    year = year or stats.latest
    with_rows = set(stats.force_year["force"])
    return {
        force: force_paragraphs(stats, force, year)
        for force in stats.forces["force"]
        if force in with_rows
    }


def national_sentences(stats: Stats, drug: str, year: str) -> list[str]:
    """The Home Office's own England and Wales figures, or the forces' sum where it has none."""
    sentences = release.headline_sentences(stats.national, year, drug)
    national = stats.national[(stats.national["year"] == year) & (stats.national["drug"] == drug)]
    if not national.empty and pd.notna(national.iloc[0]["territorial_police"]):
        return sentences
    together = stats.together[(stats.together["year"] == year) & (stats.together["drug"] == drug)]
    if together.empty:
        return sentences
    t = together.iloc[0]
    name = "drugs" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    return sentences + [
        f"The {int(t['forces'])} police forces in {place(stats, year)} with figures made "
        f"{plural(int(t['seizures']), 'seizure', 'seizures')} of {name} in {year}: "
        f"{rate(t['rate'])} per million people."
    ]


def _set_aside(flagged: pd.DataFrame, year: str) -> str:
    """ "Thames Valley, whose figure for 2018-19 is a break in the series": why it is left out."""
    names = and_list([FORCE_BY_SLUG[f].name for f in flagged["force"]])
    whose = "whose figures for {year} are" if len(flagged) > 1 else "whose figure for {year} is"
    return f"{names}, {whose.format(year=year)} {BREAK}"


def _named(forces: pd.Series) -> str:
    """Forces as named in running text: "Sussex and the Metropolitan Police"."""
    return and_list(
        [
            "the Metropolitan Police" if f == "metropolitan-police" else FORCE_BY_SLUG[f].name
            for f in forces
        ]
    )


def _aside(parts: list[str]) -> str:
    return f" (leaving aside {' and '.join(parts)})" if parts else ""


def _none_seized(stats: Stats, low: pd.DataFrame, name: str, low_names: str, year: str) -> str:
    """The forces with no seizures, and which of them are breaks. Named forces take the break
    in brackets; a count takes it as "including ...": in brackets after "21 forces", three
    names read as if they were the 21."""
    flagged = low[[stats.flagged(f, year) for f in low["force"]]]
    if len(low) <= 3:
        names = and_list([FORCE_BY_SLUG[f].name for f in flagged["force"]])
        breaks = f" ({names}: {BREAK} in {year})" if len(flagged) else ""
        return f"{low_names} made no seizures of {name}{breaks}"
    text = f"No seizures of {name} were made by {plural(len(low), 'force', 'forces')}"
    return f"{text}, including {_set_aside(flagged, year)}" if len(flagged) else text


def extremes_sentences(stats: Stats, compared: pd.DataFrame, drug: str, year: str) -> list[str]:
    """The highest and lowest rates, leaving out the City and any force-year flagged as a break."""
    where = place(stats, year)
    name = "drugs" if drug == "all-drugs" else DRUG_BY_KEY[drug].name
    ranked = compared[compared["force"] != CITY]
    is_flagged = ranked["force"].map(lambda f: stats.flagged(f, year)).astype(bool)
    usable = ranked[~is_flagged]
    if usable.empty:
        return []
    top = usable[usable["rate"] == usable["rate"].max()]
    above = ranked[is_flagged & (ranked["rate"] >= top.iloc[0]["rate"])]
    verb = "were joint highest" if len(top) > 1 else "had the highest rate"
    city = compared[compared["force"] == CITY]
    aside = []
    if not city.empty and city.iloc[0]["rate"] > top.iloc[0]["rate"]:
        aside.append(f"the City of London, {CITY_REASON}")
    if not above.empty:
        aside.append(_set_aside(above, year))
    names = _named(top["force"])
    sentences = [
        f"{names} {verb} of any police force in {where}: {rate(top.iloc[0]['rate'])} "
        f"seizures per million people{_aside(aside)}."
    ]
    low = usable[usable["rate"] == usable["rate"].min()]
    below = ranked[is_flagged & (ranked["rate"] <= low.iloc[0]["rate"])]
    aside = [_set_aside(below, year)] if not below.empty else []
    if low.iloc[0]["rate"] == 0:  # none is a fact for every force, flagged or not
        low, aside = ranked[ranked["rate"] == 0], []
    low_names = _named(low["force"])
    if low.iloc[0]["rate"] == 0:
        text = _none_seized(stats, low, name, low_names, year)
    else:
        which = "were joint lowest" if len(low) > 1 else "had the lowest rate"
        text = f"{low_names} {which}: {rate(low.iloc[0]['rate'])} per million{_aside(aside)}"
    sentences.append(f"{text}.")
    return [sentence[0].upper() + sentence[1:] for sentence in sentences]


def drug_paragraph(stats: Stats, drug: str, year: str) -> list[str]:
    """Opening of a drug page: the Home Office's figures; then the highest and lowest rates."""
    frame = stats.force_year[
        (stats.force_year["year"] == year) & (stats.force_year["drug"] == drug)
    ]
    paragraphs = [
        national_sentences(stats, drug, year),
        extremes_sentences(stats, frame[frame["compared"]], drug, year),
    ]
    return [" ".join(p) for p in paragraphs if p]
