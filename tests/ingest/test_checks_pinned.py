"""The import checks, called directly on small hand-made tables: every boundary and message.

The figures here are inputs made up for the case; every expected number in a message is
derived from them (or from the guard's own RATIO and BASE), never typed in twice. The
full-import tests in test_import.py and test_population_and_guard.py show the same checks
on the real tables; these pin each comparison, each message and each record exactly.
"""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from build_data.ingest import validate
from build_data.ingest.force_tables import ParsedTable
from build_data.ingest.plausibility import BASE, RATIO, guard
from build_data.ingest.sources import SourceError
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG, FORCES

FILE = "/imports/2019-20/tables.xlsx"
SHEET = "Table 3"
FIRST_ROW = 7  # the spreadsheet row of the first force in a hand-made table
NO_DISAGREEMENTS = pd.DataFrame(
    columns=["year", "force", "check", "figure", "bound", "file", "row"]
)
NOTHING_KNOWN = pd.DataFrame(columns=["year", "force", "check"])
JUMP = f"seizures of any drug more than {RATIO} times, or less than a tenth of, the year before"
PARTS = "seizures of any drug above the sum of every drug column and 'unknown'"
NATIONAL = "a force's figure above England and Wales's"


def table(figures: dict[str, dict[str, float]], year: str = "2019-20") -> ParsedTable:
    """One force a row, from FIRST_ROW down; each drug in the column its label names."""
    records = [
        {"year": year, "force": force, "drug": drug, "value": value, "row": FIRST_ROW + i,
         "column": DRUG_BY_KEY[drug].label}
        for i, (force, drugs) in enumerate(figures.items())
        for drug, value in drugs.items()
    ]  # fmt: skip
    values = pd.DataFrame.from_records(records)
    return ParsedTable(FILE, year, values, pd.DataFrame(), {}, sheet=SHEET)


def row_of(parsed: ParsedTable, force: str) -> int:
    return int(parsed.values.loc[parsed.values["force"] == force, "row"].iloc[0])


def stop(parsed: ParsedTable, **kwargs) -> SourceError:
    args = {"disagreements": NO_DISAGREEMENTS, "previous": pd.Series(dtype=float),
            "national": {}, "known": NOTHING_KNOWN, **kwargs}  # fmt: skip
    with pytest.raises(SourceError) as caught:
        guard(parsed, **args)
    return caught.value


def passes(parsed: ParsedTable, **kwargs) -> list[dict]:
    args = {"disagreements": NO_DISAGREEMENTS, "previous": pd.Series(dtype=float),
            "national": {}, "known": NOTHING_KNOWN, **kwargs}  # fmt: skip
    return guard(parsed, **args)


def message(parsed, force, drug, value, problem, compared, more=0) -> str:
    name = f"{parsed.year}:{force}:{drug}"
    tail = f" ({more} more implausible figure(s) after this one)" if more else ""
    return (
        f"file {FILE}, sheet {SHEET!r}, row {row_of(parsed, force)}, column "
        f"{DRUG_BY_KEY[drug].label!r}, value {value!r}: implausible: {problem} (compared with "
        f"{compared}). If the publisher's release confirms it, import again with --accept "
        f"{name}{tail}"
    )


# ---- a force's total against the year before


def test_jumps_at_the_limits_are_let_in():
    # As read from data/seizures.csv: whole numbers, pd.NA where a force was not published.
    previous = pd.Series(
        {"kent": BASE, "surrey": BASE - 1, "essex": 3 * BASE, "sussex": None}, dtype="Int64"
    )
    parsed = table(
        {
            "dorset": {"all-drugs": 5},  # no figure the year before
            "surrey": {"all-drugs": (BASE - 1) * RATIO * 5},  # too few the year before to judge
            "sussex": {"all-drugs": 7},  # not published the year before
            "essex": {"all-drugs": RATIO * 3 * BASE},  # exactly RATIO times
            "kent": {"all-drugs": BASE / RATIO},  # exactly a RATIO-th
        }
    )
    assert passes(parsed, previous=previous) == []


def test_a_jump_after_a_force_passed_over_stops_and_counts_the_rest():
    previous = pd.Series({"kent": BASE, "essex": BASE})
    up, down = RATIO * BASE + 1, BASE / RATIO - 1
    parsed = table(
        {"dorset": {"all-drugs": 5}, "kent": {"all-drugs": up}, "essex": {"all-drugs": down}}
    )
    error = stop(parsed, previous=previous)
    compared = f"{BASE:,} the year before"
    assert str(error) == message(parsed, "kent", "all-drugs", up, JUMP, compared, more=1)
    assert (error.file, error.sheet, error.row, error.column, error.value) == (
        FILE, SHEET, row_of(parsed, "kent"), "All drugs", up,
    )  # fmt: skip
    only_essex = pd.Series({"essex": BASE})
    error = stop(parsed, previous=only_essex)
    assert str(error) == message(parsed, "essex", "all-drugs", int(down), JUMP, compared)


