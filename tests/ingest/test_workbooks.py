"""Tables as government publishes them today: multi-sheet workbooks (GSS layout), long tables.

Each workbook is built from the real 2018-19 table (data/raw) and imported as a
new year, 2019-20. Its figures are the published ones, so its tidy rows must be
exactly those of the same file imported as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from gss_workbook import (
    COVER,
    DESCRIPTION,
    NOTES,
    PUBLISHED,
    gss_table,
    gss_workbook,
    published,
    write_workbook,
)

from build_data.cli import main
from build_data.ingest.layouts import LONG_COLUMNS
from build_data.ingest.new_year import add_year
from build_data.ingest.sources import SourceError

YEAR = "2019-20"


def new_year_rows(data: Path, table: Path, **options) -> dict[str, pd.DataFrame]:
    dataset, report = add_year(data, table, YEAR, **options)
    rows = {
        name: dataset.tables[name][dataset.tables[name]["year"] == YEAR].reset_index(drop=True)
        for name in ("seizures", "drug_classes", "source_checks")
    }
    # Where each disagreement is found differs from layout to layout; what it is does not.
    rows["source_checks"] = rows["source_checks"].drop(columns=["file", "row"])
    rows["report"], rows["provenance"] = report, dataset.provenance
    return rows


@pytest.fixture(scope="module")
def as_published(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The 2018-19 file imported as it is, as 2019-20."""
    data = Path(__file__).resolve().parents[2] / "data"
    return new_year_rows(data, PUBLISHED)


@pytest.mark.parametrize("suffix", [".ods", ".xlsx"])
def test_gss_workbook_gives_the_same_rows_as_the_published_table(suffix, tmp_path, as_published):
    data = Path(__file__).resolve().parents[2] / "data"
    got = new_year_rows(data, gss_workbook(tmp_path / f"tables{suffix}"))
    for name in ("seizures", "drug_classes", "source_checks"):
        pd.testing.assert_frame_equal(got[name], as_published[name], check_dtype=False)
    record = got["provenance"]["seizures"]["files"][-1]
    assert record["sheet"] == "Table 3"
    assert record["notes"] == {"[note 1]": NOTES[1][1], "[note 2]": NOTES[2][1]}
    blanks = [c for c in published() if c[0] == "Border Force"][0]
    header = published()[0]
    expected = [h for h, c in zip(header[1:], blanks[1:], strict=True) if not c]
    shorthand = record["not_published"]
    assert [s["shorthand"] for s in shorthand[:3]] == ["[x]", "[z]", "[c]"]
    assert [s["meaning"] for s in shorthand[:3]] == [
        "not available",
        "not applicable",
        "confidential",
    ]
    assert len(shorthand) == len(expected) and {s["force"] for s in shorthand} == {"border-force"}
    assert "  Read sheet 'Table 3'." in got["report"].splitlines()
    assert f"  [note 2] {NOTES[2][1]}" in got["report"].splitlines()


def test_two_qualifying_sheets_stop_and_are_named(tmp_path, data_copy, snapshot, capsys):
    book = gss_workbook(tmp_path / "tables.xlsx", **{"Table 3 (revised)": gss_table()})
    before = snapshot(data_copy)
    assert main(["import", "--table", str(book), "--year", YEAR, "--data", str(data_copy)]) == 2
    assert capsys.readouterr().err == (
        f"import stopped, nothing written: file {book}: several sheets hold a per-force "
        "table: 'Table 3', 'Table 3 (revised)'; choose one with --sheet NAME (or "
        "--quantities-sheet NAME)\n"
    )
    assert snapshot(data_copy) == before
    args = ["import", "--table", str(book), "--year", YEAR, "--data", str(data_copy)]
    assert main([*args, "--sheet", "Table 3 (revised)"]) == 0
    provenance = json.loads((data_copy / "provenance.json").read_text())
    assert provenance["seizures"]["files"][-1]["sheet"] == "Table 3 (revised)"


def test_a_bad_cell_names_the_sheet(tmp_path):
    rows = gss_table()
    rows[len(DESCRIPTION) + 2][2] = "2,2O"  # Cleveland, cocaine
    book = write_workbook(tmp_path / "tables.ods", {"Cover": COVER, "Table 3": rows})
    with pytest.raises(SourceError) as caught:
        add_year(Path(__file__).resolve().parents[2] / "data", book, YEAR)
    row = len(DESCRIPTION) + 3
    assert str(caught.value) == (
        f"file {book}, sheet 'Table 3', row {row}, column 'Cocaine', value '2,2O': "
        "cell is not a number"
    )


def long_rows(year_label: str) -> list[list[object]]:
    """The published table in long form: one row per year, force and drug."""
    header, *rows = published()
    out = [["Financial year", "Police force area", "Drug type", "Number of seizures"]]
    for row in rows:
        out += [[year_label, row[0], h, c] for h, c in zip(header[1:], row[1:], strict=True)]
    out += [["2018/19", rows[0][0], "Cocaine", "1"]]  # another year's row, left out
    return out


def test_long_format_gives_the_same_rows(tmp_path, as_published):
    book = write_workbook(tmp_path / "open-data.xlsx", {"Data": long_rows("2019/20")})
    data = Path(__file__).resolve().parents[2] / "data"
    got = new_year_rows(data, book)
    for name in ("seizures", "drug_classes", "source_checks"):
        pd.testing.assert_frame_equal(got[name], as_published[name], check_dtype=False)


def test_long_format_bad_cell_names_its_own_row(tmp_path):
    rows = long_rows("2019/20")
    rows[5][3] = "lots"
    book = write_workbook(tmp_path / "open-data.ods", {"Data": rows})
    with pytest.raises(SourceError) as caught:
        add_year(Path(__file__).resolve().parents[2] / "data", book, YEAR)
    assert str(caught.value) == (
        f"file {book}, sheet 'Data', row 6, column '{rows[5][2]}', value 'lots': "
        "cell is not a number"
    )


def test_unrecognised_layout_lists_the_columns_found_and_expected(tmp_path):
    rows = [["Area", "Seizures", "Year"], ["Kent", "3", "2019"]]
    book = write_workbook(tmp_path / "odd.xlsx", {"Cover": COVER, "Data": rows})
    with pytest.raises(SourceError) as caught:
        add_year(Path(__file__).resolve().parents[2] / "data", book, YEAR)
    message = str(caught.value)
    assert "sheet 'Data': ['Area', 'Seizures', 'Year']" in message
    assert "Expected a header starting 'Police force'" in message
    for names in LONG_COLUMNS.values():
        assert ", ".join(names) in message
