"""Adding a year from a table as a maintainer downloads it (ODS, XLSX or CSV).

Each test writes its own table: the 2018-19 rows of data/seizures.csv, pivoted
wide under Home Office column labels, with a few figures changed, title rows
above the header, a notes block below a blank row, ".." for a figure not
published and (usually) an England and Wales total row. The year is added to
a copy of data/.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from home_office_layout import HOME_OFFICE_NAMES, LABELS, NOTES, TITLE

from build_data.cli import main
from build_data.ingest.new_year import add_year
from build_data.ingest.sources import SourceError
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG
from build_data.tidy import write_dataset

DATA = Path(__file__).resolve().parents[2] / "data"
YEAR = "2019-20"

HEADER_ROW = len(TITLE) + 1  # spreadsheet row of "Police force"

# The changes made to 2018-19 figures for the made-up new year, checked by hand:
# Cleveland all drugs 1,812 -> 2,112; Kent all drugs 3,678 -> 2,878; Durham cocaine not
# published. The police forces' all-drugs seizures in 2018-19 add up to 134,894 (39
# English forces and British Transport Police), so 134,894 + 300 - 800 = 134,394.
CHANGES = {
    ("cleveland", "all-drugs"): 2112,
    ("kent", "all-drugs"): 2878,
    ("durham", "cocaine"): "..",
}
NATIONAL_ALL_DRUGS = 160_000


def read(name: str, folder: Path = DATA) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={"year": str}, keep_default_na=False, na_values=[""])


def wide_2018_19() -> pd.DataFrame:
    """Forces by drugs, 2018-19, in the published row and column order (NA where blank)."""
    long = read("seizures.csv").query("year == '2018-19'")
    forces = list(dict.fromkeys(long["force"]))
    return long.pivot(index="force", columns="drug", values="seizures").loc[forces, list(LABELS)]


def national_2018_19() -> dict[str, int]:
    national = read("england_and_wales.csv").query("year == '2018-19'")
    totals = dict(zip(national["drug"], national["total"], strict=True))
    return {drug: int(totals[drug]) for drug in LABELS}


def cell(value):
    if isinstance(value, str):
        return value
    return None if pd.isna(value) else int(value)


def table_rows(
    changes: dict | None = None,
    national: bool = True,
    drop: str | None = None,
    header: dict[str, str] | None = None,
) -> list[list]:
    """The new year's table as rows of cells, titles and notes included."""
    changes = CHANGES if changes is None else changes
    labels = {**LABELS, **(header or {})}
    wide = wide_2018_19()
    rows = [*TITLE, ["Police force", *labels.values()]]
    for force, figures in wide.iterrows():
        if force == drop:
            continue
        name = HOME_OFFICE_NAMES.get(force, FORCE_BY_SLUG[force].name)
        rows.append([name, *(cell(changes.get((force, d), figures[d])) for d in LABELS)])
    if national:
        totals = {**national_2018_19(), "all-drugs": NATIONAL_ALL_DRUGS}
        rows.append(["England and Wales", *(totals[d] for d in LABELS)])
    return [*rows, *NOTES]


def write_table(path: Path, rows: list[list], first_column: int = 1) -> Path:
    """ODS, XLSX (via pandas' ExcelWriter) or CSV (ragged rows, as hand-saved CSVs are)."""
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(
                [[None] * (first_column - 1) + r if r else r for r in rows]
            )
        return path
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    engine = {".ods": "odf", ".xlsx": "openpyxl"}[path.suffix]
    with pd.ExcelWriter(path, engine=engine) as writer:
        frame.to_excel(
            writer, sheet_name="Table 3", header=False, index=False, startcol=first_column - 1
        )
    return path


def lines_by_year(path: Path) -> tuple[list[str], list[str]]:
    """A tidy table's lines for earlier years (header included) and for the new year."""
    lines = path.read_text().splitlines()
    return [x for x in lines if not x.startswith(YEAR)], [x for x in lines if x.startswith(YEAR)]


# ---------------------------------------------------------------- adding a year


