"""Issue 19: the national figures' sentences and reconciliation, pinned case by case.

Expected figures come from data/england_and_wales.csv or from small tables made here;
sentences are checked against the exact text a reader sees.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scopes import shared_but_not_under_mutmut

from build_data.analysis import national

DATA = Path(__file__).resolve().parents[2] / "data"
READ = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}


@pytest.fixture(scope=shared_but_not_under_mutmut)
def ew() -> pd.DataFrame:
    return pd.read_csv(DATA / "england_and_wales.csv", **READ)


def territorial(ew: pd.DataFrame, year: str, drug: str = "all-drugs") -> int:
    row = ew[(ew["year"] == year) & (ew["drug"] == drug)]
    return int(row["territorial_police"].item())


def made(figures: dict[str, int | None], drug: str = "all-drugs") -> pd.DataFrame:
    """A national table with only the territorial forces' figures, one per year."""
    return pd.DataFrame(
        {
            "year": list(figures),
            "drug": drug,
            "territorial_police": pd.array(list(figures.values()), dtype="Int64"),
        }
    )


# --- change_sentences on the committed data ----------------------------------------------


def test_change_sentences_on_the_committed_data(real, ew):
    years = sorted(ew["year"].unique())
    now, before, first = (territorial(ew, y) for y in ("2016-17", "2015-16", years[0]))
    assert now < before and now < first  # what the sentence below says, read from the table
    assert national.change_sentences(real.national, years, "2016-17") == [
        f"The territorial police forces made {now:,} drug seizures in 2016-17, including "
        f"estimated figures, {before - now:,} fewer than the {before:,} in 2015-16.",
        f"Over the whole series, their drug seizures fell from {first:,} in {years[0]} to "
        f"{now:,} in 2016-17.",
    ]
    now, before = territorial(ew, "2015-16"), territorial(ew, "2014-15")
    assert national.change_sentences(real.national, years, "2015-16")[0] == (
        f"The territorial police forces made {now:,} drug seizures in 2015-16, "
        f"{before - now:,} fewer than the {before:,} in 2014-15, including estimated figures."
    )
    assert national.change_sentences(real.national, years, years[0]) == []


def test_change_sentences_for_a_drug_on_the_committed_data(real, ew):
    years = sorted(ew["year"].unique())
    now, before = territorial(ew, "2018-19", "cocaine"), territorial(ew, "2017-18", "cocaine")
    first = territorial(ew, years[0], "cocaine")
    more = "more" if now > before else "fewer"
    verb = "rose" if now > first else "fell"
    assert now not in (before, first)
    assert national.change_sentences(real.national, years, "2018-19", "cocaine") == [
        f"The territorial police forces made {now:,} seizures of cocaine in 2018-19, "
        f"{abs(now - before):,} {more} than the {before:,} in 2017-18.",
        f"Over the whole series, their seizures of cocaine {verb} from {first:,} in "
        f"{years[0]} to {now:,} in 2018-19.",
    ]


# --- change_sentences on hand-made tables --------------------------------------------------


YEARS = ["2014-15", "2015-16", "2016-17", "2017-18"]


def test_change_sentences_rise():
    years = ["2013-14", "2014-15", "2015-16", "2016-17"]
    table = made(dict(zip(years, [1000, 900, 1200, 1500], strict=True)))
    assert national.change_sentences(table, years, "2016-17") == [
        "The territorial police forces made 1,500 drug seizures in 2016-17, including "
        "estimated figures, 300 more than the 1,200 in 2015-16.",
        "Over the whole series, their drug seizures rose from 1,000 in 2013-14 to 1,500 in "
        "2016-17.",
    ]
    # The third year is the first with both sentences.
    assert national.change_sentences(table, years, "2015-16")[1] == (
        "Over the whole series, their drug seizures rose from 1,000 in 2013-14 to 1,200 in 2015-16."
    )
    # The second year: no series sentence (the year before is the first year).
    assert national.change_sentences(table, years, "2014-15") == [
        "The territorial police forces made 900 drug seizures in 2014-15, including "
        "estimated figures, 100 fewer than the 1,000 in 2013-14."
    ]


def test_change_sentences_same_number_and_back_to_the_first():
    table = made({"2014-15": 800, "2015-16": 900, "2016-17": 800, "2017-18": 800}, "cannabis")
    assert national.change_sentences(table, YEARS, "2017-18", "cannabis") == [
        "The territorial police forces made 800 seizures of cannabis in 2017-18, the same "
        "number as in 2016-17."
    ]
    # Back to the first year's figure: no series sentence either.
    assert national.change_sentences(table, YEARS, "2016-17", "cannabis") == [
        "The territorial police forces made 800 seizures of cannabis in 2016-17, including "
        "estimated figures, 100 fewer than the 900 in 2015-16."
    ]
    # Another drug's rows are not read.
    assert national.change_sentences(table, YEARS, "2017-18") == []


