"""build_data.analysis.stats pinned: each function on a hand-made table, at its edges."""

from __future__ import annotations

import pandas as pd
import pytest

from build_data.analysis import stats

NA = pd.NA
FORCES = pd.DataFrame(
    {
        "force": ["kent", "surrey", "essex", "city-of-london", "british-transport-police"],
        "kind": ["territorial"] * 4 + ["british-transport-police"],
    }
)
POPULATION = pd.DataFrame(
    {
        "area": ["kent", "kent", "surrey", "essex", "city-of-london", "england-and-wales"],
        "year": [2017, 2018, 2018, 2018, 2018, 2018],
        "population": pd.array([1_000_000, 2_000_000, 500_000, 500_000, 10_000, 50_000_000]),
    }
).astype({"population": "Int64"})


def _seizures(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["year", "force", "drug", "seizures"])
    frame["seizures"] = frame["seizures"].astype("Int64")
    return frame


def test_with_population_takes_the_start_year_by_force() -> None:
    seizures = _seizures(
        [("2018-19", "kent", "all-drugs", 10), ("2017-18", "kent", "all-drugs", 5)]
        + [("2018-19", "surrey", "all-drugs", 7), ("2019-20", "kent", "all-drugs", 1)]
    )
    merged = stats.with_population(seizures, POPULATION)
    assert list(merged.columns) == ["year", "force", "drug", "seizures", "population"]
    assert merged["population"].tolist()[:3] == [2_000_000, 1_000_000, 500_000]
    assert merged["population"].isna().tolist() == [False, False, False, True]


def _rated() -> pd.DataFrame:
    seizures = _seizures(
        [
            ("2018-19", "kent", "all-drugs", 200),
            ("2018-19", "surrey", "all-drugs", 50),
            ("2018-19", "essex", "all-drugs", 50),
            ("2018-19", "city-of-london", "all-drugs", 5),
            ("2018-19", "british-transport-police", "all-drugs", 9),
            ("2018-19", "kent", "unknown", NA),
        ]
    )
    return stats.rates(stats.with_population(seizures, POPULATION), FORCES)


def test_rates_are_missing_not_nan_where_a_figure_is_missing() -> None:
    frame = _rated()
    assert str(frame["rate"].dtype) == "Float64"
    # kent 200 / 2,000,000 * 1,000,000; surrey and essex 50 / 500,000; the City 5 / 10,000.
    assert frame["rate"].tolist()[:4] == [100.0, 100.0, 100.0, 500.0]
    assert frame["rate"].isna().tolist()[4:] == [True, True]
    assert frame["rate"].notna().sum() == 4
    assert frame["compared"].tolist() == [True] * 4 + [False, False]


def test_ranks_share_the_better_rank_and_are_whole_numbers() -> None:
    frame = stats.ranks(_rated())
    compared = frame[frame["compared"]].set_index("force")
    # The City 500, then kent, surrey and essex tied on 100.
    assert compared["rank"].to_dict() == {"kent": 2, "surrey": 2, "essex": 2, "city-of-london": 1}
    assert compared["rank_excl_city"].drop("city-of-london").to_dict() == {
        "kent": 1,
        "surrey": 1,
        "essex": 1,
    }
    assert pd.isna(compared.loc["city-of-london", "rank_excl_city"])
    assert compared["rank_from_bottom"].to_dict() == {
        "kent": 1,
        "surrey": 1,
        "essex": 1,
        "city-of-london": 4,
    }
    assert compared["n_compared_excl_city"].drop("city-of-london").tolist() == [3, 3, 3]
    for column in ("rank", "rank_excl_city", "n_compared", "n_compared_excl_city"):
        assert str(frame[column].dtype) == "Int64", column
    assert str(frame["rank_from_bottom"].dtype) == "Int64"
    assert frame["rank"].isna().tolist()[4:] == [True, True]
    assert compared["tied"].tolist() == [True, True, True, False]


def test_shares_of_the_known_type() -> None:
    frame = _seizures(
        [
            ("2018-19", "kent", "all-drugs", 200),
            ("2018-19", "kent", "cocaine", 50),
            ("2018-19", "surrey", "all-drugs", 1),
            ("2018-19", "surrey", "cocaine", 1),
            ("2018-19", "essex", "all-drugs", 0),
            ("2018-19", "essex", "cocaine", 0),
        ]
    )
    frame.index = range(10, 16)
    share = stats.shares(frame)
    assert list(share.index) == list(range(10, 16))
    # No "unknown" figure at all: no share, rather than a share of all seizures.
    assert share.isna().all()
    unknown = _seizures(
        [
            ("2018-19", "kent", "all-drugs", 200),
            ("2018-19", "kent", "cocaine", 50),
            ("2018-19", "kent", "unknown", 100),
            ("2018-19", "surrey", "all-drugs", 30),
            ("2018-19", "surrey", "cocaine", 10),
            ("2018-19", "surrey", "unknown", 30),
        ]
    )
    share = stats.shares(unknown)
    assert share.tolist()[:3] == [2.0, 0.5, 1.0]
    assert share.iloc[3:].isna().all()  # every seizure of unknown type: no share
    # A blank "unknown" cell (Border Force, 2018-19): that force has no shares; others keep theirs.
    blank = _seizures(
        [
            ("2018-19", "kent", "all-drugs", 200),
            ("2018-19", "kent", "cocaine", 50),
            ("2018-19", "kent", "unknown", None),
            ("2018-19", "surrey", "all-drugs", 30),
            ("2018-19", "surrey", "cocaine", 10),
            ("2018-19", "surrey", "unknown", 10),
        ]
    )
    share = stats.shares(blank)
    assert share.iloc[:3].isna().all()
    assert share.iloc[3:].tolist() == [1.5, 0.5, 0.5]
    # One seizure of known type is a share like any other.
    one = _seizures(
        [
            ("2018-19", "kent", "all-drugs", 3),
            ("2018-19", "kent", "cocaine", 1),
            ("2018-19", "kent", "unknown", 2),
        ]
    )
    assert stats.shares(one).tolist() == [3.0, 1.0, 2.0]