@pytest.mark.parametrize("suffix", [".ods", ".xlsx", ".csv"])
def test_add_a_year(suffix, tmp_path, data_copy, capsys):
    table = write_table(tmp_path / f"seizures-2019-20{suffix}", table_rows())
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}

    assert (
        main(["import", "--table", str(table), "--year", "2019/20", "--data", str(data_copy)]) == 0
    )
    report = capsys.readouterr().out

    # the new year's rows, with the changed figures; ".." and blank cells are NA, never 0
    seizures = read("seizures.csv", data_copy).set_index(["year", "force", "drug"])["seizures"]
    assert seizures[(YEAR, "cleveland", "all-drugs")] == 2112
    assert seizures[(YEAR, "kent", "all-drugs")] == 2878
    assert seizures[(YEAR, "cleveland", "cocaine")] == 220  # unchanged from 2018-19
    assert pd.isna(seizures[(YEAR, "durham", "cocaine")])
    assert pd.isna(seizures[(YEAR, "border-force", "methadone")])
    assert seizures[(YEAR, "border-force", "all-drugs")] == 8937
    assert seizures.loc[YEAR].shape == (41 * 24,)
    old_lines, new_lines = lines_by_year(data_copy / "seizures.csv")
    assert f"{YEAR},durham,cocaine," in new_lines
    assert f"{YEAR},city-of-london,all-drugs,321" in new_lines
    assert f"{YEAR},avon-and-somerset,all-drugs,4324" in new_lines

    # earlier years untouched: every earlier line as it was, in the same order
    for name in ("seizures.csv", "drug_classes.csv", "england_and_wales.csv", "source_checks.csv"):
        assert lines_by_year(data_copy / name)[0] == before[name].decode().splitlines(), name
    for name in (
        "quantities.csv",
        "england_and_wales_quantities.csv",
        "population.csv",
        "forces.csv",
    ):
        assert (data_copy / name).read_bytes() == before[name], name

    # national figures from the table's England and Wales row, less Border Force's row
    assert (
        f"{YEAR},all-drugs,160000,8937,151063,438,150625,England and Wales row of {table.name}"
        in lines_by_year(data_copy / "england_and_wales.csv")[1]
    )
    classes = lines_by_year(data_copy / "drug_classes.csv")[1]
    assert f"{YEAR},ketamine,B" in classes and f"{YEAR},mephedrone,B" in classes
    # the one disagreement in the 2018-19 figures (Hertfordshire's Class B total) is kept
    assert lines_by_year(data_copy / "source_checks.csv")[1] == [
        f"{YEAR},hertfordshire,class-b above the sum of its drugs,2628.0,2626.0,{table.name},"
        f"{HEADER_ROW + 25}"  # the 25th force in the table
    ]
    provenance = json.loads((data_copy / "provenance.json").read_text())
    assert provenance["seizures"]["files"][-1]["path"] == table.name
    assert provenance["seizures"]["files"][-1]["year"] == YEAR
    assert provenance["quantities"] == json.loads(before["provenance.json"])["quantities"]

    # the maintainer's report
    lines = report.splitlines()
    assert lines[0] == "2019-20: 41 forces and agencies in the table, 41 with figures."
    assert lines[1] == "  Seizures of any drug by the police forces in the table: 134,394."
    movers = lines.index("  Largest changes in seizures of any drug since 2018-19:")
    assert lines[movers + 1 : movers + 3] == [
        "    Kent: 3,678 -> 2,878 (-800)",
        "    Cleveland: 1,812 -> 2,112 (+300)",
    ]
    assert "  No earlier figures revised." in lines
    assert "national figures for this year are not published" not in report
    assert "No ONS population" not in report  # mid-2019 population is published


def test_reimport_with_a_changed_figure_lists_the_revision(tmp_path, data_copy):
    table = write_table(tmp_path / "seizures.xlsx", table_rows())
    dataset, report = add_year(data_copy, table, YEAR)
    write_dataset(dataset, data_copy)
    assert "  No earlier figures revised." in report.splitlines()
    first = {p.name: p.read_bytes() for p in data_copy.iterdir()}

    # the same table again: nothing revised, nothing changed
    dataset, report = add_year(data_copy, table, YEAR)
    write_dataset(dataset, data_copy)
    assert "  No earlier figures revised." in report.splitlines()
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == first

    # the Home Office revises Cleveland's cocaine figure, 220 -> 230
    revised = write_table(
        tmp_path / "seizures-revised.xlsx",
        table_rows({**CHANGES, ("cleveland", "cocaine"): 230}),
    )
    dataset, report = add_year(data_copy, revised, YEAR)
    lines = report.splitlines()
    assert "  1 earlier figure(s) revised:" in lines
    assert "    2019-20 Cleveland cocaine: 220 -> 230" in lines
    assert "  No earlier figures revised." not in lines
    write_dataset(dataset, data_copy)
    seizures = read("seizures.csv", data_copy).set_index(["year", "force", "drug"])["seizures"]
    assert seizures[(YEAR, "cleveland", "cocaine")] == 230
    assert seizures[("2018-19", "cleveland", "cocaine")] == 220


def test_a_table_without_a_national_row(tmp_path, data_copy):
    table = write_table(tmp_path / "seizures.ods", table_rows(national=False))
    dataset, report = add_year(data_copy, table, YEAR)
    assert (
        "  The table has no England and Wales total row: national figures for this year "
        "are not published on the site."
    ) in report.splitlines()
    national = dataset.tables["england_and_wales"]
    assert YEAR not in set(national["year"])
    assert len(national) == len(read("england_and_wales.csv"))