def test_an_accepted_figure_comes_back_as_a_record_naming_the_file_not_its_folder():
    previous = pd.Series({"kent": BASE})
    up = RATIO * BASE + 0.5  # not a whole number: shown as it is, not rounded
    parsed = table({"kent": {"all-drugs": up}})
    error = stop(parsed, previous=previous)
    assert error.value == up and f"value {up!r}" in str(error)  # a number, not np.float64(...)
    accepted = passes(parsed, previous=previous, accept=["2019-20:kent:all-drugs"])
    assert accepted == [
        {"name": "2019-20:kent:all-drugs", "problem": JUMP, "file": "tables.xlsx",
         "sheet": SHEET, "row": FIRST_ROW, "column": "All drugs", "value": up,
         "compared_with": f"{BASE:,} the year before"}
    ]  # fmt: skip


# ---- "all drugs" against the sum of every drug column


def test_all_drugs_above_the_sum_of_every_column_stops():
    kent = {"all-drugs": 0, "cocaine": 40, "heroin": 30, "unknown": 20, "class-a": 70}
    kent["all-drugs"] = kent["cocaine"] + kent["heroin"] + kent["unknown"] + 1
    parsed = table(
        {"surrey": {"all-drugs": 9, "cocaine": 9, "heroin": 0, "unknown": 0}, "kent": kent}
    )
    compared = f"{kent['all-drugs'] - 1:,}, the sum of 3 columns"
    error = stop(parsed)
    assert str(error) == message(parsed, "kent", "all-drugs", kent["all-drugs"], PARTS, compared)
    assert error.row == FIRST_ROW + 1


def test_all_drugs_is_not_judged_against_an_incomplete_or_absent_set_of_columns():
    gap = table({"kent": {"all-drugs": 1000, "cocaine": 40, "heroin": None, "unknown": 20}})
    assert passes(gap) == []
    no_total = table({"kent": {"cocaine": 40, "heroin": 30}})
    assert passes(no_total) == []
    no_parts = table({"kent": {"all-drugs": 1000, "class-a": 10}})
    assert passes(no_parts) == []
    unpublished_total = table({"kent": {"all-drugs": None, "cocaine": 40}})
    assert passes(unpublished_total) == []


# ---- a force against England and Wales


def test_a_force_above_england_and_wales_stops_with_the_national_figure():
    national = {"cocaine": 500.0, "heroin": float("nan")}
    parsed = table(
        {
            "surrey": {"cocaine": None, "heroin": 10_000, "lsd": 10_000},  # no national figure
            "essex": {"cocaine": national["cocaine"]},  # equal is not above
            "kent": {"cocaine": national["cocaine"] + 1},
        }
    )
    error = stop(parsed, national=national)
    compared = f"{int(national['cocaine']):,} for England and Wales"
    expected = message(parsed, "kent", "cocaine", int(national["cocaine"]) + 1, NATIONAL, compared)
    assert str(error) == expected
    assert passes(table({"essex": {"cocaine": national["cocaine"]}}), national=national) == []


# ---- a class total below its largest drug, unless already listed


def disagreement(force: str, check: str, figure: float, bound: float, row: int) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [{"year": "2019-20", "force": force, "check": check, "figure": figure, "bound": bound,
          "file": FILE, "row": row}]
    )  # fmt: skip


def test_a_class_total_below_its_largest_drug_stops_unless_listed():
    parsed = table({"surrey": {"class-a": 5}, "kent": {"cocaine": 1500, "class-a": 1200}})
    check = "class-a below its largest drug"
    found = disagreement("kent", check, 1200, 1500, row_of(parsed, "kent"))
    error = stop(parsed, disagreements=found)
    compared = f"{1500:,g}, its largest drug"
    assert str(error) == message(parsed, "kent", "class-a", 1200, check, compared)
    known = pd.DataFrame({"year": ["2019-20"], "force": ["kent"], "check": [check]})
    assert passes(parsed, disagreements=found, known=known) == []
    above = disagreement("kent", "class-a above the sum of its drugs", 1200, 1100, FIRST_ROW + 1)
    assert passes(parsed, disagreements=above) == []


# ---- the tidy tables' schemas


@pytest.fixture
def check_schema():
    """check_schema with SCHEMAS built afresh: the schemas are made once, at import time."""
    return importlib.reload(validate).check_schema


