"""A new ONS mid-year estimate from the workbook as published, and the plausibility guard."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from gss_workbook import PUBLISHED, gss_table, write_workbook
from ons_population import districts_2023, persons_rows, population_book

from build_data.cli import main
from build_data.ingest.sources import read_cells


def test_2023_boundaries_give_back_the_committed_force_areas(tmp_path, data_copy, capsys):
    book = population_book(tmp_path / "mye.xlsx", persons_rows(districts_2023()))
    committed = (data_copy / "population.csv").read_bytes()
    args = ["import", "--population", str(book), "--mid-year", "2020", "--data", str(data_copy)]
    assert main(args) == 0
    assert (data_copy / "population.csv").read_bytes() == committed
    report = capsys.readouterr().out
    assert "0 area(s) revised from the figures already in data/:" in report
    record = json.loads((data_copy / "provenance.json").read_text())["population"]["files"][-1]
    assert record["mid_year"] == 2020 and record["sheet"] == "MYE2 - Persons"


def test_unknown_local_authority_code_stops(tmp_path, data_copy, snapshot, capsys):
    districts = districts_2023()
    districts.loc[districts["code"] == "E06000065", "code"] = "E06000099"
    book = population_book(tmp_path / "mye.ods", persons_rows(districts))
    before = snapshot(data_copy)
    args = ["import", "--population", str(book), "--mid-year", "2021", "--data", str(data_copy)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "local authority codes not placed in any police force area: E06000099" in err
    assert snapshot(data_copy) == before


def test_districts_must_add_up_to_england_and_wales(tmp_path, data_copy, capsys):
    book = population_book(tmp_path / "mye.xlsx", persons_rows(districts_2023(), 1))
    args = ["import", "--population", str(book), "--mid-year", "2021", "--data", str(data_copy)]
    assert main(args) == 2
    total = int(districts_2023()["population"].sum())
    assert (
        f"the districts add up to {total:,}, but the England and Wales row says {total + 1:,}"
        in capsys.readouterr().err
    )


# ---------------------------------------------------------------- the plausibility guard


def guard_book(tmp_path: Path, force: str, column: str, value: str) -> tuple[Path, int]:
    rows = gss_table()
    header_index = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith("Police"))
    position = rows[header_index].index(column)
    index = next(i for i, r in enumerate(rows) if r[0] == force)
    rows[index][position] = value
    return write_workbook(tmp_path / "tables.xlsx", {"Table 3": rows}), index + 1


def test_a_billion_seizures_stops_and_accept_lets_it_in(tmp_path, data_copy, snapshot, capsys):
    book, row = guard_book(tmp_path, "Kent", "All drugs", "1,000,000,000")
    before = snapshot(data_copy)
    args = ["import", "--table", str(book), "--year", "2019-20", "--data", str(data_copy)]
    assert main(args) == 2
    err = capsys.readouterr().err
    kent = [r for r in read_cells(PUBLISHED) if r[0] == "Kent"][0]
    assert err.startswith(
        f"import stopped, nothing written: file {book}, sheet 'Table 3', row {row}, column "
        f"'All drugs', value 1000000000: implausible: seizures of any drug more than 10 times"
    )
    assert f"(compared with {int(kent[1]):,} the year before)" in err
    assert "--accept 2019-20:kent:all-drugs" in err
    assert snapshot(data_copy) == before

    assert main([*args, "--accept", "2019-20:kent:all-drugs"]) == 0
    out = capsys.readouterr().out
    assert "  Accepted after checking (2019-20:kent:all-drugs): seizures of any drug more" in out
    accepted = json.loads((data_copy / "provenance.json").read_text())["seizures"]["accepted"]
    assert {a["name"] for a in accepted} == {"2019-20:kent:all-drugs"}
    assert {a["value"] for a in accepted} == {1_000_000_000}
    seizures = pd.read_csv(data_copy / "seizures.csv", dtype={"year": str})
    kent_now = seizures.query("year == '2019-20' and force == 'kent' and drug == 'all-drugs'")
    assert kent_now["seizures"].tolist() == [1_000_000_000]


def test_a_class_total_below_its_largest_drug_stops(tmp_path, data_copy, snapshot, capsys):
    kent = dict(
        zip(
            read_cells(PUBLISHED)[0],
            [r for r in read_cells(PUBLISHED) if r[0] == "Kent"][0],
            strict=True,
        )
    )
    low = int(kent["Cocaine"]) - 1
    book, row = guard_book(tmp_path, "Kent", "Total Class A", str(low))
    before = snapshot(data_copy)
    args = ["import", "--table", str(book), "--year", "2019-20", "--data", str(data_copy)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (
        f"sheet 'Table 3', row {row}, column 'Total Class A', value {low}: implausible: class-a "
        f"below its largest drug (compared with {int(kent['Cocaine']):,}, its largest drug)"
    ) in err
    assert snapshot(data_copy) == before
    assert main([*args, "--accept", "2019-20:kent:class-a"]) == 0
    assert "Accepted after checking (2019-20:kent:class-a)" in capsys.readouterr().out
