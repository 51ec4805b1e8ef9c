"""A new year's table as government publishes one today: a GSS-style multi-sheet workbook.

Shared by the workbook, guard and maintainer tests. The table is built from the
real 2018-19 table (data/raw): cover, contents and notes sheets first, then the
table with description rows above its header, `[note N]` markers, `[x]`, `[z]`
and `[c]` for the cells the Home Office left empty, numbers stored as text with
thousands separators, and an England and Wales total row under the header.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from build_data.ingest.normalise import drug_key
from build_data.ingest.sources import read_cells

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
PUBLISHED = RAW / "home-office" / "seizures-by-force" / "Seizures18-19.csv"
COVER = [["Seizures of drugs in England and Wales, year ending March 2020"], ["Data tables"]]
CONTENTS = [["Table number", "Table title"], ["Table 3", "Seizures by police force area"]]
NOTES = [
    ["Note number", "Note text"],
    ["[note 1]", "Figures are for police force areas."],
    ["[note 2]", "Sussex's figures are an estimate."],
]
DESCRIPTION = [
    ["Table 3: Seizures of drugs by police force area and drug type"],
    ["This worksheet contains one table. Some cells refer to notes in the notes sheet."],
    ["Shorthand: [x] not available, [z] not applicable, [c] confidential."],
]
# Changes to the published figures: (row label, column label) -> the new figure.
Changes = Mapping[tuple[str, str], int]


def published() -> list[list[str]]:
    """The 2018-19 table as published: header row, then one row per force."""
    return [list(r) for r in read_cells(PUBLISHED) if any(r)]


def national() -> dict[str, int]:
    """The 2018-19 England and Wales row, from the committed table, by drug key."""
    table = pd.read_csv(RAW.parent / "england_and_wales.csv", dtype={"year": str})
    table = table[table["year"] == "2018-19"]
    return dict(zip(table["drug"], table["total"], strict=True))


def gss_table(changes: Changes | None = None) -> list[list[object]]:
    """The published table in GSS layout, with `changes` made to it.

    The total row moves with the changes: each column's total changes by the
    sum of that column's changes, as the publisher's own total would.
    """
    changes = dict(changes or {})
    header, *rows = published()
    shift = dict.fromkeys(header[1:], 0)
    body, blanks = [], iter(["[x]", "[z]", "[c]"])
    for row in rows:
        figures = []
        for column, cell in zip(header[1:], row[1:], strict=True):
            figure = changes.pop((row[0], column), int(cell) if cell else None)
            if cell and figure is not None:
                shift[column] += figure - int(cell)
            figures.append(next(blanks, "[x]") if figure is None else f"{figure:,}")
        label = f"{row[0]} [note 2]" if row[0] == "Sussex" else row[0]
        body.append([label, *figures])
    assert not changes, f"no such cells in the published table: {list(changes)}"
    totals = national()
    total_row = [
        "England and Wales",
        *(f"{totals[drug_key(h)] + shift[h]:,}" for h in header[1:]),
    ]
    return [*DESCRIPTION, [f"{header[0]} [note 1]", *header[1:]], total_row, *body]


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    engine = {".ods": "odf", ".xlsx": "openpyxl"}[path.suffix]
    with pd.ExcelWriter(path, engine=engine) as writer:
        for name, rows in sheets.items():
            width = max(len(r) for r in rows)
            frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
            frame.to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def gss_workbook(path: Path, changes: Changes | None = None, **extra: list[list[object]]) -> Path:
    """Cover, contents and notes sheets, then the table (and any `extra` sheets)."""
    sheets = {
        "Cover": COVER,
        "Contents": CONTENTS,
        "Notes": NOTES,
        "Table 3": gss_table(changes),
    }
    return write_workbook(path, {**sheets, **extra})
