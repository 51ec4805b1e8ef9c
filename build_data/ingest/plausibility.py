"""Stop on figures that are almost certainly wrong, before anything is written.

Published tables do disagree with themselves now and then (data/source_checks.csv
lists every disagreement found in the published files); those are kept. What
this guard stops is a figure no published table would carry: a force's total
ten times (or a tenth of) the year before, a class total below its own largest
drug, a total above the sum of every drug column, a force above the whole of
England and Wales. A maintainer who has checked such a figure against the
publisher's release imports it with `--accept NAME`; the report and provenance
say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from build_data.ingest.force_tables import ParsedTable
from build_data.ingest.reports import render, render_lines
from build_data.ingest.sources import SourceError
from build_data.reference import DRUG_BY_KEY

RATIO = 10  # a force's total more than RATIO times, or under 1/RATIO of, the year before
BASE = 100  # ... when the year before had at least BASE seizures
PARTS = [k for k, d in DRUG_BY_KEY.items() if d.kind in {"drug", "other", "unknown"}]
# Checks of validate.consistency that the guard stops on (unless already listed).
STOPPING_CHECKS = ("below its largest drug",)


@dataclass(frozen=True)
class Implausible:
    """One figure the guard stops on; `name` is what --accept takes."""

    name: str
    problem: str
    file: str
    sheet: str | None
    row: int
    column: str
    value: object
    compared_with: str


def _finding(parsed: ParsedTable, force: str, drug: str, problem: str, compared: str):
    values = parsed.values
    row = values[(values["force"] == force) & (values["drug"] == drug)].iloc[0]
    value = float(row["value"])  # a plain number: the message shows its repr
    return Implausible(
        f"{parsed.year}:{force}:{drug}", problem, Path(parsed.file).name, parsed.sheet,
        int(row["row"]), str(row["column"]), int(value) if value.is_integer() else value,
        compared,
    )  # fmt: skip


def _jumps(parsed: ParsedTable, previous: pd.Series) -> Iterable[Implausible]:
    totals = parsed.values[parsed.values["drug"] == "all-drugs"].set_index("force")["value"]
    for force, value in totals.dropna().items():
        before = previous.get(force)
        if before is None or pd.isna(before) or before < BASE:
            continue
        if value > RATIO * before or value < before / RATIO:
            yield _finding(
                parsed, force, "all-drugs",
                f"seizures of any drug more than {RATIO} times, or less than a tenth of, "
                "the year before", f"{int(before):,} the year before",
            )  # fmt: skip


def _parts(parsed: ParsedTable) -> Iterable[Implausible]:
    wide = parsed.values.pivot(index="force", columns="drug", values="value")
    parts = [k for k in PARTS if k in wide]
    if "all-drugs" not in wide or not parts:
        return
    for force, row in wide.iterrows():
        complete = pd.notna(row["all-drugs"]) and row[parts].notna().all()
        if complete and row["all-drugs"] > row[parts].sum():
            yield _finding(
                parsed, force, "all-drugs",
                "seizures of any drug above the sum of every drug column and 'unknown'",
                f"{int(row[parts].sum()):,}, the sum of {len(parts)} columns",
            )  # fmt: skip


def _above_national(parsed: ParsedTable, national: dict[str, float]) -> Iterable[Implausible]:
    for row in parsed.values.dropna(subset=["value"]).itertuples():
        total = national.get(row.drug)
        if total is not None and pd.notna(total) and row.value > total:
            yield _finding(
                parsed, row.force, row.drug, "a force's figure above England and Wales's",
                f"{int(total):,} for England and Wales",
            )  # fmt: skip


def _inconsistent(
    parsed: ParsedTable, disagreements: pd.DataFrame, known: pd.DataFrame
) -> Iterable[Implausible]:
    listed = {(r.year, r.force, r.check) for r in known.itertuples()}
    for row in disagreements.itertuples():
        if row.check.endswith(STOPPING_CHECKS) and (row.year, row.force, row.check) not in listed:
            drug = row.check.split(" ")[0]
            yield _finding(parsed, row.force, drug, row.check, f"{row.bound:,g}, its largest drug")


def findings(
    parsed: ParsedTable,
    disagreements: pd.DataFrame,
    previous: pd.Series,
    national: dict[str, float],
    known: pd.DataFrame,
) -> list[Implausible]:
    """Every implausible figure in a table, in the order `guard` reports them."""
    return [
        *_jumps(parsed, previous),
        *_parts(parsed),
        *_above_national(parsed, national),
        *_inconsistent(parsed, disagreements, known),
    ]


def guard(
    parsed: ParsedTable,
    disagreements: pd.DataFrame,
    previous: pd.Series,
    national: dict[str, float],
    known: pd.DataFrame,
    accept: Iterable[str] = (),
) -> list[dict]:
    """Stop on the first implausible figure not accepted; return those accepted, as records.

    `previous` is each force's seizures of any drug the year before; `national`
    England and Wales's figure for each drug this year; `known` the disagreements
    already listed in data/source_checks.csv.
    """
    found = findings(parsed, disagreements, previous, national, known)
    accept = set(accept)
    stopping = [f for f in found if f.name not in accept]
    if stopping:
        first = stopping[0]
        raise SourceError(
            parsed.file,
            render("implausible.txt.j2", first=first, more=len(stopping) - 1),
            row=first.row,
            column=first.column,
            value=first.value,
            sheet=first.sheet,
        )
    return [asdict(f) for f in found]


def accepted_lines(accepted: list[dict]) -> list[str]:
    """Report lines for the figures a maintainer accepted."""
    return render_lines("accepted.txt.j2", accepted=accepted)
