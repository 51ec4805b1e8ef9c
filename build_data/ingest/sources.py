"""Read published tables (CSV, ODS, XLSX) as grids of cells, keeping spreadsheet row numbers.

A per-force table may have title rows above its header and notes below it.
`read_force_table` finds the header by its first cell ("Police force") and
stops at the first blank row, so every error can name the row a maintainer
sees when opening the file.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from build_data.ingest.normalise import clean_text, name_key

HEADER_FIRST_CELLS = {
    "police force",
    "police force area",
    "force",
    "force name",
    "police force name",
}


class SourceError(Exception):
    """A source table that cannot be imported as it is. Names where and what."""

    def __init__(
        self,
        file: Path | str,
        problem: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.file, self.problem, self.row, self.column, self.value = (
            str(file),
            problem,
            row,
            column,
            value,
        )
        where = [f"file {self.file}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        if value is not None:
            where.append(f"value {value!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


@dataclass
class Grid:
    """Cells as found, with the 1-based spreadsheet row number of each row."""

    path: Path
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[object]]]
    first_column: int = 1  # 1-based spreadsheet column of the "Police force" cell


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_cells(path: Path, sheet: str | int | None = None) -> list[list[object]]:
    """Every cell of the first (or named) sheet, unparsed."""
    path = Path(path)
    suffix = "".join(path.suffixes[-2:]).lower() if path.suffix == ".gz" else path.suffix.lower()
    if not path.exists():
        raise SourceError(path, "file not found")
    try:
        if suffix in {".csv", ".csv.gz"}:
            # The csv module, not pandas: a title row above the header has fewer cells than
            # the table, which pandas' parser rejects ("Expected 1 fields in line 3").
            opener = gzip.open if suffix == ".csv.gz" else open
            with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            width = max((len(r) for r in rows), default=0)
            return [[*r, *[""] * (width - len(r))] for r in rows]
        elif suffix in {".ods", ".xlsx", ".xlsm"}:
            engine = "odf" if suffix == ".ods" else "openpyxl"
            frame = pd.read_excel(
                path, sheet_name=sheet or 0, header=None, engine=engine, dtype=object
            )
        else:
            raise SourceError(path, f"unsupported file type {suffix!r}: use CSV, ODS or XLSX")
    except SourceError:
        raise
    except Exception as exc:  # pandas and its engines raise many types
        raise SourceError(path, f"could not be read as a table ({exc})") from exc
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _blank(cells: list[object]) -> bool:
    return all(clean_text(c) == "" for c in cells)


def read_force_table(path: Path, sheet: str | int | None = None) -> Grid:
    """The per-force block of a table: header row, then rows until the first blank row."""
    cells = read_cells(path, sheet)
    for index, row in enumerate(cells):
        first = next((c for c in row if clean_text(c)), None)
        if first is not None and name_key(first) in HEADER_FIRST_CELLS:
            header_index = index
            break
    else:
        raise SourceError(
            path, "no header row found: expected a row starting with 'Police force'", row=None
        )
    header_cells = cells[header_index]
    offset = next(i for i, c in enumerate(header_cells) if clean_text(c))
    header = [clean_text(c) for c in header_cells[offset:]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    body: list[tuple[int, list[object]]] = []
    for index in range(header_index + 1, len(cells)):
        row = cells[index][offset:]
        if _blank(row):
            break
        extra = [c for c in row[width:] if clean_text(c)]
        if extra:
            raise SourceError(
                path,
                "row has more cells than the header has columns",
                row=index + 1,
                column=f"column {offset + width + 1}",
                value=extra[0],
            )
        body.append((index + 1, (row + [None] * width)[:width]))
    if not body:
        raise SourceError(path, "the table has a header but no rows", row=header_index + 2)
    return Grid(Path(path), header, header_index + 1, body, first_column=offset + 1)
