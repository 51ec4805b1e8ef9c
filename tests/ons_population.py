"""An ONS mid-year estimates workbook as published, built from the committed figures.

Shared by the population and maintainer tests. The districts are the committed
mid-year figures by local authority (data/raw/ons), with the authorities made
since 2019 merged from their predecessors (2023 boundaries).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from gss_workbook import COVER, write_workbook

from build_data.reference import LA_SUCCESSORS

ROOT = Path(__file__).resolve().parent.parent
POPULATION = ROOT / "data" / "raw" / "ons" / "la-population-mid-2001-2020.csv.gz"
NEW_2023 = ("E06000063", "E06000064", "E06000065", "E06000066")
GEOGRAPHY = {
    "E06": "Unitary Authority",
    "W06": "Unitary Authority",
    "E07": "Non-metropolitan District",
    "E08": "Metropolitan District",
    "E09": "London Borough",
}


def districts_2023(mid_year: int = 2020) -> pd.DataFrame:
    """The committed mid-year figures by local authority, merged to 2023 boundaries."""
    frame = pd.read_csv(POPULATION, dtype={"code": str})
    frame["code"] = frame["code"].str.replace("\u00a0", "").str.strip()
    frame["name"] = frame["name"].str.strip()
    frame = frame[frame["year"] == mid_year]
    for new in NEW_2023:
        old = frame["code"].isin(LA_SUCCESSORS[new])
        assert old.sum() == len(LA_SUCCESSORS[new]), new
        merged = {
            "code": new,
            "name": new,
            "year": mid_year,
            "population": frame[old]["population"].sum(),
        }
        frame = pd.concat([frame[~old], pd.DataFrame([merged])], ignore_index=True)
    return frame


def persons_rows(districts: pd.DataFrame, national_extra: int = 0) -> list[list[object]]:
    """An ONS MYE2 persons sheet: title rows, then countries, a county and the districts."""
    total = int(districts["population"].sum())
    england = int(districts[districts["code"].str.startswith("E")]["population"].sum())
    lancashire = districts[districts["code"].between("E07000117", "E07000128")]
    rows = [
        ["Mid-year population estimates, persons"],
        ["Source: Office for National Statistics"],
        [],
        ["Code", "Name", "Geography", "All ages", "0", "1"],
        ["K04000001", "ENGLAND AND WALES", "Country", total + national_extra, None, None],
        ["E92000001", "ENGLAND", "Country", england, None, None],
        ["E10000017", "Lancashire", "County", int(lancashire["population"].sum()), None, None],
    ]
    for row in districts.itertuples():
        rows.append([row.code, row.name, GEOGRAPHY[row.code[:3]], int(row.population), 0, 0])
    rows.append(["W92000004", "WALES", "Country", total - england, None, None])
    return rows


def population_book(path: Path, rows: list[list[object]]) -> Path:
    """A cover sheet, the persons sheet and a males sheet (half of each figure)."""
    half = [
        [*r[:3], r[3] // 2 if isinstance(r[3], int) else r[3]] if len(r) > 3 else r for r in rows
    ]
    sheets = {"Cover": COVER, "MYE2 - Persons": rows, "MYE2 - Males": half}
    return write_workbook(path, sheets)
