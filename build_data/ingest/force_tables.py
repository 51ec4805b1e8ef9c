"""Parse a per-force Home Office table (one row per force, one column per drug) into long form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from build_data.ingest.normalise import (
    AGGREGATE_KEYS,
    SHORTHAND,
    CellError,
    clean_text,
    drug_key,
    force_slug,
    name_key,
)
from build_data.ingest.sources import Grid, SourceError, sha256
from build_data.reference import DRUG_BY_KEY, HEADER_ERRATA


@dataclass
class ParsedTable:
    """Figures from one file, in long form, with where each came from."""

    file: str
    year: str
    values: pd.DataFrame  # year, force, drug, value, row, column
    aggregates: pd.DataFrame  # year, area, drug, value (England and Wales rows, if any)
    classes: dict[str, str]  # drug -> legal class, as laid out in this table's blocks
    corrections: list[str] = field(default_factory=list)
    sheet: str | None = None
    # Figures given as GSS shorthand ("[x]"): force, drug, shorthand, meaning.
    shorthand: list[dict[str, str]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # "[note 3]" -> its text


def _columns(grid: Grid) -> tuple[list[str], list[str]]:
    """Drug key of each column after the first, applying a known erratum for this exact file."""
    notes: list[str] = []
    header = grid.header
    erratum = HEADER_ERRATA.get(sha256(grid.path))
    if erratum is not None:
        if len(erratum.header) != len(header):
            raise SourceError(
                grid.path, "header erratum does not fit the file", grid.header_row, sheet=grid.sheet
            )
        notes.append(f"{grid.path.name}: header corrected. {erratum.why}")
        header = list(erratum.header)
    keys: list[str] = []
    for position, label in enumerate(header[1:], start=grid.first_column + 1):
        key = drug_key(label)
        if key is None:
            raise SourceError(
                grid.path,
                "unknown drug column header (add it to build_data/reference.py if it is a new "
                "drug type)",
                row=grid.header_row,
                column=f"column {position}",
                value=label,
                sheet=grid.sheet,
            )
        if key in keys:
            raise SourceError(
                grid.path,
                f"duplicate drug column: {DRUG_BY_KEY[key].label} appears twice",
                row=grid.header_row,
                column=f"column {position}",
                value=label,
                sheet=grid.sheet,
            )
        keys.append(key)
    return keys, notes


def _block_classes(keys: list[str]) -> dict[str, str]:
    """Each drug's class is the class of the total that closes its block of columns."""
    classes: dict[str, str] = {}
    pending: list[str] = []
    for key in keys:
        drug = DRUG_BY_KEY[key]
        if drug.kind == "class-total":
            for member in pending:
                classes[member] = drug.drug_class
            classes[key] = drug.drug_class
            pending = []
        elif drug.kind in {"drug", "other"}:
            pending.append(key)
    for member in pending:  # a table without class totals: fall back to the legal class
        classes[member] = DRUG_BY_KEY[member].drug_class
    return classes


def _row_identity(grid: Grid, row_number: int, label: object, seen: dict[str, int]) -> tuple:
    """(force slug, aggregate area) of a row; stops on an unknown or repeated name."""
    slug = force_slug(label)
    area = AGGREGATE_KEYS.get(name_key(label)) if slug is None else None
    where = {"row": row_number, "column": grid.header[0], "value": label, "sheet": grid.sheet}
    if slug is None and area is None:
        raise SourceError(
            grid.path,
            "unknown police force name (add a spelling to build_data/reference.py if it "
            "is a known force)",
            **where,
        )
    identity = slug or area
    if identity in seen:
        raise SourceError(
            grid.path, f"duplicate row: this force already appears in row {seen[identity]}", **where
        )
    seen[identity] = row_number
    return slug, area


def parse_force_table(
    grid: Grid, year: str, parse: Callable[[object], float | int | None]
) -> ParsedTable:
    """Long-form figures; stops at the first unknown force, duplicate row or bad cell."""
    keys, notes = _columns(grid)
    labels = grid.header[1:]
    records: list[dict[str, object]] = []
    aggregates: list[dict[str, object]] = []
    shorthand: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for row_number, cells in grid.rows:
        slug, area = _row_identity(grid, row_number, cells[0], seen)
        for key, header_label, cell in zip(keys, labels, cells[1:], strict=True):
            row = grid.cell_rows.get((row_number, header_label), row_number)
            try:
                value = parse(cell)
            except CellError as exc:
                raise SourceError(
                    grid.path, f"cell {exc}", row, header_label, cell, sheet=grid.sheet
                ) from None
            code = clean_text(cell).lower()
            if code in SHORTHAND:
                meaning = SHORTHAND[code]
                shorthand.append({"force": slug or area, "drug": key, "shorthand": code,
                                  "meaning": meaning, "row": row})  # fmt: skip
            if slug is not None:
                records.append({"year": year, "force": slug, "drug": key, "value": value,
                                "row": row, "column": header_label})  # fmt: skip
            else:
                aggregates.append({"year": year, "area": area, "drug": key, "value": value})
    return ParsedTable(
        file=str(grid.path),
        year=year,
        values=pd.DataFrame.from_records(records),
        aggregates=pd.DataFrame.from_records(aggregates, columns=["year", "area", "drug", "value"]),
        classes=_block_classes(keys),
        corrections=notes,
        sheet=grid.sheet,
        shorthand=shorthand,
        notes=dict(grid.notes),
    )