def seizures(**columns) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"year": ["2019-20", "2019-20", "2019-20"], "drug": ["cocaine", "heroin", "lsd"],
         "force": ["kent", "kent", "kent"], "seizures": pd.array([0, None, 12], dtype="Int64")}
    )  # fmt: skip
    for name, values in columns.items():
        frame[name] = values
    return frame


def schema_error(check_schema, frame: pd.DataFrame) -> SourceError:
    with pytest.raises(SourceError) as caught:
        check_schema("seizures", frame)
    error = caught.value
    assert error.file == "data/seizures.csv (tidy table being written)"
    return error


def test_a_well_formed_table_passes_unchanged_with_zero_and_unpublished_counts(check_schema):
    frame = seizures()
    pd.testing.assert_frame_equal(check_schema("seizures", frame), seizures())


def test_a_negative_count_stops_naming_row_column_and_value(check_schema):
    error = schema_error(check_schema, seizures(seizures=pd.array([0, -1, -2], dtype="Int64")))
    assert (error.row, error.column, error.value) == (1 + 2, "seizures", -1)  # header + 1-based
    assert error.problem == "failed check greater_than_or_equal_to(0) (2 failure(s) in all)"


def test_counts_must_be_whole_numbers(check_schema):
    error = schema_error(check_schema, seizures(seizures=[0.0, 1.5, 12.0]))
    assert (error.row, error.column, error.value) == (None, "seizures", "float64")
    assert error.problem == "failed check dtype('Int64') (1 failure(s) in all)"


@pytest.mark.parametrize(
    ("column", "bad", "check"),
    [
        ("year", "2019/20", r"str_matches('^\d{4}-\d{2}$')"),
        ("drug", "crack-cocaine", f"isin({list(DRUG_BY_KEY)})"),
    ],
)
def test_a_bad_key_stops_naming_it(check_schema, column, bad, check):
    frame = seizures()
    frame.loc[2, column] = bad
    error = schema_error(check_schema, frame)
    assert (error.row, error.column, error.value) == (2 + 2, column, bad)
    assert error.problem == f"failed check {check} (1 failure(s) in all)"


@pytest.mark.parametrize("column", ["year", "drug"])
def test_keys_must_be_text(check_schema, column):
    frame = seizures()
    frame[column] = pd.Categorical(frame[column])
    error = schema_error(check_schema, frame)
    assert (error.row, error.column, error.value) == (None, column, "category")
    assert error.problem.startswith("failed check dtype(")


# ---- consistency of one year's published figures


CLASSES = {"cocaine": "A", "heroin": "A", "class-a": "A", "cannabis": "B", "ketamine": "C",
           "ghb": "C", "class-c": "C"}  # fmt: skip


def long(figures: dict[str, dict[str, float]]) -> pd.DataFrame:
    return table(figures).values


def disagreements(figures, classes=CLASSES) -> list[tuple]:
    found = validate.consistency(long(figures), classes, FILE)
    assert list(found.columns) == ["year", "force", "check", "figure", "bound", "file", "row"]
    assert set(found["year"]) <= {"2019-20"} and set(found["file"]) <= {FILE}
    return [(r.force, r.check, r.figure, r.bound, r.row) for r in found.itertuples()]


def test_figures_that_agree_give_no_disagreement():
    figures = {
        "kent": {"all-drugs": 60, "cocaine": 60, "heroin": 0, "class-a": 60, "cannabis": 5},
        "essex": {"all-drugs": None, "cocaine": 10, "heroin": 30, "class-a": 40},  # the sum
        "dorset": {"all-drugs": 9, "cocaine": None, "heroin": None, "class-a": 7},
        "surrey": {"all-drugs": 100, "cocaine": 8, "heroin": None, "class-a": 100},  # no sum
        "sussex": {"all-drugs": None, "cocaine": 8, "heroin": None, "class-a": None},
        "wiltshire": {"all-drugs": 5, "cocaine": None},  # nothing to compare with
    }
    assert disagreements(figures) == []
    assert disagreements({"kent": {"cocaine": 5, "class-a": 4}}, classes={}) == []


def test_each_disagreement_is_reported_with_figure_bound_and_row():
    figures = {
        "kent": {"all-drugs": 55, "cocaine": 60, "heroin": 10, "class-a": 50, "cannabis": 1000},
        "surrey": {"all-drugs": 900, "cocaine": 60, "heroin": 30, "class-a": 100},
        "dorset": {"all-drugs": 900, "cocaine": 60, "heroin": None, "class-a": 50},
        "essex": {"all-drugs": 900, "ketamine": 5, "ghb": 4, "class-c": 3},
    }
    row = {force: FIRST_ROW + i for i, force in enumerate(figures)}
    a_max = "class-a below its largest drug"
    assert disagreements(figures) == [
        ("dorset", a_max, 50, 60, row["dorset"]),
        ("kent", a_max, 50, 60, row["kent"]),
        ("surrey", "class-a above the sum of its drugs", 100, 90, row["surrey"]),
        ("essex", "class-c below its largest drug", 3, 5, row["essex"]),
        ("kent", "all-drugs below a single figure", 55, 1000, row["kent"]),
    ]


