"""Issue 19: the force pages' sentences on small hand-made tables, one branch at a time.

Every force has a population of 1,000,000 unless a test says otherwise, so a force's rate
per million is its count; the figures in the expected sentences follow from the tables
made in each test (worked out in the comments).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from build_data.analysis import narrative
from build_data.analysis.breaks import COLUMNS
from build_data.analysis.stats import CITY, Stats, compute
from build_data.reference import FORCE_BY_SLUG

YEAR = "2018-19"
TWO = ("2017-18", "2018-19")
THREE = ("2016-17", "2017-18", "2018-19")
REASON = narrative.CITY_REASON
BREAK = narrative.BREAK


def build(
    counts: dict[str, dict[str, list[int | None]]],
    years: tuple[str, ...] = TWO,
    population: dict[str, int] | None = None,
    breaks: tuple[tuple[str, str, str], ...] = (),
    national: dict[str, dict] | None = None,
) -> Stats:
    """force -> drug -> one figure a year; breaks: (force, year, kind) rows.

    ``population``: a force's population (1,000,000 if not named; 0 leaves it out, so the
    force is not compared). ``national``: year -> England and Wales all-drugs row; by
    default the territorial forces' sum for every year.
    """
    population = population or {}
    rows = [
        {"year": year, "force": force, "drug": drug, "seizures": value}
        for force, drugs in counts.items()
        for drug, values in drugs.items()
        for year, value in zip(years, values, strict=True)
    ]
    seizures = pd.DataFrame(rows).astype({"seizures": "Int64"})
    people = {f: population.get(f, 1_000_000) for f in counts}
    people = {f: n for f, n in people.items() if n}
    pop = pd.DataFrame(
        [
            {"area": area, "year": int(year[:4]), "population": n}
            for area, n in {**people, "england-and-wales": sum(people.values())}.items()
            for year in years
        ]
    ).astype({"population": "Int64"})
    total = seizures[seizures["drug"] == "all-drugs"].groupby("year")["seizures"].sum()
    default = {
        y: dict.fromkeys(("total", "police", "territorial_police"), int(total[y])) for y in years
    }
    ew = pd.DataFrame(
        [
            {"year": y, "drug": "all-drugs", "border_force": 0, "british_transport_police": 0} | row
            for y, row in (default if national is None else national).items()
        ],
        columns=["year", "drug", "total", "border_force", "police"]
        + ["british_transport_police", "territorial_police"],
    )
    numbers = ["total", "border_force", "police", "british_transport_police"]
    ew = ew.astype(dict.fromkeys([*numbers, "territorial_police"], "Int64"))
    forces = pd.DataFrame({"force": list(counts)})
    forces["kind"] = [FORCE_BY_SLUG[f].kind for f in counts]
    stats = compute(
        {"forces": forces, "seizures": seizures, "population": pop, "england_and_wales": ew}
    )
    table = pd.DataFrame(
        [{"force": f, "year": y, "kind": k} for f, y, k in breaks], columns=COLUMNS
    )
    return dataclasses.replace(stats, breaks=table)


def compared(stats: Stats, drug: str, year: str = YEAR) -> pd.DataFrame:
    fy = stats.force_year
    return fy[(fy["year"] == year) & (fy["drug"] == drug) & fy["compared"]]


def row(stats: Stats, force: str, drug: str = "all-drugs", year: str = YEAR) -> pd.Series:
    fy = stats.force_year
    return fy[(fy["force"] == force) & (fy["drug"] == drug) & (fy["year"] == year)].iloc[0]


# --- the highest and lowest rates on a drug page --------------------------------------------


def test_extremes_set_aside_the_city_and_one_flagged_force():
    # Cocaine per million: City 900, Thames Valley 700 (flagged), the Met 500, Kent 300,
    # Surrey 200, Sussex 100.
    figures = {"city-of-london": 900, "thames-valley": 700, "metropolitan-police": 500}
    figures |= {"kent": 300, "surrey": 200, "sussex": 100}
    stats = build(
        {f: {"all-drugs": [n, n], "cocaine": [n, n]} for f, n in figures.items()},
        breaks=(("thames-valley", YEAR, "fall"),),
    )
    assert narrative.extremes_sentences(stats, compared(stats, "cocaine"), "cocaine", YEAR) == [
        "The Metropolitan Police had the highest rate of any police force in England: 500 "
        f"seizures per million people (leaving aside the City of London, {REASON} and Thames "
        f"Valley, whose figure for 2018-19 is {BREAK}).",
        "Sussex had the lowest rate: 100 per million.",
    ]


def test_extremes_set_aside_flagged_forces_level_with_the_top_and_bottom():
    # Kent 300 tops the unflagged forces; Thames Valley 700 and Merseyside 300 (level with
    # Kent) are flagged; Dorset 100 (flagged) is level with Sussex 100, the lowest.
    figures = {"thames-valley": 700, "merseyside": 300, "kent": 300, "surrey": 200}
    figures |= {"sussex": 100, "dorset": 100}
    flagged = ("thames-valley", "merseyside", "dorset")
    stats = build(
        {f: {"all-drugs": [n, n], "heroin": [n, n]} for f, n in figures.items()},
        breaks=tuple((f, YEAR, "fall") for f in flagged),
    )
    assert narrative.extremes_sentences(stats, compared(stats, "heroin"), "heroin", YEAR) == [
        "Kent had the highest rate of any police force in England: 300 seizures per million "
        f"people (leaving aside Thames Valley and Merseyside, whose figures for 2018-19 are "
        f"{BREAK}).",
        f"Sussex had the lowest rate: 100 per million (leaving aside Dorset, whose figure for "
        f"2018-19 is {BREAK}).",
    ]


def test_extremes_a_city_level_with_the_top_is_not_set_aside():
    figures = {"city-of-london": 300, "kent": 300, "surrey": 200, "sussex": 100}
    stats = build({f: {"all-drugs": [n, n]} for f, n in figures.items()})
    assert narrative.extremes_sentences(stats, compared(stats, "all-drugs"), "all-drugs", YEAR) == [
        "Kent had the highest rate of any police force in England: 300 seizures per million "
        "people.",
        "Sussex had the lowest rate: 100 per million.",
    ]


def test_extremes_forces_with_no_seizures_of_any_drug():
    # Four forces with none are counted; three are named, a flagged one said to be a break.
    four = {"kent": 0, "surrey": 0, "sussex": 0, "dorset": 0, "essex": 50}
    stats = build({f: {"all-drugs": [n, n]} for f, n in four.items()})
    assert narrative.extremes_sentences(stats, compared(stats, "all-drugs"), "all-drugs", YEAR)[
        1
    ] == ("No seizures of drugs were made by 4 forces.")
    three = {"kent": 0, "surrey": 0, "dorset": 0, "essex": 50}
    stats = build(
        {f: {"all-drugs": [n, n]} for f, n in three.items()},
        breaks=(("dorset", YEAR, "fall"),),
    )
    assert narrative.extremes_sentences(stats, compared(stats, "all-drugs"), "all-drugs", YEAR) == [
        "Essex had the highest rate of any police force in England: 50 seizures per million "
        "people.",
        f"Kent, Surrey and Dorset made no seizures of drugs (Dorset: {BREAK} in 2018-19).",
    ]
    stats = build({f: {"all-drugs": [n, n]} for f, n in three.items()})
    assert narrative.extremes_sentences(stats, compared(stats, "all-drugs"), "all-drugs", YEAR)[
        1
    ] == ("Kent, Surrey and Dorset made no seizures of drugs.")


@pytest.mark.parametrize(
    ("flagged", "clause"),
    [
        (("dorset",), f"including Dorset, whose figure for 2018-19 is {BREAK}"),
        (("dorset", "kent"), f"including Kent and Dorset, whose figures for 2018-19 are {BREAK}"),
    ],
)
def test_extremes_a_count_of_forces_with_none_says_which_are_breaks(flagged, clause):
    """After "4 forces", names in brackets read as if they were the four."""
    four = {"kent": 0, "surrey": 0, "sussex": 0, "dorset": 0, "essex": 50}
    stats = build(
        {f: {"all-drugs": [n, n]} for f, n in four.items()},
        breaks=tuple((f, YEAR, "fall") for f in flagged),
    )
    said = narrative.extremes_sentences(stats, compared(stats, "all-drugs"), "all-drugs", YEAR)
    assert said[1] == f"No seizures of drugs were made by 4 forces, {clause}."


# --- the release's figures and the forces together ------------------------------------------


def test_national_sentences_when_the_release_has_no_police_figure():
    # The release gives only its total (1,000); the two forces' 40 + 60 seizures of drugs
    # over 200,000 people are 500 per million. One seizure of LSD: 5 per million.
    stats = build(
        {
            f: {"all-drugs": [n, n], "lsd": [0, k]}
            for f, n, k in (("kent", 40, 1), ("surrey", 60, 0))
        },
        population={"kent": 100_000, "surrey": 100_000},
        national={YEAR: {"total": 1000}},
    )
    assert narrative.national_sentences(stats, "all-drugs", YEAR) == [
        "In 2018-19 police forces and Border Force made 1,000 drug seizures in England and "
        "Wales, the Home Office's figures show. It did not publish Border Force's figure "
        "separately, so there is no figure for police forces alone.",
        "The 2 police forces in England with figures made 100 seizures of drugs in 2018-19: "
        "500 per million people.",
    ]
    assert narrative.national_sentences(stats, "lsd", YEAR) == [
        "The 2 police forces in England with figures made 1 seizure of LSD in 2018-19: "
        "5.0 per million people."
    ]


# --- the mix of drugs ------------------------------------------------------------------------


def test_unknown_clause_edges():
    stats = build(
        {
            "kent": {"all-drugs": [0, 0], "unknown": [0, 0]},
            "surrey": {"all-drugs": [1, 1], "unknown": [1, 1]},
            "sussex": {"all-drugs": [100, 100], "unknown": [25, 25]},
            "essex": {"all-drugs": [100, 100], "unknown": [24, 24]},
            "dorset": {"all-drugs": [100, 100], "cocaine": [10, 10]},
        }
    )
    clauses = {f: narrative.unknown_clause(stats, f, YEAR) for f in ("kent", "essex", "dorset")}
    assert clauses == {"kent": "", "essex": "", "dorset": ""}
    assert narrative.unknown_clause(stats, "surrey", YEAR) == (
        ", but the drug type was not recorded for 1 of its 1 seizures"
    )
    # Exactly a quarter is said.
    assert narrative.unknown_clause(stats, "sussex", YEAR) == (
        ", but the drug type was not recorded for 25 of its 100 seizures"
    )


def test_share_sentences_leave_out_drugs_with_no_seizures():
    # Kent: cannabis 10, cocaine 1, heroin 0 of 11 known: 91 and nine per cent.
    stats = build(
        {
            "kent": {"all-drugs": [11, 11], "unknown": [0, 0]}
            | {"cannabis": [10, 10], "cocaine": [1, 1], "heroin": [0, 0]}
        }
    )
    assert narrative.share_sentences(stats, "kent", YEAR) == [
        "In Kent, cannabis was the most commonly seized drug.",
        "It was involved in 91 per cent of seizures where the drug type was known.",
        "This was followed by cocaine at nine per cent.",
    ]


def test_share_sentences_after_a_tie_name_two_more():
    # Of 100 known: cannabis 30, cocaine 30, heroin 20, crack 15, ketamine 5.
    drugs = {"cannabis": 30, "cocaine": 30, "heroin": 20, "crack": 15, "ketamine": 5}
    known = {"all-drugs": [100, 100], "unknown": [0, 0]}
    stats = build({"kent": known | {d: [n, n] for d, n in drugs.items()}})
    assert narrative.share_sentences(stats, "kent", YEAR) == [
        "In Kent, cannabis and cocaine were equally the most commonly seized drugs, each "
        "involved in 30 per cent of seizures where the drug type was known.",
        "This was followed by heroin at 20 per cent and crack cocaine at 15 per cent.",
    ]


def test_unusual_mix_at_other_forces_too():
    # Cannabis in 80 per cent of seizures at three forces, 10 per cent at two: median 80.
    shares = {"kent": 80, "surrey": 80, "sussex": 80, "essex": 10, "dorset": 10}
    known = {"all-drugs": [100, 100], "unknown": [0, 0]}
    stats = build({f: known | {"cannabis": [n, n]} for f, n in shares.items()})
    assert narrative.unusual_mix_sentences(stats, "essex", YEAR) == [
        "Cannabis was involved in 10 per cent of Essex's seizures where the drug type was "
        "known, less than half the share at the median force (80 per cent), as at 1 other force."
    ]
    # Four at 80 and three at 10: the median is still 80, and two others share the rule.
    shares |= {"hampshire": 80, "wiltshire": 10}
    known = {"all-drugs": [100, 100], "unknown": [0, 0]}
    stats = build({f: known | {"cannabis": [n, n]} for f, n in shares.items()})
    assert narrative.unusual_mix_sentences(stats, "dorset", YEAR) == [
        "Cannabis was involved in 10 per cent of Dorset's seizures where the drug type was "
        "known, less than half the share at the median force (80 per cent), as at 2 other forces."
    ]


# --- a force page's opening ------------------------------------------------------------------


def test_changes_across_a_rise_a_low_year_and_from_a_first_year_of_none():
    # Sussex 300, 300, 600 with a rise flagged in 2018-19; Surrey 600, 600, 300 with a low
    # year flagged (not a step: the change on the year before is not qualified); Kent starts
    # from none, so there is no change since the first year.
    stats = build(
        {
            "sussex": {"all-drugs": [300, 300, 600]},
            "surrey": {"all-drugs": [600, 600, 300]},
            "kent": {"all-drugs": [0, 100, 200]},
        },
        years=THREE,
        breaks=(("sussex", YEAR, "rise"), ("surrey", YEAR, "low")),
    )
    assert narrative.change_sentences(stats, "sussex", YEAR) == [
        f"Seizures of any drug rose by 100 per cent on 2017-18, from 300 to 600, {BREAK}.",
        f"That is 100 per cent more than in 2016-17 (300), though there is {BREAK} in 2018-19.",
    ]
    assert narrative.change_sentences(stats, "surrey", YEAR) == [
        "Seizures of any drug fell by 50 per cent on 2017-18, from 600 to 300.",
        f"That is 50 per cent fewer than in 2016-17 (600), though there is {BREAK} in 2018-19.",
    ]
    assert narrative.change_sentences(stats, "kent", YEAR) == [
        "Seizures of any drug rose by 100 per cent on 2017-18, from 100 to 200."
    ]


def test_previous_year_sentences_one_seizure_and_breaks():
    stats = build(
        {
            "kent": {"all-drugs": [4, 1]},
            "sussex": {"all-drugs": [300, 600]},
            "surrey": {"all-drugs": [600, 300]},
        },
        breaks=(("sussex", YEAR, "rise"), ("surrey", YEAR, "low")),
    )
    assert narrative.previous_year_sentences(stats, "kent", YEAR) == [
        "The 1 seizure was 75 per cent fewer than in 2017-18 (4)."
    ]
    assert narrative.previous_year_sentences(stats, "sussex", YEAR) == [
        f"The 600 seizures were 100 per cent more than in 2017-18 (300), {BREAK}."
    ]
    assert narrative.previous_year_sentences(stats, "surrey", YEAR) == [
        "The 300 seizures were 50 per cent fewer than in 2017-18 (600)."
    ]


# Ten forces and the City, all drugs only (so no opening leads on a drug): 1,000 per million
# down to 100; the City 5,000. The England and Wales figure is published for 2018-19 only.
TEN = [
    "kent", "sussex", "surrey", "essex", "dorset",
    "hampshire", "wiltshire", "suffolk", "norfolk", "devon-and-cornwall",
]  # fmt: skip


def ten_and_the_city() -> Stats:
    counts = {f: {"all-drugs": [1000 - 100 * i] * 2} for i, f in enumerate(TEN)}
    counts |= {CITY: {"all-drugs": [5000, 5000]}, "lincolnshire": {"all-drugs": [70, 80]}}
    # England and Wales: the ten's 5,500, the City's 5,000 and Lincolnshire's 80 over the
    # 11,000,000 people of the ten and the City (Lincolnshire has none here) = 961.8 per million.
    return build(
        counts,
        population={"lincolnshire": 0},
        national={YEAR: dict.fromkeys(("total", "police", "territorial_police"), 10_580)},
    )


def test_all_drugs_openings_rank_city_and_not_compared():
    stats = ten_and_the_city()
    national = (
        "the rate for England and Wales police as a whole (962 per million, counting the "
        "territorial forces and not British Transport Police)"
    )
    # Dorset (600) is fifth of the ten, sixth counting the City: its rank is said.
    assert narrative.all_drugs_opening(stats, "dorset", YEAR) == [
        "Police in Dorset made 600 seizures of drugs in 2018-19.",
        f"At 600 seizures per million population, that was 38 per cent lower than {national}, "
        f"and the fifth highest rate of the 10 police forces in England, leaving out the City "
        f"of London, {REASON}.",
        "The 600 seizures were the same number as in 2017-18.",
    ]
    assert narrative.all_drugs_opening(stats, CITY, YEAR)[1] == (
        f"At 5,000 seizures per million population, that was 5.2 times {national}, and the "
        "highest rate of the 11 police forces in England, though with so few residents "
        f"({REASON}) rates for the City of London are not comparable with other forces."
    )
    # No population, so no rate: the count and the change only.
    assert narrative.all_drugs_opening(stats, "lincolnshire", YEAR) == [
        "Police in Lincolnshire made 80 seizures of drugs in 2018-19.",
        "The 80 seizures were 14 per cent more than in 2017-18 (70).",
    ]
    # No England and Wales figure for 2017-18: no rate sentence.
    assert narrative.all_drugs_opening(stats, "dorset", "2017-18") == [
        "Police in Dorset made 600 seizures of drugs in 2017-18."
    ]


def test_rank_clause_in_the_middle_of_an_odd_number_says_highest():
    stats = build(
        {f: {"all-drugs": [n, n]} for f, n in zip(TEN[:5], (500, 400, 300, 200, 100), strict=True)}
    )
    # Surrey is third from the top and third from the bottom of five.
    assert narrative.rank_clause(row(stats, "surrey"), "surrey", "England") == (
        "the third highest rate of the 5 police forces in England"
    )


def test_a_drug_leads_from_fifty_seizures_and_from_fifth():
    # Cocaine per million: Kent 50 (exactly 50 seizures, the highest); Dorset 60 seizures
    # over 2,000,000 people, 30 per million, fifth of ten.
    cocaine = dict(zip(TEN, (50, 45, 40, 35, 60, 25, 20, 15, 10, 5), strict=True))
    stats = build(
        {f: {"all-drugs": [1000, 1000], "cocaine": [n, n]} for f, n in cocaine.items()},
        population={"dorset": 2_000_000},
    )
    assert narrative.drug_lead(stats, "kent", YEAR).drug == "cocaine"
    assert narrative.drug_lead(stats, "dorset", YEAR).drug == "cocaine"
    # Hampshire is fifth from the bottom (25 per million) but made only 25 seizures.
    assert narrative.drug_lead(stats, "hampshire", YEAR) is None


def test_every_opening_is_each_force_page_opening():
    stats = ten_and_the_city()
    stats = dataclasses.replace(
        stats, forces=pd.concat([stats.forces, pd.DataFrame({"force": ["gwent"]})])
    )
    openings = narrative.every_opening(stats)
    assert list(openings) == [*TEN, CITY, "lincolnshire"]  # Gwent has no rows
    assert openings["dorset"] == narrative.force_paragraphs(stats, "dorset", YEAR)
    assert openings["dorset"][0].startswith("Police in Dorset made 600 seizures of drugs in 2018")
    earlier = narrative.every_opening(stats, "2017-18")
    assert earlier["dorset"] == ["Police in Dorset made 600 seizures of drugs in 2017-18."]
