"""Add one mid-year population estimate, from the ONS workbook (or CSV) as published.

`python -m build_data import --population PATH --mid-year YYYY`. The persons
sheet is found by its columns (population.MYE_COLUMNS); when several sheets
have them (males, females, persons), the one named "persons" is taken, or the
one named with --sheet. Nothing is written unless every district is placed in
a force area and the districts add up to the file's England and Wales row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from build_data.ingest.importer import Dataset, read_dataset, validate_tables
from build_data.ingest.normalise import CellError, clean_text, name_key, parse_count
from build_data.ingest.population import (
    AGGREGATES,
    DISTRICTS,
    ENGLAND_AND_WALES,
    LOOKUP_CSV,
    MYE_COLUMNS,
    _la_to_force,
    _lookup,
    by_area,
    ordered,
)
from build_data.ingest.reports import render
from build_data.ingest.sources import SourceError, read_sheets, sha256
from build_data.reference import FORCE_BY_SLUG


def _columns(row: list[object]) -> dict[str, int] | None:
    keys = [name_key(c) for c in row]
    found = {}
    for role, names in MYE_COLUMNS.items():
        position = next((i for i, k in enumerate(keys) if k in names), None)
        if position is None:
            return None
        found[role] = position
    return found


def _persons_sheet(path: Path, sheet: str | None) -> tuple[str | None, list[list], int, dict]:
    """(sheet name, cells, header row index, column positions) of the persons table."""
    sheets = read_sheets(path)
    if sheet is not None:
        if sheet not in sheets:
            raise SourceError(path, f"no such sheet; the sheets are {list(sheets)}", value=sheet)
        sheets = {sheet: sheets[sheet]}
    found = {}
    for name, cells in sheets.items():
        for index, row in enumerate(cells[:40]):
            if (columns := _columns(row)) is not None:
                found[name] = (name, cells, index, columns)
                break
    persons = [n for n in found if n is None or "persons" in name_key(n)] or list(found)
    if len(persons) != 1:
        expected = "; ".join(f"{r}: {', '.join(n)}" for r, n in MYE_COLUMNS.items())
        problem = (
            f"several sheets hold population estimates: {persons}; choose one with --sheet NAME"
            if persons
            else f"no sheet has the columns of ONS mid-year estimates ({expected})"
        )
        raise SourceError(path, problem)
    return found[persons[0]]


def read_districts(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, int, str | None]:
    """District rows (row, code, name, population), the England and Wales figure, the sheet."""
    name, cells, header, columns = _persons_sheet(Path(path), sheet)
    records, national = [], None
    for index in range(header + 1, len(cells)):
        row = cells[index]
        code, geography = (clean_text(row[columns[k]]) for k in ("code", "geography"))
        if not code and not any(clean_text(c) for c in row):
            break
        where = {"row": index + 1, "sheet": name}
        cell = row[columns["population"]]
        try:
            people = parse_count(cell)
        except CellError as exc:
            raise SourceError(
                path, f"population {exc}", column="All ages", value=cell, **where
            ) from None
        if code == ENGLAND_AND_WALES:
            national = people
        elif name_key(geography) in DISTRICTS:
            records.append({"row": index + 1, "code": code, "population": people,
                            "name": clean_text(row[columns["name"]])})  # fmt: skip
        elif name_key(geography) not in AGGREGATES:
            raise SourceError(path, "unknown geography", column="Geography", value=geography,
                              **where)  # fmt: skip
    if national is None:
        raise SourceError(path, f"no England and Wales row ({ENGLAND_AND_WALES})", sheet=name)
    return pd.DataFrame.from_records(records), national, name


def population_for(
    path: Path, mid_year: int, raw: Path, sheet: str | None = None
) -> tuple[pd.DataFrame, str | None]:
    """Population by force area, country and England and Wales for one mid-year."""
    districts, national, sheet = read_districts(path, sheet)
    mapping = _la_to_force(_lookup(raw / LOOKUP_CSV), path)
    unplaced = districts[~districts["code"].isin(mapping)]
    if not unplaced.empty:
        codes = ", ".join(f"{r.code} ({r.name}, row {r.row})" for r in unplaced.itertuples())
        raise SourceError(
            path,
            f"local authority codes not placed in any police force area: {codes}. Add each to "
            "LA_SUCCESSORS in build_data/reference.py with the districts it was made from",
            sheet=sheet,
        )
    population = by_area(districts.assign(area=districts["code"].map(mapping), year=mid_year))
    total = int(population.loc[population["area"] == "england-and-wales", "population"].iloc[0])
    if total != national:
        raise SourceError(
            path,
            f"the districts add up to {total:,}, but the England and Wales row says {national:,}",
            column="All ages",
            value=national,
            sheet=sheet,
        )
    return population, sheet


def add_population(
    data: Path, path: Path, mid_year: int, raw: Path, sheet: str | None = None
) -> tuple[Dataset, str]:
    """The committed dataset with one mid-year's population added (or replaced), and a report."""
    dataset = read_dataset(data)
    new, sheet = population_for(path, mid_year, raw, sheet)
    old = dataset.tables["population"]
    before = old[old["year"] == mid_year].set_index("area")["population"]
    tables = dict(dataset.tables)
    tables["population"] = ordered(pd.concat([old[old["year"] != mid_year], new]))
    provenance = dict(dataset.provenance)
    entry = dict(provenance["population"])
    record = {"path": Path(path).name, "sha256": sha256(path), "mid_year": mid_year}
    if sheet is not None:
        record["sheet"] = sheet
    entry["files"] = [f for f in entry["files"] if f.get("mid_year") != mid_year] + [record]
    provenance["population"] = entry
    result = Dataset(validate_tables(tables), provenance)
    return result, _report(new, before, mid_year)


def _report(new: pd.DataFrame, before: pd.Series, mid_year: int) -> str:
    people = {area: int(n) for area, n in new.set_index("area")["population"].items()}
    changed = None
    if not before.empty:
        changed = [(a, before.get(a), v) for a, v in people.items() if before.get(a) != v]
    return render(
        "population.txt.j2",
        mid_year=mid_year,
        financial_year=f"{mid_year}-{(mid_year + 1) % 100:02d}",
        people=people,
        force_areas=sum(a in FORCE_BY_SLUG for a in people),
        changed=changed,
    )
