"""build_data.analysis.breaks pinned: each rule at its boundary, and every sentence word for word.

The hand-made tables put a figure exactly on each threshold (a factor of exactly two,
a base of exactly ``MIN_BASE``, a share of exactly half the usual one), so moving a
threshold or turning ``<`` into ``<=`` changes an outcome asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from build_data.analysis import breaks

DATA = Path(__file__).resolve().parents[2] / "data"
NA = None
YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2017)]
NATIONAL = 10_000  # territorial police seizures of any drug, every year
# Kent: a rise of exactly twice from exactly MIN_BASE (a break); a fall from 600 to 301
# (not quite half); a fall to 150 (below MIN_BASE); no figure for 2014-15, so 2015-16
# has nothing to compare with; then a fall from 1,000 to 499 (just under half).
KENT = [300, 600, 301, 150, None, 1000, 499]
# Surrey, below MIN_BASE throughout: three years at a share of 0.02, then 0.0099 (low),
# 0.01 (exactly half: not low), 0.018, and 0.009 (below half the median 0.019, not below
# half the mean 0.0163).
SURREY = [200, 200, 200, 99, 100, 180, 90]


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    for force, figures in (("kent", KENT), ("surrey", SURREY)):
        for year, figure in zip(YEARS, figures, strict=True):
            if figure is not None:
                rows.append({"year": year, "force": force, "drug": "all-drugs", "seizures": figure})
                # A drug's figure that would be a break if it were read as the total.
                cocaine = 10 if year < "2013-14" else 5000
                rows.append({"year": year, "force": force, "drug": "cocaine", "seizures": cocaine})
    national = pd.DataFrame(
        [{"year": y, "drug": "all-drugs", "territorial_police": NATIONAL} for y in YEARS]
        + [{"year": y, "drug": "cocaine", "territorial_police": 1} for y in YEARS]
    )
    return pd.DataFrame(rows), national


def test_breaks_on_a_hand_made_table() -> None:
    table = breaks.breaks(*_tables())
    assert list(table.columns) == breaks.COLUMNS
    assert list(table.index) == list(range(5))
    assert table[["force", "year", "kind"]].values.tolist() == [
        ["kent", "2011-12", "rise"],
        ["kent", "2013-14", "low"],  # 150 / 10,000 against a median of 301 / 10,000
        ["kent", "2016-17", "fall"],
        ["surrey", "2013-14", "low"],
        ["surrey", "2016-17", "low"],
    ]
    steps = table[table["kind"] != "low"]
    assert steps["previous_year"].tolist() == ["2010-11", "2015-16"]
    assert steps["previous"].tolist() == [300, 1000]
    assert steps["seizures"].tolist() == [600, 499]
    assert str(table["previous"].dtype) == "Int64"
    assert str(table["seizures"].dtype) == "Int64"
    low = table[table["kind"] == "low"]
    assert low["seizures"].tolist() == [150, 99, 90]
    assert low["share"].tolist() == pytest.approx([150 / NATIONAL, 99 / NATIONAL, 90 / NATIONAL])
    assert low["usual_share"].tolist() == pytest.approx(
        [301 / NATIONAL, 200 / NATIONAL, 190 / NATIONAL]
    )
    assert low["previous"].isna().all() and low["previous_year"].isna().all()
    assert steps["share"].isna().all() and steps["usual_share"].isna().all()


def test_a_low_year_needs_three_earlier_years() -> None:
    seizures, national = _tables()
    # Surrey's fourth year is low against three earlier ones; with only two it is not judged
    # (and no later year is below half the median of those before it).
    later = seizures[(seizures["force"] == "surrey") & (seizures["year"] > "2010-11")]
    assert breaks.breaks(later, national).empty
    assert len(breaks.breaks(seizures[seizures["force"] == "surrey"], national)) == 2


def test_an_unpublished_year_is_never_skipped_over() -> None:
    # A row with no figure for 2013-14: 1,000 in 2012-13 and 400 in 2014-15 are not
    # consecutive years, so they are not a fall.
    seizures = pd.DataFrame(
        {
            "year": ["2012-13", "2013-14", "2014-15"],
            "force": ["kent"] * 3,
            "drug": ["all-drugs"] * 3,
            "seizures": pd.array([1000, NA, 400], dtype="Int64"),
        }
    )
    assert breaks.breaks(seizures, _tables()[1]).empty


def test_thames_valley_2016_17_is_a_fall_in_the_published_tables() -> None:
    seizures = pd.read_csv(DATA / "seizures.csv")
    national = pd.read_csv(DATA / "england_and_wales.csv")
    table = breaks.breaks(seizures, national)
    total = seizures[(seizures["force"] == "thames-valley") & (seizures["drug"] == "all-drugs")]
    figure = total.set_index("year")["seizures"]
    row = table[
        (table["force"] == "thames-valley")
        & (table["year"] == "2016-17")
        & (table["kind"] != "low")
    ]
    assert row[["kind", "previous_year", "previous", "seizures"]].values.tolist() == [
        ["fall", "2015-16", figure["2015-16"], figure["2016-17"]]
    ]
    assert figure["2015-16"] >= 2 * figure["2016-17"]
    assert breaks.flagged(table) == set(zip(table["force"], table["year"], strict=True))
    assert ("thames-valley", "2016-17") in breaks.flagged(table)


def test_empty_and_flagged() -> None:
    empty = breaks.empty()
    assert list(empty.columns) == breaks.COLUMNS and empty.empty
    assert breaks.flagged(empty) == set()
    table = breaks.breaks(*_tables())
    assert breaks.flagged(table) == {
        ("kent", "2011-12"),
        ("kent", "2013-14"),
        ("kent", "2016-17"),
        ("surrey", "2013-14"),
        ("surrey", "2016-17"),
    }


def _rows(*rows: tuple) -> pd.DataFrame:
    """Rows of force, year, kind, previous_year, previous, seizures, share, usual_share."""
    frame = pd.DataFrame(list(rows), columns=breaks.COLUMNS)
    frame["previous"] = frame["previous"].astype("Int64")
    frame["seizures"] = frame["seizures"].astype("Int64")
    return frame


NOTE_TABLE = _rows(
    ("kent", "2011-12", "fall", "2010-11", 4405, 917, NA, NA),
    ("kent", "2013-14", "fall", "2012-13", 917, 300, NA, NA),
    ("kent", "2015-16", "rise", "2014-15", 300, 1000, NA, NA),
    ("kent", "2017-18", "low", NA, NA, 450, 0.045, 0.1),
    ("kent", "2019-20", "low", NA, NA, 1200, 0.012, 0.03),
    ("surrey", "2012-13", "rise", "2011-12", 400, 12946, NA, NA),
    ("essex", "2014-15", "low", NA, NA, 2000, 0.25, 0.6),
)
FIRST = "Figures on either side of a break are not a like-for-like trend. "


def test_break_note_with_steps_and_lows() -> None:
    assert breaks.break_note(NOTE_TABLE, "kent") == [
        "Seizures of any drug recorded by Kent fell from 4,405 in 2010-11 to 917 in 2011-12, "
        "from 917 in 2012-13 to 300 in 2013-14 and rose from 300 in 2014-15 to 1,000 in "
        "2015-16, each a break in the series.",
        "Kent's share of all seizures by territorial police forces in England and Wales was "
        "less than half its usual share in earlier years in 2017-18 (450 seizures, 4.5 per "
        "cent against a usual 10.0 per cent) and 2019-20 (1,200 seizures, 1.2 per cent "
        "against a usual 3.0 per cent).",
        FIRST + breaks.HOME_OFFICE_CAVEAT,
    ]


def test_break_note_with_one_step_or_only_a_low() -> None:
    assert breaks.break_note(NOTE_TABLE, "surrey") == [
        "Seizures of any drug recorded by Surrey rose from 400 in 2011-12 to 12,946 in "
        "2012-13, a break in the series.",
        FIRST + breaks.HOME_OFFICE_CAVEAT,
    ]
    assert breaks.break_note(NOTE_TABLE, "essex") == [
        "Essex's share of all seizures by territorial police forces in England and Wales was "
        "less than half its usual share in earlier years in 2014-15 (2,000 seizures, 25.0 per "
        "cent against a usual 60.0 per cent).",
        FIRST + breaks.HOME_OFFICE_CAVEAT,
    ]
    assert breaks.break_note(NOTE_TABLE, "sussex") == []
    assert breaks.HOME_OFFICE_CAVEAT.startswith("The Home Office says the number of seizures")


def test_first_break_and_step_years() -> None:
    table = NOTE_TABLE
    assert breaks.first_break(table, "kent", "2011-12", "2019-20") == "2013-14"
    assert breaks.first_break(table, "kent", "2010-11", "2011-12") == "2011-12"
    assert breaks.first_break(table, "kent", "2011-12", "2012-13") is None
    assert breaks.first_break(table, "kent", "2015-16", "2019-20") == "2017-18"
    assert breaks.first_break(table, "kent", "2015-16", "2019-20", ("fall", "rise")) is None
    assert breaks.first_break(table, "kent", "2012-13", "2019-20", ("rise",)) == "2015-16"
    assert breaks.first_break(table, "surrey", "2009-10", "2019-20") == "2012-13"
    assert breaks.step_years(table, "kent", "2010-11", "2019-20") == [
        "2011-12",
        "2013-14",
        "2015-16",
    ]
    assert breaks.step_years(table, "kent", "2011-12", "2015-16") == ["2013-14", "2015-16"]
    assert breaks.step_years(table, "kent", "2015-16", "2019-20") == []
    assert breaks.step_years(table, "essex", "2009-10", "2019-20") == []
    assert breaks.step_years(table, "surrey", "2009-10", "2019-20") == ["2012-13"]


def test_left_out() -> None:
    assert breaks.left_out([], "the ranking") == ""
    assert breaks.left_out([("kent", "2016-17")], "the ranking") == (
        "Kent (its figure for 2016-17 is a break in the series) is left out of the ranking: "
        "figures either side of a break are not a trend."
    )
    assert breaks.left_out([("kent", "2016-17"), ("surrey", "2012-13")], "the list") == (
        "Kent (its figure for 2016-17 is a break in the series) and Surrey (its figure for "
        "2012-13 is a break in the series) are left out of the list: figures either side of "
        "a break are not a trend."
    )


MARK_TABLE = _rows(
    ("kent", "2010-11", "low", NA, NA, 1, 0.1, 0.3),  # first of a run: marked
    ("kent", "2011-12", "low", NA, NA, 1, 0.1, 0.3),  # run goes on: not marked
    ("kent", "2013-14", "fall", "2012-13", 900, 300, NA, NA),  # a step: marked
    ("kent", "2013-14", "low", NA, NA, 300, 0.1, 0.3),  # same year as the step
    ("kent", "2014-15", "low", NA, NA, 300, 0.1, 0.3),  # the year after a step: not marked
    ("kent", "2016-17", "low", NA, NA, 300, 0.1, 0.3),  # two years after the step: marked
    ("kent", "2018-19", "low", NA, NA, 300, 0.1, 0.3),  # a new run, before a step: marked
    ("kent", "2019-20", "rise", "2018-19", 300, 900, NA, NA),  # a step: marked
    ("kent", "2020-21", "low", NA, NA, 300, 0.1, 0.3),  # after the step: not marked
    ("surrey", "2012-13", "low", NA, NA, 300, 0.1, 0.3),  # another force's
    ("surrey", "2015-16", "rise", "2014-15", 300, 900, NA, NA),
    ("surrey", "2018-19", "fall", "2017-18", 900, 300, NA, NA),  # a fall alone: marked
)


def test_marked_years() -> None:
    assert breaks.marked_years(MARK_TABLE, "kent") == [
        "2010-11",
        "2013-14",
        "2016-17",
        "2018-19",
        "2019-20",
    ]
    assert breaks.marked_years(MARK_TABLE, "surrey") == ["2012-13", "2015-16", "2018-19"]
    assert breaks.marked_years(MARK_TABLE, "essex") == []
    only_lows = MARK_TABLE[MARK_TABLE["kind"] == "low"]
    assert breaks.marked_years(only_lows, "kent") == [
        "2010-11",
        "2013-14",
        "2016-17",
        "2018-19",
        "2020-21",
    ]
