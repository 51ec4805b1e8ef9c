"""build_data.narrative: sentences against the exact text a reader should see.

Numbers in the expected sentences were worked out from data/seizures.csv and
data/population.csv (shown in the comments), not copied from the code's output.
Edge cases use small made-up tables run through stats.compute, or direct calls.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scopes import shared_but_not_under_mutmut

from build_data import formatting
from build_data.analysis import narrative
from build_data.analysis.stats import Stats, compute

DATA = Path(__file__).resolve().parents[2] / "data"
YEAR = "2018-19"
CITY_REASON = "where many people work but few people live"


@pytest.fixture(scope=shared_but_not_under_mutmut)
def csv() -> dict[str, pd.DataFrame]:
    read = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}
    return {name: pd.read_csv(DATA / f"{name}.csv", **read) for name in ("seizures", "population")}


def published(csv, force: str, drug: str, year: str = YEAR) -> int:
    s = csv["seizures"]
    value = s[(s["year"] == year) & (s["force"] == force) & (s["drug"] == drug)]["seizures"]
    return int(value.item())


def population(csv, area: str, year: str = "2018") -> int:
    p = csv["population"]
    return int(p[(p["area"] == area) & (p["year"] == year)]["population"].item())


# --- the committed data, 2018-19 ---------------------------------------------


SUSSEX_LEAD = (
    "Police in Sussex made 1,204 seizures of cocaine in 2018-19. At 707 seizures per million "
    "population, it was the highest rate for any police force in England apart from in the "
    "City of London, where many people work but few people live."
)
SUSSEX_SHARES = (
    "In Sussex, cannabis was the most commonly seized drug. It was involved in 71 per cent of "
    "seizures where the drug type was known. This was followed by cocaine at 21 per cent and "
    "crack cocaine at seven per cent."
)


def test_sussex_figures_behind_the_sentences(csv):
    # Check the expected text against the published table, not against the code.
    cocaine = published(csv, "sussex", "cocaine")
    assert cocaine == 1204
    assert round(cocaine / population(csv, "sussex") * 1e6) == 707  # 1,204 / 1,703,837
    known = published(csv, "sussex", "all-drugs") - published(csv, "sussex", "unknown")
    assert known == 5954 - 242
    assert round(published(csv, "sussex", "cannabis") / known * 100) == 71  # 4,041 / 5,712
    assert round(cocaine / known * 100) == 21  # 1,204 / 5,712
    assert round(published(csv, "sussex", "crack") / known * 100) == 7  # 394 / 5,712


def test_sussex_opening(real):
    paragraphs = narrative.force_paragraphs(real, "sussex", YEAR)
    assert paragraphs[0] == SUSSEX_LEAD
    assert paragraphs[1] == SUSSEX_SHARES


def test_sussex_change_paragraph(real, csv):
    # 5,954 against 5,493 in 2017-18: +461, 8.4% -> eight; against 6,373 in 2009-10: -6.6% -> seven.
    assert published(csv, "sussex", "all-drugs", "2017-18") == 5493
    assert published(csv, "sussex", "all-drugs", "2009-10") == 6373
    assert narrative.force_paragraphs(real, "sussex", YEAR)[2] == (
        "Seizures of any drug rose by eight per cent on 2017-18, from 5,493 to 5,954. "
        "That is seven per cent fewer than in 2009-10 (6,373)."
    )


def test_lowest_rate_force(real, csv):
    # Suffolk cocaine: 31 / 758,556 * 1e6 = 40.9, the lowest of the 39 English forces, but
    # fewer than 50 seizures: the lead is Class A, 108 / 758,556 * 1e6 = 142, second lowest.
    assert published(csv, "suffolk", "cocaine") == 31
    assert round(31 / population(csv, "suffolk") * 1e6) == 41
    assert published(csv, "suffolk", "class-a") == 108
    assert round(108 / population(csv, "suffolk") * 1e6) == 142
    assert narrative.lead_sentences(real, "suffolk", YEAR) == [
        "Police in Suffolk made 108 seizures of Class A drugs in 2018-19.",
        "At 142 seizures per million population, it was the second lowest rate of the 39 police "
        "forces in England.",
    ]


def test_city_of_london(real, csv):
    # 103 / 8,706 * 1e6 = 11,830.9
    assert published(csv, "city-of-london", "cocaine") == 103
    assert population(csv, "city-of-london") == 8706
    assert narrative.lead_sentences(real, "city-of-london", YEAR) == [
        "City of London Police made 103 seizures of cocaine in 2018-19.",
        "At 11,831 seizures per million population, it was the highest rate of the 39 police "
        "forces in England, though with so few residents (where many people work but few people "
        "live) rates for the City of London are not comparable with other forces.",
    ]
    shares = narrative.share_sentences(real, "city-of-london", YEAR)
    assert shares[0] == "In the City of London, cannabis was the most commonly seized drug."


def test_british_transport_police_counts_without_rate(real, csv):
    assert published(csv, "british-transport-police", "all-drugs") == 438
    lead = narrative.lead_sentences(real, "british-transport-police", YEAR)
    assert lead == [
        "British Transport Police made 438 seizures of drugs in 2018-19.",
        "It polices the railways, so it has no resident population and no rate per person.",
    ]
    text = " ".join(narrative.force_paragraphs(real, "british-transport-police", YEAR))
    assert "per million" not in text
    assert "rank" not in text and "highest" not in text
    assert narrative.share_sentences(real, "british-transport-police", YEAR)[0] == (
        "Of British Transport Police's seizures, cannabis was the most commonly seized drug."
    )


def test_border_force(real, csv):
    assert published(csv, "border-force", "all-drugs") == 8937
    assert narrative.lead_sentences(real, "border-force", YEAR) == [
        "Border Force made 8,937 seizures of drugs in 2018-19.",
        "It works at the UK border, so it has no resident population and is not compared with "
        "police forces.",
    ]


def test_force_with_no_figures_in_a_year(real, csv):
    s = csv["seizures"]
    assert s[(s["force"] == "hampshire") & (s["year"] == "2014-15")]["seizures"].isna().all()
    assert narrative.force_paragraphs(real, "hampshire", "2014-15") == [
        "The Home Office table for 2014-15 has no figures for Hampshire."
    ]
    # The next year has nothing to compare with, and says so.
    assert narrative.change_sentences(real, "hampshire", "2015-16") == [
        "There is no figure for 2014-15 to compare with."
    ]


def test_metropolitan_police_area_phrasing(real, csv):
    # Cannabis 26,598 / 8,899,375 * 1e6 = 2,988.8. Known type: 31,594 - 336 = 31,258;
    # cannabis 85.1%, cocaine 2,927 -> 9.4% (nine), crack 1,728 -> 5.5% (six).
    assert published(csv, "metropolitan-police", "cannabis") == 26598
    assert narrative.force_paragraphs(real, "metropolitan-police", YEAR)[:2] == [
        "The Metropolitan Police made 26,598 seizures of cannabis in 2018-19. At 2,989 seizures "
        "per million population, it was the highest rate for any police force in England apart "
        "from in the City of London, where many people work but few people live.",
        "In the Metropolitan Police area, cannabis was the most commonly seized drug. It was "
        "involved in 85 per cent of seizures where the drug type was known. This was followed "
        "by cocaine at nine per cent and crack cocaine at six per cent.",
    ]


def test_rank_below_the_top_with_the_city_not_above(real, csv):
    # Cleveland heroin: 145 / 567,718 * 1e6 = 255.4, behind only Dorset (300.4); the City is
    # lower, so the rank is the same among all 39 English forces and nothing is left out.
    assert published(csv, "cleveland", "heroin") == 145
    assert narrative.lead_sentences(real, "cleveland", YEAR) == [
        "Police in Cleveland made 145 seizures of heroin in 2018-19.",
        "At 255 seizures per million population, it was the second highest rate of the 39 "
        "police forces in England.",
    ]


def test_single_seizure_never_leads(real, csv):
    # Warwickshire ketamine: 1 / 571,010 * 1e6 = 1.75, fifth lowest, but one seizure is trivia;
    # the opening is about all drugs: 1,446 / 571,010 * 1e6 = 2,532 against the England and Wales
    # territorial police rate 143,760 / 59,115,809 * 1e6 = 2,432 (4.1 per cent higher).
    assert published(csv, "warwickshire", "ketamine") == 1
    total = published(csv, "warwickshire", "all-drugs")
    assert round(total / population(csv, "warwickshire") * 1e6) == 2532
    national = 143760 / population(csv, "england-and-wales") * 1e6
    assert round(national) == 2432
    before = published(csv, "warwickshire", "all-drugs", "2017-18")
    assert round((total - before) / before * 100) == 14
    assert narrative.lead_sentences(real, "warwickshire", YEAR) == [
        f"Police in Warwickshire made {total:,} seizures of drugs in 2018-19.",
        "At 2,532 seizures per million population, that was four per cent higher than the rate "
        "for England and Wales police as a whole (2,432 per million, counting the territorial "
        "forces and not British Transport Police).",
        f"The {total:,} seizures were 14 per cent more than in 2017-18 ({before:,}).",
    ]
    assert narrative.seizures_of(1, "ketamine") == "one seizure of ketamine"


def test_every_force_page_opening_is_clean(real):
    for force in real.forces["force"]:
        for year in real.years:
            if force not in set(real.force_year["force"]):
                continue
            for paragraph in narrative.force_paragraphs(real, force, year):
                assert paragraph.strip() == paragraph
                assert "  " not in paragraph, (force, year, paragraph)
                for bad in ("nan", "None", "<NA>", "the  "):
                    assert bad not in paragraph, (force, year, paragraph)
                assert paragraph.endswith("."), (force, year, paragraph)


def test_place_is_england_for_this_data(real):
    assert narrative.place(real, YEAR) == "England"


# --- drug pages ----------------------------------------------------------------


def test_drug_paragraph_cocaine(real):
    # 16,573 territorial police seizures / 59,115,809 * 1e6 = 280.3
    assert narrative.drug_paragraph(real, "cocaine", YEAR) == [
        "In 2018-19 police forces and Border Force made 17,038 seizures of cocaine in England and "
        "Wales, and police forces, including British Transport Police, made 16,653, the Home "
        "Office's figures show. The 43 territorial police forces, which each police an area, "
        "made 16,573: 280 per million people, the rate this site compares each force with. The "
        "difference is British Transport Police (80), which polices the railways and has no "
        "resident population to set a rate against.",
        "Sussex had the highest rate of any police force in England: 707 seizures per million "
        "people (leaving aside the City of London, where many people work but few people "
        "live). Suffolk had the lowest rate: 41 per million.",
    ]


def test_drug_paragraph_methadone_border_force_not_published(real, csv):
    # Border Force's methadone figure is missing, so no England and Wales police figure:
    # the 39 English forces add up to 382, over their 55,977,... residents = 6.8 per million.
    s = csv["seizures"]
    methadone = s[(s["year"] == YEAR) & (s["drug"] == "methadone")]
    english = methadone[~methadone["force"].isin(["british-transport-police", "border-force"])]
    assert len(english) == 39 and english["seizures"].sum() == 382
    zero = english[(english["seizures"] == 0) & (english["force"] != "city-of-london")]
    assert sorted(zero["force"]) == ["essex", "lancashire", "surrey"]
    # Devon and Cornwall: the highest rate apart from the City.
    devon = published(csv, "devon-and-cornwall", "methadone")
    assert round(devon / population(csv, "devon-and-cornwall") * 1e6) == 39
    assert narrative.drug_paragraph(real, "methadone", YEAR) == [
        "In 2018-19 police forces and Border Force made 407 seizures of methadone in England "
        "and Wales, the Home Office's figures show. It did not publish Border Force's figure "
        "separately, so there is no figure for police forces alone. "
        "The 39 police forces in England with figures made 382 seizures of methadone in "
        "2018-19: 6.8 per million people.",
        "Devon and Cornwall had the highest rate of any police force in England: 39 seizures "
        "per million people (leaving aside the City of London, where many people work but few "
        "people live). Lancashire, Essex and Surrey made no seizures of methadone (Lancashire: "
        "a break in the series in 2018-19).",
    ]


def test_drug_paragraph_mephedrone_many_forces_with_none(real, csv):
    s = csv["seizures"]
    meph = s[(s["year"] == YEAR) & (s["drug"] == "mephedrone")]
    english = meph[~meph["force"].isin(["british-transport-police", "border-force"])]
    zero = english[(english["seizures"] == 0) & (english["force"] != "city-of-london")]
    assert len(zero) == 21
    text = " ".join(narrative.drug_paragraph(real, "mephedrone", YEAR))
    assert text.endswith(
        " No seizures of mephedrone were made by 21 forces, including Lancashire, Merseyside "
        "and Thames Valley, whose figures for 2018-19 are a break in the series."
    )
    assert "West Mercia had the highest rate of any police force in England: 8.6" in text
    assert "police forces, including British Transport Police, made 58," in text
    assert "British Transport Police made none, so the two police figures are the same." in text


# --- formatting helpers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.004, "less than one per cent"),
        (0.0049, "less than one per cent"),
        (0.005, "one per cent"),
        (0.06, "six per cent"),
        (0.07, "seven per cent"),
        (0.095, "10 per cent"),
        (0.18, "18 per cent"),
        (0.125, "13 per cent"),
        # Half-way cases round up, whatever binary floating point makes of them:
        # 0.285 * 100 is 28.499999999999996 and 0.145 * 100 is 14.499999999999998.
        (57 / 200, "29 per cent"),
        (29 / 200, "15 per cent"),
        (0.71, "71 per cent"),
        (1.0, "100 per cent"),
    ],
)
def test_per_cent(share, expected):
    assert formatting.per_cent_in_words(share) == expected


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (9, "ninth"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (38, "38th"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinal(position, expected):
    assert narrative.ordinal(position) == expected


@pytest.mark.parametrize(
    ("count", "drug", "expected"),
    [
        (1, "lsd", "one seizure of LSD"),
        (0, "ghb", "no seizures of GHB"),
        (2, "crack", "two seizures of crack cocaine"),
        (9, "ecstasy", "nine seizures of ecstasy"),
        (10, "ecstasy", "10 seizures of ecstasy"),
        (1188, "cocaine", "1,188 seizures of cocaine"),
        (143760, "all-drugs", "143,760 seizures of drugs"),
    ],
)
def test_seizures_of(count, drug, expected):
    assert narrative.seizures_of(count, drug) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (706.64, "707"),
        (11830.92, "11,831"),
        (6.8242, "6.8"),
        (1.75, "1.8"),
        (0.0, "0.0"),
        (9.94, "9.9"),
        (9.96, "10"),  # not "10.0": rounded, it is no longer below ten
        (10.4, "10"),
    ],
)
def test_rate(value, expected):
    assert formatting.rate_in_text(value) == expected


def test_number():
    assert formatting.whole_number(1188) == "1,188"
    assert formatting.whole_number(143760.0) == "143,760"


# --- rank_clause on hand-made rows --------------------------------------------------


def ranked(rank, rank_ex, n=39, n_ex=38, bottom=20, tied=False) -> pd.Series:
    return pd.Series(
        {
            "rank": rank,
            "rank_excl_city": rank_ex,
            "n_compared": n,
            "n_compared_excl_city": n_ex,
            "rank_from_bottom": bottom,
            "tied": tied,
        }
    )


@pytest.mark.parametrize(
    ("row", "force", "expected"),
    [
        # Top, City above.
        (
            ranked(2, 1, bottom=38),
            "sussex",
            f"the highest rate for any police force in England apart from in the City of "
            f"London, {CITY_REASON}",
        ),
        # Top, City below: nothing to leave out.
        (ranked(1, 1, bottom=39), "dorset", "the highest rate of any police force in England"),
        # Joint top, City above.
        (
            ranked(2, 1, bottom=37, tied=True),
            "kent",
            f"the joint highest rate for any police force in England apart from in the City of "
            f"London, {CITY_REASON}",
        ),
        # Third, City above: ranked among the 38 without it.
        (
            ranked(4, 3, bottom=36),
            "cheshire",
            f"the third highest rate of the 38 police forces in England, leaving out the City of "
            f"London, {CITY_REASON}",
        ),
        # Third, City below: the same rank among all 39.
        (
            ranked(3, 3, bottom=37),
            "leicestershire",
            "the third highest rate of the 39 police forces in England",
        ),
        # Joint fourth, City below.
        (
            ranked(4, 4, bottom=35, tied=True),
            "kent",
            "the joint fourth highest rate of the 39 police forces in England",
        ),
        # 12th from the top with the City above.
        (
            ranked(13, 12, bottom=27),
            "kent",
            f"the 12th highest rate of the 38 police forces in England, leaving out the City of "
            f"London, {CITY_REASON}",
        ),
        # Lowest, and joint lowest, and third lowest.
        (ranked(39, 38, bottom=1), "suffolk", "the lowest rate of the 39 police forces in England"),
        (
            ranked(38, 37, bottom=1, tied=True),
            "suffolk",
            "the joint lowest rate of the 39 police forces in England",
        ),
        (
            ranked(37, 36, bottom=3),
            "durham",
            "the third lowest rate of the 39 police forces in England",
        ),
        # The City itself: ranked among all forces, with the reason its rate is not comparable.
        (
            ranked(1, pd.NA, bottom=39),
            "city-of-london",
            "the highest rate of the 39 police forces in England, though with so few residents "
            f"({CITY_REASON}) rates for the City of London are not comparable with other forces",
        ),
        (
            ranked(2, pd.NA, bottom=38),
            "city-of-london",
            "the second highest rate of the 39 police forces in England, though with so few "
            f"residents ({CITY_REASON}) rates for the City of London are not comparable with "
            "other forces",
        ),
    ],
)
def test_rank_clause(row, force, expected):
    assert narrative.rank_clause(row, force, "England") == expected


# --- small made-up tables through stats.compute ----------------------------------------

DRUGS = ("all-drugs", "cocaine", "cannabis", "unknown")
NA = pd.NA
# (year, force) -> all-drugs, cocaine, cannabis, unknown
SEIZURES = {
    ("2017-18", "sussex"): (800, 200, 500, 100),
    ("2017-18", "kent"): (1800, 300, 1200, 0),
    ("2017-18", "surrey"): (NA, NA, NA, NA),
    ("2017-18", "essex"): (1250, 150, 150, 0),
    ("2017-18", "city-of-london"): (30, 5, 20, 0),
    ("2017-18", "british-transport-police"): (120, 20, 80, 10),
    ("2017-18", "border-force"): (400, 100, 200, 0),
    # 2018-19 cocaine rates: City 500; Sussex 250/1.25M = 200 and Kent 400/2M = 200 (tied);
    # Surrey 100/1M = 100; Essex 100/2M = 50.
    ("2018-19", "sussex"): (1000, 250, 600, 200),
    ("2018-19", "kent"): (1800, 400, 1000, 0),
    ("2018-19", "surrey"): (700, 100, 500, 0),
    ("2018-19", "essex"): (1000, 100, 100, 0),
    ("2018-19", "city-of-london"): (30, 5, 20, 0),
    ("2018-19", "british-transport-police"): (100, 20, 70, 10),
    ("2018-19", "border-force"): (500, 200, 250, 0),
}
POPULATION = {
    "sussex": 1_250_000,
    "kent": 2_000_000,
    "surrey": 1_000_000,
    "essex": 2_000_000,
    "city-of-london": 10_000,
    "gwent": 500_000,
    "england-and-wales": 40_000_000,
}
KINDS = {"british-transport-police": "british-transport-police", "border-force": "border-force"}


def made_up(extra: dict | None = None) -> Stats:
    figures = {**SEIZURES, **(extra or {})}
    seizures = pd.DataFrame(
        [
            {"year": year, "force": force, "drug": drug, "seizures": value}
            for (year, force), values in figures.items()
            for drug, value in zip(DRUGS, values, strict=True)
        ]
    )
    seizures["seizures"] = seizures["seizures"].astype("Int64")
    forces = sorted({force for _, force in figures})
    population = pd.DataFrame(
        [
            {"area": area, "year": year, "population": value}
            for area, value in POPULATION.items()
            for year in (2017, 2018)
        ]
    )
    population["population"] = population["population"].astype("Int64")
    ew = pd.DataFrame(
        {
            "year": ["2018-19"],
            "drug": ["all-drugs"],
            "total": [3500],
            "border_force": [500],
            "police": [3030],
            "british_transport_police": [100],
            # 2,930 / 40,000,000 * 1e6 = 73.25
            "territorial_police": [2930],
            "source": ["test"],
        }
    )
    for column in ("total", "border_force", "police", "british_transport_police"):
        ew[column] = ew[column].astype("Int64")
    ew["territorial_police"] = ew["territorial_police"].astype("Int64")
    return compute(
        {
            "forces": pd.DataFrame(
                {"force": forces, "kind": [KINDS.get(f, "territorial") for f in forces]}
            ),
            "seizures": seizures,
            "population": population,
            "england_and_wales": ew,
        }
    )


@pytest.fixture(scope=shared_but_not_under_mutmut)
def small() -> Stats:
    return made_up()


def test_tied_lead_says_joint(small):
    assert narrative.lead_sentences(small, "sussex", YEAR) == [
        "Police in Sussex made 250 seizures of cocaine in 2018-19.",
        "At 200 seizures per million population, it was the joint highest rate for any police "
        f"force in England apart from in the City of London, {CITY_REASON}.",
    ]
    assert narrative.lead_sentences(small, "kent", YEAR)[1].startswith(
        "At 200 seizures per million population, it was the joint highest rate"
    )


def test_lowest_in_small_table(small):
    # Essex cocaine 100 / 2,000,000 * 1e6 = 50, lowest of the five.
    assert narrative.lead_sentences(small, "essex", YEAR) == [
        "Police in Essex made 100 seizures of cocaine in 2018-19.",
        "At 50 seizures per million population, it was the lowest rate of the 5 police forces "
        "in England.",
    ]


def test_equal_most_common_drugs(small):
    # Essex: 100 cocaine and 100 cannabis of 1,000 known = 10 per cent each.
    assert narrative.share_sentences(small, "essex", YEAR) == [
        "In Essex, cannabis and cocaine were equally the most commonly seized drugs, each "
        "involved in 10 per cent of seizures where the drug type was known.",
        # The unusual-mix rule on a made-up table: Sussex 75, Kent 56, Surrey 71, City 67 and
        # Essex 10 per cent; the median of the five is 67.
        "Cannabis was involved in 10 per cent of Essex's seizures where the drug type was known, "
        "less than half the share at the median force (67 per cent), unlike any other police "
        "force in England.",
    ]


def test_change_sentences(small):
    # Sussex 800 -> 1,000: +25%. 2017-18 is also the first year, so no second sentence.
    assert narrative.change_sentences(small, "sussex", YEAR) == [
        "Seizures of any drug rose by 25 per cent on 2017-18, from 800 to 1,000."
    ]
    # Essex 1,250 -> 1,000: -20%.
    assert narrative.change_sentences(small, "essex", YEAR) == [
        "Seizures of any drug fell by 20 per cent on 2017-18, from 1,250 to 1,000."
    ]
    assert narrative.change_sentences(small, "kent", YEAR) == [
        "Seizures of any drug were unchanged on 2017-18, at 1,800."
    ]
    assert narrative.change_sentences(small, "surrey", YEAR) == [
        "There is no figure for 2017-18 to compare with."
    ]
    assert narrative.change_sentences(small, "sussex", "2017-18") == []


def test_series_sentence_from_the_first_year():
    extra = {("2016-17", "sussex"): (500, 100, 300, 0)}
    stats = made_up(extra)
    # 2016-17 has figures for Sussex only: 500 -> 800 -> 1,000, +100% since the first year.
    assert narrative.change_sentences(stats, "sussex", YEAR) == [
        "Seizures of any drug rose by 25 per cent on 2017-18, from 800 to 1,000.",
        "That is 100 per cent more than in 2016-17 (500).",
    ]


def test_drug_paragraph_tie_at_the_top(small):
    text = narrative.drug_paragraph(small, "cocaine", YEAR)
    # No England and Wales cocaine row: the five forces together, 855 / 6,260,000 * 1e6 = 136.6.
    opening = (
        "The 5 police forces in England with figures made 855 seizures of cocaine in 2018-19: "
        "137 per million people."
    )
    ending = (
        " were joint highest of any police force in England: 200 seizures per million people "
        f"(leaving aside the City of London, {CITY_REASON}). Essex had the lowest rate: 50 per "
        "million."
    )
    assert text in (
        [opening, "Sussex and Kent" + ending],
        [opening, "Kent and Sussex" + ending],
    )


def test_drug_paragraph_national_figure(small):
    # 2,930 / 40,000,000 * 1e6 = 73.25 -> 73. Kent 1,800 / 2M = 900, Essex 1,000 / 2M = 500.
    assert narrative.drug_paragraph(small, "all-drugs", YEAR) == [
        "In 2018-19 police forces and Border Force made 3,500 drug seizures in England and "
        "Wales, and police forces, including British Transport Police, made 3,030, the Home "
        "Office's figures show. The 43 territorial police forces, which each police an area, "
        "made 2,930: 73 per million people, the rate this site compares each force with. The "
        "difference is British Transport Police (100), which polices the railways and has no "
        "resident population to set a rate against.",
        "Kent had the highest rate of any police force in England: 900 seizures per million "
        f"people (leaving aside the City of London, {CITY_REASON}). Essex had the lowest rate: "
        "500 per million.",
    ]


def test_place_with_a_welsh_force():
    stats = made_up({("2018-19", "gwent"): (300, 50, 200, 0)})
    assert narrative.place(stats, YEAR) == "England and Wales"
    assert narrative.place(stats, "2017-18") == "England"
    lead = narrative.lead_sentences(stats, "essex", YEAR)
    assert lead[1].endswith("the lowest rate of the 6 police forces in England and Wales.")


def test_place_with_only_welsh_figures():
    only_wales = {key: (NA, NA, NA, NA) for key in SEIZURES if key[1] != "border-force"}
    only_wales[("2018-19", "gwent")] = (300, 50, 200, 0)
    assert narrative.place(made_up(only_wales), YEAR) == "Wales"
