"""build_data.stats against figures worked out by hand, and against the committed tables.

The synthetic tables below are small enough to check every figure in a comment:
five territorial forces (one of them the City of London, one with no published
figures in the later year) and British Transport Police, two financial years,
and populations for three calendar years, so that using the wrong one shows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scopes import shared_but_not_under_mutmut

from build_data.analysis import stats

DATA = Path(__file__).resolve().parents[2] / "data"
NA = pd.NA
BTP = "british-transport-police"

FORCES = pd.DataFrame(
    {
        "force": ["sussex", "kent", "surrey", "essex", "city-of-london", BTP],
        "kind": ["territorial"] * 5 + ["british-transport-police"],
    }
)

# force -> {year: population}. The 2019 figures must never be used: a financial
# year takes the population of the calendar year it starts in (2018-19 -> 2018).
POPULATION = {
    "sussex": {2017: 1_000_000, 2018: 1_250_000, 2019: 9_999_999},
    "kent": {2017: 2_000_000, 2018: 2_000_000, 2019: 9_999_999},
    "surrey": {2017: 500_000, 2018: 500_000, 2019: 9_999_999},
    "essex": {2017: 1_000_000, 2018: 1_000_000, 2019: 9_999_999},
    "city-of-london": {2017: 10_000, 2018: 10_000, 2019: 9_999_999},
    # A population for BTP must not give it a rate: it has no resident population.
    BTP: {2017: 1_000_000, 2018: 1_000_000},
    "england-and-wales": {2017: 50_000_000, 2018: 40_000_000, 2019: 1},
}

# (year, force) -> seizures of all-drugs, cocaine, cannabis, unknown
SEIZURES = {
    ("2017-18", "sussex"): (800, 0, 500, 100),
    ("2017-18", "kent"): (1500, 300, 900, 50),
    ("2017-18", "surrey"): (400, 50, 300, 0),
    ("2017-18", "essex"): (300, 10, 200, 0),
    ("2017-18", "city-of-london"): (20, 4, 12, 0),
    ("2017-18", BTP): (120, 25, 80, NA),
    ("2018-19", "sussex"): (1000, 250, 600, 200),
    ("2018-19", "kent"): (1800, 400, 1000, 0),
    ("2018-19", "surrey"): (NA, NA, NA, NA),  # not published
    ("2018-19", "essex"): (500, 100, 300, 0),
    ("2018-19", "city-of-london"): (30, 5, 20, 0),
    ("2018-19", BTP): (100, 20, 70, 10),
}
DRUGS = ("all-drugs", "cocaine", "cannabis", "unknown")

ENGLAND_AND_WALES = pd.DataFrame(
    {
        "year": ["2017-18", "2018-19", "2018-19"],
        "drug": ["all-drugs", "all-drugs", "cocaine"],
        "total": [5000, 4000, 900],
        "border_force": [900, 1000, NA],
        "police": [4100, 3000, NA],
        "british_transport_police": [120, 100, 20],
        "territorial_police": [3980, 2900, NA],
        "source": ["test"] * 3,
    }
)


def tables() -> dict[str, pd.DataFrame]:
    seizures = pd.DataFrame(
        [
            {"year": year, "force": force, "drug": drug, "seizures": value}
            for (year, force), values in SEIZURES.items()
            for drug, value in zip(DRUGS, values, strict=True)
        ]
    )
    seizures["seizures"] = seizures["seizures"].astype("Int64")
    population = pd.DataFrame(
        [
            {"area": area, "year": year, "population": value}
            for area, by_year in POPULATION.items()
            for year, value in by_year.items()
        ]
    )
    population["population"] = population["population"].astype("Int64")
    ew = ENGLAND_AND_WALES.copy()
    for column in ("total", "border_force", "police", "british_transport_police"):
        ew[column] = ew[column].astype("Int64")
    ew["territorial_police"] = ew["territorial_police"].astype("Int64")
    return {
        "forces": FORCES,
        "seizures": seizures,
        "population": population,
        "england_and_wales": ew,
    }


@pytest.fixture(scope=shared_but_not_under_mutmut)
def made_up() -> stats.Stats:
    return stats.compute(tables())


def row(s: stats.Stats, year: str, force: str, drug: str) -> pd.Series:
    frame = s.force_year
    match = frame[(frame["year"] == year) & (frame["force"] == force) & (frame["drug"] == drug)]
    assert len(match) == 1, (year, force, drug)
    return match.iloc[0]


# --- rates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "force", "drug", "population", "expected"),
    [
        # 250 / 1,250,000 (mid-2018, not mid-2019) * 1e6 = 200
        ("2018-19", "sussex", "cocaine", 1_250_000, 200.0),
        # 1,000 / 1,250,000 * 1e6 = 800
        ("2018-19", "sussex", "all-drugs", 1_250_000, 800.0),
        # 0 / 1,000,000 = 0: a zero is a rate, not a gap
        ("2017-18", "sussex", "cocaine", 1_000_000, 0.0),
        # 400 / 2,000,000 * 1e6 = 200
        ("2018-19", "kent", "cocaine", 2_000_000, 200.0),
        # 5 / 10,000 * 1e6 = 500
        ("2018-19", "city-of-london", "cocaine", 10_000, 500.0),
        # 50 / 500,000 * 1e6 = 100
        ("2017-18", "surrey", "cocaine", 500_000, 100.0),
        # 100 / 1,000,000 * 1e6 = 100
        ("2018-19", "essex", "cocaine", 1_000_000, 100.0),
    ],
)
def test_rate_uses_population_of_the_start_year(made_up, year, force, drug, population, expected):
    r = row(made_up, year, force, drug)
    assert r["population"] == population
    assert r["rate"] == pytest.approx(expected)
    assert bool(r["compared"])


def test_force_without_figures_has_no_rate_and_is_not_compared(made_up):
    r = row(made_up, "2018-19", "surrey", "cocaine")
    assert pd.isna(r["seizures"])
    assert pd.isna(r["rate"])
    assert not bool(r["compared"])
    assert pd.isna(r["rank"]) and pd.isna(r["rank_excl_city"])


def test_btp_has_counts_but_no_population_rate_or_rank(made_up):
    r = row(made_up, "2018-19", BTP, "cocaine")
    assert r["seizures"] == 20
    assert pd.isna(r["population"])  # dropped although population.csv had one
    assert pd.isna(r["rate"])
    assert not bool(r["compared"])
    for column in ("rank", "rank_excl_city", "n_compared", "rank_from_bottom"):
        assert pd.isna(r[column]), column
    assert not bool(r["tied"])


def test_rate_on_a_missing_population_is_missing():
    t = tables()
    t["population"] = t["population"][
        ~((t["population"]["area"] == "kent") & (t["population"]["year"] == 2018))
    ]
    r = row(stats.compute(t), "2018-19", "kent", "cocaine")
    assert r["seizures"] == 400
    assert pd.isna(r["rate"])
    assert not bool(r["compared"])


# --- ranks -----------------------------------------------------------------


def test_ranks_2018_19_cocaine_with_a_tie(made_up):
    # Rates: City 500, Sussex 200, Kent 200, Essex 100; Surrey not published; BTP no rate.
    # With the City: City 1, Sussex and Kent both 2 (method "min"), Essex 4 (not 3), of 4.
    # Without the City: Sussex and Kent both 1, Essex 3, of 3.
    # From the bottom: Essex 1, Sussex and Kent both 2, City 4.
    expected = {
        "city-of-london": (1, NA, False, 4),
        "sussex": (2, 1, True, 2),
        "kent": (2, 1, True, 2),
        "essex": (4, 3, False, 1),
    }
    for force, (rank, rank_ex, tied, bottom) in expected.items():
        r = row(made_up, "2018-19", force, "cocaine")
        assert r["rank"] == rank, force
        if rank_ex is NA:
            assert pd.isna(r["rank_excl_city"]), force
        else:
            assert r["rank_excl_city"] == rank_ex, force
            assert r["n_compared_excl_city"] == 3, force
        assert bool(r["tied"]) is tied, force
        assert r["rank_from_bottom"] == bottom, force
        # Only territorial forces with a figure and a population: not Surrey, not BTP.
        assert r["n_compared"] == 4, force


def test_ranks_2017_18_cocaine_without_ties(made_up):
    # Rates: City 4/10,000*1e6 = 400, Kent 300/2M*1e6 = 150,
    # Surrey 50/0.5M*1e6 = 100, Essex 10/1M*1e6 = 10, Sussex 0/1M = 0.
    expected = {
        "city-of-london": (1, None),
        "kent": (2, 1),
        "surrey": (3, 2),
        "essex": (4, 3),
        "sussex": (5, 4),
    }
    for force, (rank, rank_ex) in expected.items():
        r = row(made_up, "2017-18", force, "cocaine")
        assert r["rank"] == rank, force
        assert r["n_compared"] == 5, force
        assert not bool(r["tied"]), force
        assert r["rank_from_bottom"] == 6 - rank, force
        if rank_ex is None:
            assert pd.isna(r["rank_excl_city"])
        else:
            assert r["rank_excl_city"] == rank_ex, force
            assert r["n_compared_excl_city"] == 4, force


def test_ranks_2018_19_all_drugs(made_up):
    # Rates: City 30/10,000*1e6 = 3,000, Kent 1,800/2M*1e6 = 900, Sussex 1,000/1.25M*1e6 = 800,
    # Essex 500/1M*1e6 = 500.
    assert row(made_up, "2018-19", "city-of-london", "all-drugs")["rank"] == 1
    kent = row(made_up, "2018-19", "kent", "all-drugs")
    sussex = row(made_up, "2018-19", "sussex", "all-drugs")
    assert (kent["rank"], kent["rank_excl_city"]) == (2, 1)
    assert (sussex["rank"], sussex["rank_excl_city"]) == (3, 2)
    assert sussex["rank_from_bottom"] == 2
    assert row(made_up, "2018-19", "essex", "all-drugs")["rank_from_bottom"] == 1
    assert not bool(kent["tied"]) and not bool(sussex["tied"])


def test_ranks_are_per_year_and_drug(made_up):
    frame = made_up.force_year
    ranked = frame[frame["rank"].notna()]
    for (_, _), group in ranked.groupby(["year", "drug"]):
        assert group["rank"].min() == 1
        assert (group["n_compared"] == len(group)).all()


# --- shares ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "force", "drug", "expected"),
    [
        # Sussex 2018-19: known = 1,000 - 200 unknown = 800
        ("2018-19", "sussex", "cocaine", 250 / 800),  # 0.3125
        ("2018-19", "sussex", "cannabis", 600 / 800),  # 0.75
        ("2018-19", "sussex", "all-drugs", 1000 / 800),  # the total over the known
        # Kent 2018-19: no unknowns, known = 1,800
        ("2018-19", "kent", "cocaine", 400 / 1800),
        # BTP has shares though it has no rate: known = 100 - 10 = 90
        ("2018-19", BTP, "cannabis", 70 / 90),
        # A zero is a share of zero
        ("2017-18", "sussex", "cocaine", 0.0),
    ],
)
def test_shares_of_known_type(made_up, year, force, drug, expected):
    assert row(made_up, year, force, drug)["share"] == pytest.approx(expected)


def test_shares_missing_where_unknown_or_total_missing(made_up):
    # BTP 2017-18: unknown not published, so the known-type total cannot be worked out.
    assert pd.isna(row(made_up, "2017-18", BTP, "cocaine")["share"])
    assert pd.isna(row(made_up, "2018-19", "surrey", "cocaine")["share"])


# --- changes ---------------------------------------------------------------


def test_changes(made_up):
    kent = row(made_up, "2018-19", "kent", "cocaine")
    assert kent["previous"] == 300
    assert kent["change"] == 100  # 400 - 300
    assert kent["change_pct"] == pytest.approx(100 / 300 * 100)  # 33.3
    assert kent["previous_rate"] == pytest.approx(150.0)

    sussex = row(made_up, "2018-19", "sussex", "cocaine")
    assert sussex["change"] == 250  # 250 - 0
    assert pd.isna(sussex["change_pct"])  # no percentage change on zero

    first = row(made_up, "2017-18", "sussex", "cocaine")
    assert pd.isna(first["previous"]) and pd.isna(first["change"]) and pd.isna(first["change_pct"])

    surrey = row(made_up, "2018-19", "surrey", "cocaine")
    assert pd.isna(surrey["change"]) and pd.isna(surrey["change_pct"])


def test_change_after_an_unpublished_year_is_missing_not_skipped():
    frame = pd.DataFrame(
        {
            "year": ["2016-17", "2017-18", "2018-19"],
            "force": ["surrey"] * 3,
            "drug": ["cocaine"] * 3,
            "seizures": pd.array([40, NA, 60], dtype="Int64"),
            "rate": pd.array([80.0, NA, 120.0], dtype="Float64"),
        }
    )
    out = stats.changes(frame).set_index("year")
    # 2018-19 follows 2017-18, which was not published: no change, not 60 - 40.
    assert pd.isna(out.loc["2018-19", "previous"])
    assert pd.isna(out.loc["2018-19", "change"])
    assert pd.isna(out.loc["2018-19", "change_pct"])
    # The series still starts at the first published figure.
    assert out.loc["2018-19", "first_year"] == "2016-17"
    assert out.loc["2018-19", "first"] == 40


# --- England and Wales, and the forces added up ----------------------------


def test_national_rate_is_territorial_police_over_england_and_wales(made_up):
    national = made_up.national.set_index(["year", "drug"])
    # 2,900 territorial (3,000 police - 100 BTP) / 40,000,000 (mid-2018) * 1e6 = 72.5
    assert national.loc[("2018-19", "all-drugs"), "population"] == 40_000_000
    assert national.loc[("2018-19", "all-drugs"), "rate"] == pytest.approx(72.5)
    # 3,980 / 50,000,000 * 1e6 = 79.6
    assert national.loc[("2017-18", "all-drugs"), "rate"] == pytest.approx(79.6)
    # Border Force not published -> no territorial figure -> no rate.
    assert pd.isna(national.loc[("2018-19", "cocaine"), "rate"])


def test_forces_together_adds_up_only_compared_forces(made_up):
    together = made_up.together.set_index(["year", "drug"])
    cocaine = together.loc[("2018-19", "cocaine")]
    # Sussex 250 + Kent 400 + Essex 100 + City 5; not Surrey (unpublished), not BTP (20).
    assert cocaine["seizures"] == 755
    assert cocaine["population"] == 1_250_000 + 2_000_000 + 1_000_000 + 10_000
    assert cocaine["forces"] == 4
    assert cocaine["rate"] == pytest.approx(755 / 4_260_000 * 1e6)  # 177.23
    # 2017-18: all five territorial forces; 0 + 300 + 50 + 10 + 4 over 4.51 million.
    earlier = together.loc[("2017-18", "cocaine")]
    assert (earlier["seizures"], earlier["forces"]) == (364, 5)
    assert earlier["rate"] == pytest.approx(364 / 4_510_000 * 1e6)


def test_years_and_latest(made_up):
    assert made_up.years == ["2017-18", "2018-19"]
    assert made_up.latest == "2018-19"


# --- the committed tables ----------------------------------------------------


@pytest.fixture(scope=shared_but_not_under_mutmut)
def raw_csv() -> dict[str, pd.DataFrame]:
    read = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}
    return {
        "seizures": pd.read_csv(DATA / "seizures.csv", **read),
        "population": pd.read_csv(DATA / "population.csv", **read),
    }


def test_real_sussex_cocaine_2018_19(real, raw_csv):
    seizures, population = raw_csv["seizures"], raw_csv["population"]
    published = seizures[
        (seizures["year"] == "2018-19")
        & (seizures["force"] == "sussex")
        & (seizures["drug"] == "cocaine")
    ]["seizures"].item()
    mid_2018 = population[(population["area"] == "sussex") & (population["year"] == "2018")][
        "population"
    ].item()
    assert published == 1204
    r = row(real, "2018-19", "sussex", "cocaine")
    assert r["seizures"] == 1204
    assert r["population"] == mid_2018
    # 1,204 / 1,703,837 * 1e6 = 706.64
    assert r["rate"] == pytest.approx(1204 / mid_2018 * 1e6)
    assert r["rate"] == pytest.approx(706.6, abs=0.05)
    assert r["rank_excl_city"] == 1
    assert r["n_compared_excl_city"] == 38
    assert r["rank"] == 2  # the City is above
    assert not bool(r["tied"])


def test_real_city_of_london_cocaine_2018_19(real):
    r = row(real, "2018-19", "city-of-london", "cocaine")
    assert r["rank"] == 1
    assert r["n_compared"] == 39  # every English territorial force
    assert pd.isna(r["rank_excl_city"])
    assert r["rate"] == pytest.approx(103 / 8706 * 1e6)  # 11,830.9


def test_real_england_and_wales_2018_19(real):
    n = real.national.set_index(["year", "drug"]).loc[("2018-19", "all-drugs")]
    assert n["police"] == 144_198
    assert n["british_transport_police"] == 438
    assert n["territorial_police"] == 143_760  # 144,198 - 438
    assert n["rate"] == pytest.approx(143_760 / n["population"] * 1e6)


def test_real_no_national_agency_is_ranked(real):
    frame = real.force_year
    agencies = frame[frame["force"].isin([BTP, "border-force"])]
    assert not agencies["compared"].any()
    assert agencies["rate"].isna().all()
    assert agencies["rank"].isna().all()