def _england_and_wales() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "year": ["2018-19", "2019-20", "2018-19"],
            "drug": ["all-drugs", "all-drugs", "cocaine"],
            "territorial_police": [5_000, 4_000, NA],
        }
    )
    return frame.astype({"territorial_police": "Int64"})


def test_national_rate_keeps_a_year_without_population() -> None:
    frame = stats.national(_england_and_wales(), POPULATION)
    assert frame["year"].tolist() == ["2018-19", "2019-20", "2018-19"]
    assert str(frame["rate"].dtype) == "Float64"
    # 5,000 over the 2018 England and Wales population of 50,000,000, per million.
    assert frame["rate"].iloc[0] == 5_000 / 50_000_000 * 1_000_000
    assert frame["rate"].isna().tolist() == [False, True, True]
    assert frame["population"].isna().tolist() == [False, True, False]


def test_forces_together_adds_up_compared_forces() -> None:
    frame = stats.ranks(_rated())
    together = stats.forces_together(frame)
    assert list(together.columns) == ["year", "drug", "seizures", "population", "forces", "rate"]
    compared = frame[frame["compared"]]
    assert together[["year", "drug"]].values.tolist() == [["2018-19", "all-drugs"]]
    assert together["seizures"].tolist() == [compared["seizures"].sum()]
    assert together["forces"].tolist() == [4]
    expected = compared["seizures"].sum() / compared["population"].sum() * stats.PER
    assert together["rate"].tolist() == pytest.approx([expected])
    assert str(together["rate"].dtype) == "Float64"


def test_changes_on_the_year_before_only() -> None:
    frame = _seizures(
        [
            ("2016-17", "kent", "cocaine", NA),
            ("2017-18", "kent", "cocaine", 100),
            ("2018-19", "kent", "cocaine", 150),
            ("2019-20", "kent", "cocaine", NA),
            ("2020-21", "kent", "cocaine", 0),
            ("2021-22", "kent", "cocaine", 30),
            ("2017-18", "essex", "cocaine", 1),
            ("2018-19", "essex", "cocaine", 3),
        ]
    ).assign(rate=pd.array([NA, 1.0, 1.5, NA, 0.0, 0.3, 0.1, 0.3], dtype="Float64"))
    out = stats.changes(frame)
    assert out["change_pct"].iloc[2] == 50.0
    assert out["change"].iloc[2] == 50
    assert out["change_pct"].isna().tolist() == [True, True, False, True, True, True, True, False]
    assert out["change_pct"].iloc[7] == 200.0  # 1 to 3: a change on a previous figure of 1
    assert str(out["change_pct"].dtype) == "Float64"
    assert out["first_year"].tolist() == ["2017-18"] * 8
    assert out["first"].tolist() == [100] * 6 + [1, 1]
    assert out["previous_rate"].iloc[2] == 1.0


def test_unusual_mix_at_its_thresholds() -> None:
    forces = ["kent", "surrey", "essex", "sussex", "durham", "cleveland", "dorset"]
    cocaine = [0.05, 0.09, 0.1, 0.2, 0.3, 0.4, 0.5]  # median exactly COMMON_DRUG
    cannabis = [0.01, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]  # median below it: never flagged
    rows = [(f, "cocaine", s) for f, s in zip(forces, cocaine, strict=True)]
    rows += [(f, "cannabis", s) for f, s in zip(forces, cannabis, strict=True)]
    frame = pd.DataFrame(rows, columns=["force", "drug", "share"]).assign(
        year="2018-19", compared=True, kind="drug"
    )
    others = pd.DataFrame(
        [
            ("kent", "all-drugs", 0.0, "2018-19", True, "total"),
            ("devon", "cocaine", 0.0, "2018-19", False, "drug"),
            ("kent", "cocaine", 0.0, "2017-18", True, "drug"),
        ],
        columns=frame.columns,
    )
    out = stats.unusual_mix(pd.concat([others, frame], ignore_index=True), "2018-19")
    assert list(out.columns) == ["force", "drug", "share", "median_share", "others"]
    assert list(out.index) == [0, 1]
    assert out.values.tolist() == [
        ["kent", "cocaine", 0.05, 0.2, 1],
        ["surrey", "cocaine", 0.09, 0.2, 1],
    ]


def test_compute_keeps_the_quantities_tables() -> None:
    seizures = _seizures([("2018-19", "kent", "all-drugs", 200)])
    quantities = pd.DataFrame({"year": ["2018-19"], "force": ["kent"], "quantity": [1.5]})
    national = pd.DataFrame({"year": ["2018-19"], "drug": ["cocaine"], "total": [9.0]})
    tables = {
        "forces": FORCES,
        "seizures": seizures,
        "population": POPULATION,
        "england_and_wales": _england_and_wales(),
        "quantities": quantities,
        "england_and_wales_quantities": national,
    }
    result = stats.compute(tables)
    assert result.quantities.equals(quantities)
    assert result.national_quantities.equals(national)
    assert result.years == ["2018-19"]
    # Without the quantities tables the statistics still carry empty frames, not None.
    bare = stats.compute({k: v for k, v in tables.items() if "quantities" not in k})
    assert isinstance(bare.quantities, pd.DataFrame) and bare.quantities.empty
    assert isinstance(bare.national_quantities, pd.DataFrame) and bare.national_quantities.empty
