"""Read published tables (CSV, ODS, XLSX) as grids of cells, keeping spreadsheet row numbers.

Every error names the file (and sheet) and the row a maintainer sees when
opening it. Which sheet holds a per-force table, and where its header is, is
for build_data.ingest.layouts to find.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


class SourceError(Exception):
    """A source table that cannot be imported as it is. Names where and what."""

    def __init__(
        self,
        file: Path | str,
        problem: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        sheet: str | None = None,
    ) -> None:
        self.file, self.problem, self.row, self.column, self.value = (
            str(file),
            problem,
            row,
            column,
            value,
        )
        self.sheet = sheet
        where = [f"file {self.file}"]
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
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
    sheet: str | None = None  # None for a CSV file
    # (row, column label) -> the spreadsheet row a figure was read from, where that is
    # not the row it is shown in (a long-format table turned wide).
    cell_rows: dict[tuple[int, str], int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # "[note 3]" -> its text, if found


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _suffix(path: Path) -> str:
    return "".join(path.suffixes[-2:]).lower() if path.suffix == ".gz" else path.suffix.lower()


def read_sheets(path: Path) -> dict[str | None, list[list[object]]]:
    """Every sheet of a workbook by name, unparsed; a CSV file is one sheet named None."""
    path = Path(path)
    if _suffix(path) in {".ods", ".xlsx", ".xlsm"} and path.exists():
        engine = "odf" if _suffix(path) == ".ods" else "openpyxl"
        try:
            frames = pd.read_excel(path, sheet_name=None, header=None, engine=engine, dtype=object)
        except Exception as exc:  # pandas and its engines raise many types
            raise SourceError(path, f"could not be read as a workbook ({exc})") from exc
        return {str(name): _cells(frame) for name, frame in frames.items()}
    return {None: read_cells(path)}


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def read_cells(path: Path, sheet: str | int | None = None) -> list[list[object]]:
    """Every cell of the first (or named) sheet, unparsed."""
    path = Path(path)
    suffix = _suffix(path)
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
    return _cells(frame)