def test_a_series_from_an_estimated_year_closes_the_estimate_with_a_comma():
    table = made({"2014-15": 1000, "2015-16": 900, "2016-17": 800, "2017-18": 700})
    assert national.change_sentences(table, YEARS, "2017-18")[1] == (
        "Over the whole series, their drug seizures fell from 1,000 in 2014-15, including "
        "estimated figures, to 700 in 2017-18."
    )


def test_change_sentences_missing_figures():
    table = made({"2014-15": None, "2015-16": 900, "2016-17": None, "2017-18": 700})
    assert national.change_sentences(table, YEARS, "2016-17") == []
    assert national.change_sentences(table, YEARS, "2017-18") == []
    # The first year missing: the change on the year before, no series sentence.
    table = made({"2014-15": None, "2015-16": 900, "2016-17": 1000, "2017-18": 700})
    assert national.change_sentences(table, YEARS, "2017-18") == [
        "The territorial police forces made 700 drug seizures in 2017-18, 300 fewer than "
        "the 1,000 in 2016-17, including estimated figures."
    ]


# --- headline_sentences ---------------------------------------------------------------------


def test_headline_when_british_transport_police_made_none(real, ew):
    rows = ew[
        (ew["british_transport_police"] == 0)
        & ew["police"].notna()
        & ew["territorial_police"].notna()
        & ew["total"].notna()
    ]
    assert not rows.empty
    row = rows.iloc[0]
    sentences = national.headline_sentences(real.national, row["year"], row["drug"])
    assert len(sentences) == 3
    assert sentences[-1] == (
        "British Transport Police made none, so the two police figures are the same."
    )


# --- reconciliation -------------------------------------------------------------------------


def hand_made(with_names: bool, with_codes: bool):
    forces = pd.DataFrame(
        {
            "force": ["kent", "dyfed-powys", "sussex", "essex", "btp"],
            "code": ["E23000032", "W15000004", "E23000033", "E23000026", "E23000001"],
            "name": ["Kent", "Dyfed-Powys", "Sussex", "Essex", "British Transport Police"],
            "kind": ["territorial", "territorial", "territorial", "territorial", "other"],
        }
    )
    if not with_names:
        forces = forces.drop(columns="name")
    if not with_codes:
        forces = forces.drop(columns="code")
    ew = pd.DataFrame(
        {
            "year": ["2014-15", "2015-16"],
            "drug": "all-drugs",
            "total": [1300, 1400],
            "border_force": [100, 100],
            "police": [1200, 1300],
            "british_transport_police": [50, 60],
            "territorial_police": pd.array([1150, None], dtype="Int64"),
        }
    )
    seizures = pd.DataFrame(
        {
            "year": ["2014-15"] * 4 + ["2015-16"] * 4,
            "force": ["kent", "sussex", "essex", "dyfed-powys"] * 2,
            "drug": "all-drugs",
            "seizures": pd.array([400, 300, None, 90, 500, 350, 200, 80], dtype="Int64"),
        }
    )
    return ew, seizures, forces


def test_reconciliation_on_a_hand_made_table():
    table = national.reconciliation(*hand_made(with_names=True, with_codes=True))
    first, second = table.iloc[0], table.iloc[1]
    # English territorial forces only: Dyfed-Powys (W code) and BTP (not territorial) left out.
    assert (first["english_forces"], first["english_forces_supplied"]) == (700, 2)
    assert first["english_forces_missing"] == "Essex"
    assert first["remainder"] == 1150 - 700 and bool(first["estimated"])
    assert (second["english_forces"], second["english_forces_supplied"]) == (1050, 3)
    assert second["english_forces_missing"] == "" and pd.isna(second["remainder"])
    assert not bool(second["estimated"])
    assert str(table["english_forces"].dtype) == "Int64"
    assert str(table["remainder"].dtype) == "Int64"


def test_reconciliation_without_names_or_codes():
    table = national.reconciliation(*hand_made(with_names=False, with_codes=True))
    assert table.iloc[0]["english_forces_missing"] == "essex"
    # Without codes every territorial force counts, Dyfed-Powys included.
    table = national.reconciliation(*hand_made(with_names=True, with_codes=False))
    assert (table.iloc[0]["english_forces"], table.iloc[0]["english_forces_supplied"]) == (790, 3)
    assert table.iloc[0]["remainder"] == 1150 - 790
