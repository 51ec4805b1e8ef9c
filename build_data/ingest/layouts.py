"""Find the per-force table in a file as published: which sheet, and which layout.

Government workbooks follow the GSS standard for statistics in spreadsheets:
cover, contents and notes sheets first, then one table per sheet with a few
description rows above its header, "[note N]" markers in labels, shorthand
such as "[x]" for a figure not published, and a total row. A sheet holds a
per-force table when one of its rows is a header of either layout:

- wide (as the Home Office prints it): the force column first ("Police
  force", see HEADER_FIRST_CELLS), then at least MIN_DRUG_COLUMNS known drug
  columns; one row per force down to the first blank row;
- long (as open-data releases often are): one row per year, force and drug,
  its columns named as in LONG_COLUMNS (in any order; other columns ignored).

Cover, contents and notes sheets have no such row and are passed over.
"""

from __future__ import annotations

from pathlib import Path

from build_data.ingest.normalise import NOTE_MARKER, clean_text, drug_key, financial_year, name_key
from build_data.ingest.sources import Grid, SourceError, read_sheets
from build_data.reference import DRUG_BY_KEY

HEADER_FIRST_CELLS = {
    "police force",
    "police force area",
    "force",
    "force name",
    "police force name",
    "police force area name",
}
MIN_DRUG_COLUMNS = 3
# Long layout: the header names accepted for each column, compared through name_key.
LONG_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("financial year", "year", "time period", "period"),
    "force": (*sorted(HEADER_FIRST_CELLS), "pfa name"),
    "drug": ("drug type", "drug", "drug name", "drug group"),
    "value": ("number of seizures", "seizures", "quantity", "quantity seized", "value", "count"),
}
HEADER_ROWS_SEARCHED = 40  # description rows above a header are few
DRUG_ORDER = {key: position for position, key in enumerate(DRUG_BY_KEY)}


def read_force_table(path: Path, sheet: str | None = None, year: str | None = None) -> Grid:
    """The per-force table of a CSV file or of the one sheet of a workbook that holds one.

    `sheet` chooses among several; `year` picks the rows of a long-format table.
    """
    path = Path(path)
    workbook = sheets = read_sheets(path)
    if sheet is not None:
        if sheet not in sheets:
            raise SourceError(path, f"no such sheet; the sheets are {_names(sheets)}", value=sheet)
        sheets = {sheet: sheets[sheet]}
    found = {name: header for name, cells in sheets.items() if (header := _header(cells))}
    if not found:
        raise SourceError(path, _unrecognised(sheets), sheet=sheet)
    if len(found) > 1:
        raise SourceError(
            path,
            f"several sheets hold a per-force table: {_names(found)}; choose one with --sheet "
            "NAME (or --quantities-sheet NAME)",
        )
    name, (index, layout) = next(iter(found.items()))
    if layout == "wide":
        grid = _wide(path, name, sheets[name], index)
    else:
        grid = _long(path, name, sheets[name], index, year)
    grid.notes = _notes(grid, workbook)
    return grid


def _names(sheets: dict) -> str:
    return ", ".join(repr(name) for name in sheets)


def _long_roles(row: list[object]) -> dict[str, int] | None:
    keys = [name_key(c) for c in row]
    roles = {}
    for role, names in LONG_COLUMNS.items():
        position = next((i for i, k in enumerate(keys) if k in names), None)
        if position is None:
            return None
        roles[role] = position
    return roles


def _is_wide(row: list[object]) -> bool:
    cells = [c for c in row if clean_text(c)]
    if not cells or name_key(cells[0]) not in HEADER_FIRST_CELLS:
        return False
    return sum(drug_key(c) is not None for c in cells[1:]) >= MIN_DRUG_COLUMNS


def _header(cells: list[list[object]]) -> tuple[int, str] | None:
    """(row index, layout) of the table's header, or None if the sheet has none."""
    for index, row in enumerate(cells[:HEADER_ROWS_SEARCHED]):
        if _is_wide(row):
            return index, "wide"
        if _long_roles(row) is not None:
            return index, "long"
    return None