# ---- most forces failing one check means misread columns


def found(*rows: tuple[str, str, float]) -> pd.DataFrame:
    """Disagreements (force, check, figure), each on its own spreadsheet row."""
    return pd.DataFrame.from_records(
        [{"year": "2019-20", "force": force, "check": check, "figure": figure, "bound": 0,
          "file": FILE, "row": FIRST_ROW + i} for i, (force, check, figure) in enumerate(rows)]
    )  # fmt: skip


BELOW = "class-a below its largest drug"
ABOVE = "class-b above the sum of its drugs"


def test_isolated_disagreements_and_exactly_half_the_forces_pass():
    validate.stop_if_systematic(found(), forces_in_file=4, file=FILE)
    validate.stop_if_systematic(NO_DISAGREEMENTS, forces_in_file=4, file=FILE)
    half = found(("kent", BELOW, 1), ("essex", BELOW, 2), ("kent", ABOVE, 3), ("kent", BELOW, 4))
    validate.stop_if_systematic(half, forces_in_file=4, file=FILE)


@pytest.mark.parametrize(("figure", "shown"), [(7.0, 7), (2.5, 2.5)])
def test_most_forces_failing_one_check_stops_at_its_first_case(figure, shown):
    rows = found(("kent", ABOVE, 1), ("essex", BELOW, figure), ("dorset", ABOVE, 2),
                 ("kent", BELOW, 3), ("surrey", BELOW, 4))  # fmt: skip
    with pytest.raises(SourceError) as caught:
        validate.stop_if_systematic(rows, forces_in_file=5, file=FILE)
    error = caught.value
    assert (error.file, error.row, error.column, error.value) == (
        FILE,
        FIRST_ROW + 1,
        "class-a",
        shown,
    )
    assert type(error.value) is type(shown)
    assert error.problem == (
        f"'{BELOW}' fails for 3 of 5 forces: the columns are probably not in the order the "
        "header says"
    )


# ---- every English force in every year, no year missing


ENGLISH = [f.slug for f in FORCES if f.country == "England" and f.kind == "territorial"]


def coverage(years: list[str], without: dict[str, list[str]] | None = None) -> pd.DataFrame:
    without = without or {}
    return pd.DataFrame(
        [{"year": y, "force": f, "drug": "all-drugs", "seizures": 1}
         for y in years for f in ENGLISH if f not in without.get(y, [])]
    )  # fmt: skip


def coverage_error(frame: pd.DataFrame, files=None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        validate.check_coverage(frame, files)
    return caught.value


def test_english_forces_in_consecutive_years_pass_without_wales_or_national_forces():
    validate.check_coverage(coverage(["2017-18", "2018-19", "2019-20"]))
    validate.check_coverage(coverage(["2019-20"]), {"2019-20": "a.xlsx"})


def test_a_missing_year_names_the_next_years_file():
    years = ["2007-08", "2010-11", "2011-12", "2013-14"]
    files = {y: f"tables-{y}.csv" for y in years}
    error = coverage_error(coverage(years), files)
    assert (error.file, error.row, error.column, error.value) == (
        "tables-2010-11.csv", None, "year", "2008-09",
    )  # fmt: skip
    assert error.problem == (
        "a year is missing between the first and last year imported (the file named is the "
        "next year's table)"
    )
    assert coverage_error(coverage(["1998-99", "2000-01"])).value == "1999-00"
    assert coverage_error(coverage(["2017-18", "2018-19", "2020-21"])).value == "2019-20"
    assert coverage_error(coverage(["1998-99", "2000-01"])).file == "seizures tables"


def test_a_missing_english_force_names_the_first_one_and_its_year():
    years = ["2018-19", "2019-20", "2020-21"]
    frame = coverage(years, {"2019-20": ["surrey", "kent"], "2020-21": ["essex"]})
    error = coverage_error(frame, {y: f"tables-{y}.csv" for y in years})
    assert (error.file, error.row, error.column, error.value) == (
        "tables-2019-20.csv", None, "Police force", FORCE_BY_SLUG["kent"].name,
    )  # fmt: skip
    assert error.problem == (
        "an English force has no row (a force that did not supply data still needs a row "
        "with empty cells)"
    )
    assert coverage_error(frame).file == "seizures table for 2019-20"