def test_quantities_for_the_new_year(tmp_path, data_copy):
    long = read("quantities.csv").query("year == '2018-19'")
    drugs = list(dict.fromkeys(long["drug"]))
    wide = long.pivot(index="force", columns="drug", values="quantity")
    wide = wide.loc[list(dict.fromkeys(long["force"])), drugs]
    rows = [*TITLE, ["Police force", *(DRUG_BY_KEY[d].label for d in drugs)]]
    for force, figures in wide.iterrows():
        rows.append(
            [
                HOME_OFFICE_NAMES.get(force, FORCE_BY_SLUG[force].name),
                *(None if pd.isna(v) else v for v in figures),
            ]
        )
    cleveland = rows[len(TITLE) + 1]
    assert cleveland[0] == "Cleveland"
    cleveland[drugs.index("cocaine") + 1] = 1.5  # was 10.46 kg in 2018-19
    quantities = write_table(tmp_path / "quantities.xlsx", [*rows, *NOTES])
    table = write_table(tmp_path / "seizures.xlsx", table_rows())
    dataset, _ = add_year(data_copy, table, YEAR, quantities=quantities)
    added = dataset.tables["quantities"].query(f"year == '{YEAR}'").set_index(["force", "drug"])
    assert added.loc[("cleveland", "cocaine"), "quantity"] == 1.5
    assert added.loc[("cleveland", "cocaine"), "unit"] == "kg"
    assert added.loc[("border-force", "herbal-cannabis"), "quantity"] == 11645.74
    assert len(added) == len(long)
    assert dataset.provenance["quantities"]["files"][-1]["path"] == "quantities.xlsx"


# ---------------------------------------------------------------- a new table that is wrong


def test_a_bad_cell_names_the_spreadsheet_row(tmp_path, data_copy, snapshot, capsys):
    table = write_table(
        tmp_path / "seizures.ods", table_rows({**CHANGES, ("cleveland", "cocaine"): "22O"})
    )
    before = snapshot(data_copy)
    assert main(["import", "--table", str(table), "--year", YEAR, "--data", str(data_copy)]) == 2
    assert capsys.readouterr().err == (
        f"import stopped, nothing written: file {table}, sheet 'Table 3', row {HEADER_ROW + 1}, "
        "column 'Cocaine', value '22O': cell is not a number\n"
    )
    assert snapshot(data_copy) == before


def test_an_unknown_header_names_the_spreadsheet_column(tmp_path, data_copy):
    # the table starts in column B, so "Heroin" (the table's 6th column) is in column G (7)
    table = write_table(
        tmp_path / "seizures.xlsx", table_rows(header={"heroin": "Heroine"}), first_column=2
    )
    with pytest.raises(SourceError) as caught:
        add_year(data_copy, table, YEAR)
    assert str(caught.value) == (
        f"file {table}, sheet 'Table 3', row {HEADER_ROW}, column 'column 7', value 'Heroine': "
        "unknown drug "
        "column header (add it to build_data/reference.py if it is a new drug type)"
    )


def test_a_missing_force_names_the_new_table(tmp_path, data_copy, snapshot, capsys):
    table = write_table(tmp_path / "seizures.xlsx", table_rows(drop="kent"))
    before = snapshot(data_copy)
    assert main(["import", "--table", str(table), "--year", YEAR, "--data", str(data_copy)]) == 2
    assert capsys.readouterr().err == (
        f"import stopped, nothing written: file {table}, column 'Police force', value 'Kent': "
        "an English force has no row (a force that did not supply data still needs a row with "
        "empty cells)\n"
    )
    assert snapshot(data_copy) == before


def test_a_year_that_leaves_a_gap(tmp_path, data_copy):
    table = write_table(tmp_path / "seizures.csv", table_rows())
    with pytest.raises(SourceError) as caught:
        add_year(data_copy, table, "2020-21")
    assert str(caught.value) == (
        f"file {table}, column 'year', value '2019-20': a year is missing between the first "
        "and last year imported (the file named is the next year's table)"
    )


def test_a_year_that_is_not_a_financial_year(tmp_path, data_copy, snapshot, capsys):
    table = write_table(tmp_path / "seizures.csv", table_rows())
    with pytest.raises(
        ValueError, match="^year '2019-21' does not run from one year into the next$"
    ):
        add_year(data_copy, table, "2019-21")
    # on the command line: a usage error, not a traceback
    before = snapshot(data_copy)
    with pytest.raises(SystemExit) as caught:
        main(["import", "--table", str(table), "--year", "2019-21", "--data", str(data_copy)])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("error: year '2019-21' does not run from one year into the next\n")
    assert snapshot(data_copy) == before


def test_table_needs_year(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["import", "--table", str(tmp_path / "x.ods")])
    assert caught.value.code == 2
    assert "--table needs --year, such as --year 2019-20" in capsys.readouterr().err


@pytest.mark.raw
def test_full_reimport_keeps_the_added_year(raw_dir, tmp_path, data_copy, snapshot, capsys):
    table = write_table(tmp_path / "seizures.ods", table_rows())
    assert main(["import", "--table", str(table), "--year", YEAR, "--data", str(data_copy)]) == 0
    added = snapshot(data_copy)
    capsys.readouterr()
    assert main(["import", "--raw", str(raw_dir), "--data", str(data_copy)]) == 0
    assert "Kept 2019-20 from the committed tables (added with --table)." in capsys.readouterr().out
    assert snapshot(data_copy) == added