def _unrecognised(sheets: dict[str | None, list[list[object]]]) -> str:
    """Why no sheet qualified: the columns found on each, and the columns expected."""
    found = []
    for name, cells in sheets.items():
        # The row with most filled cells is the best guess at a header.
        row = max(cells[:HEADER_ROWS_SEARCHED], key=lambda r: sum(bool(clean_text(c)) for c in r))
        columns = [clean_text(c) for c in row if clean_text(c)] if cells else []
        found.append(f"{'sheet ' + repr(name) if name else 'the file'}: {columns}")
    expected = "; ".join(f"{role}: {', '.join(names)}" for role, names in LONG_COLUMNS.items())
    return (
        "no per-force table found. Expected a header starting 'Police force' followed by "
        f"drug columns such as 'Cocaine', or long-format columns ({expected}). Found "
        + " | ".join(found)
    )


def _blank(cells: list[object]) -> bool:
    return all(clean_text(c) == "" for c in cells)


def _wide(path: Path, sheet: str | None, cells: list[list[object]], header_index: int) -> Grid:
    """Header row, then one row per force until the first blank row."""
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
                sheet=sheet,
            )
        body.append((index + 1, (row + [None] * width)[:width]))
    if not body:
        raise SourceError(path, "the table has a header but no rows", header_index + 2, sheet=sheet)
    return Grid(path, header, header_index + 1, body, offset + 1, sheet)


def _long(
    path: Path, sheet: str | None, cells: list[list[object]], header_index: int, year: str | None
) -> Grid:
    """A long-format table's rows for one year, turned wide; each figure keeps its row."""
    roles = _long_roles(cells[header_index])
    assert roles is not None
    names = [clean_text(c) for c in cells[header_index]]
    if year is None:
        raise SourceError(path, "a long-format table needs --year", sheet=sheet)
    forces: dict[str, tuple[int, str]] = {}  # force key -> (first row, label as published)
    figures: dict[tuple[str, str], tuple[int, object]] = {}  # (force key, drug) -> (row, cell)
    labels: dict[str, str] = {}  # drug key -> label as published
    years: set[str] = set()
    for index in range(header_index + 1, len(cells)):
        row, number = cells[index], index + 1
        if _blank(row):
            break
        where = {"row": number, "sheet": sheet}
        try:
            row_year = financial_year(row[roles["year"]])
        except ValueError:
            raise SourceError(
                path, "not a financial year such as 2019-20", column=names[roles["year"]],
                value=row[roles["year"]], **where,
            ) from None  # fmt: skip
        years.add(row_year)
        if row_year != year:
            continue
        force, drug = row[roles["force"]], row[roles["drug"]]
        key = drug_key(drug)
        if key is None:
            raise SourceError(
                path, "unknown drug", column=names[roles["drug"]], value=drug, **where
            )
        force_key = name_key(force)
        if (force_key, key) in figures:
            raise SourceError(
                path, f"duplicate row: this force and drug already appear in row "
                f"{figures[force_key, key][0]}", column=names[roles["drug"]], value=drug, **where,
            )  # fmt: skip
        forces.setdefault(force_key, (number, clean_text(force)))
        labels.setdefault(key, clean_text(drug))
        figures[force_key, key] = (number, row[roles["value"]])
    if not forces:
        raise SourceError(
            path, f"no rows for {year}; the years found are {sorted(years)}", sheet=sheet
        )
    drugs = sorted(labels, key=DRUG_ORDER.__getitem__)  # the Home Office's column order
    header = [names[roles["force"]], *(labels[k] for k in drugs)]
    body, cell_rows = [], {}
    for force_key, (first, label) in forces.items():
        row = [label]
        for key in drugs:
            number, value = figures.get((force_key, key), (first, None))
            cell_rows[first, labels[key]] = number
            row.append(value)
        body.append((first, row))
    return Grid(path, header, header_index + 1, body, 1, sheet, cell_rows)


def _notes(grid: Grid, sheets: dict[str | None, list[list[object]]]) -> dict[str, str]:
    """The notes the table's labels point to, with their text from the notes sheet if any."""
    labels = [*grid.header, *(cells[0] for _, cells in grid.rows)]
    markers = sorted({int(m) for label in labels for m in NOTE_MARKER.findall(clean_text(label))})
    texts: dict[int, str] = {}
    for name, cells in sheets.items():
        if name is None or "note" not in name_key(name):
            continue
        for row in cells:
            filled = [clean_text(c) for c in row if clean_text(c)]
            match = NOTE_MARKER.fullmatch(filled[0]) if len(filled) >= 2 else None
            if match is None and len(filled) >= 2:
                match = NOTE_MARKER.fullmatch(f"[{filled[0]}]")  # "Note 3" without brackets
            if match:
                texts[int(match.group(1))] = filled[1]
    return {f"[note {n}]": texts.get(n, "") for n in markers}
