"""Schemas for the tidy tables and consistency checks on the figures as published.

Schema failures stop the import. Consistency disagreements (a class total
larger than its drugs allow, say) are real features of published tables: they
are reported and kept, never "fixed". A check that fails for most forces in
one file means the columns were misread, so that stops the import too.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from build_data.ingest.sources import SourceError
from build_data.reference import CLASS_TOTAL, DRUG_BY_KEY, FORCE_BY_SLUG, FORCES

YEAR = r"^\d{4}-\d{2}$"
FORCE_SLUGS = [f.slug for f in FORCES]
DRUG_KEYS = list(DRUG_BY_KEY)
AREAS = [*FORCE_SLUGS, "england", "wales", "england-and-wales"]


def _count(nullable: bool = True) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0), nullable=nullable)


def _keys(**extra: pa.Column) -> dict[str, pa.Column]:
    return {
        "year": pa.Column(str, pa.Check.str_matches(YEAR)),
        "drug": pa.Column(str, pa.Check.isin(DRUG_KEYS)),
        **extra,
    }


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "forces": pa.DataFrameSchema(
        {
            "force": pa.Column(str, pa.Check.isin(FORCE_SLUGS), unique=True),
            "code": pa.Column(str, pa.Check.str_matches(r"^([EW]\d{8})?$")),
            "name": pa.Column(str),
            "region": pa.Column(str),
            "country": pa.Column(str),
            "kind": pa.Column(
                str, pa.Check.isin(["territorial", "british-transport-police", "border-force"])
            ),
            "local_authorities": pa.Column(str),
        },
        strict=True,
    ),
    "seizures": pa.DataFrameSchema(
        _keys(force=pa.Column(str, pa.Check.isin(FORCE_SLUGS)), seizures=_count()),
        unique=["year", "force", "drug"],
        strict=True,
    ),
    "quantities": pa.DataFrameSchema(
        _keys(
            force=pa.Column(str, pa.Check.isin(FORCE_SLUGS)),
            quantity=pa.Column(float, pa.Check.ge(0), nullable=True),
            unit=pa.Column(str, pa.Check.isin(["kg", "doses", "plants"])),
        ),
        unique=["year", "force", "drug"],
        strict=True,
    ),
    "drug_classes": pa.DataFrameSchema(
        _keys(drug_class=pa.Column(str, pa.Check.isin(["A", "B", "C"]))),
        unique=["year", "drug"],
        strict=True,
    ),
    "england_and_wales": pa.DataFrameSchema(
        _keys(
            total=_count(),
            border_force=_count(),
            police=_count(),
            british_transport_police=_count(),
            territorial_police=_count(),
            source=pa.Column(str),
        ),
        unique=["year", "drug"],
        strict=True,
    ),
    "england_and_wales_quantities": pa.DataFrameSchema(
        _keys(
            unit=pa.Column(str, pa.Check.isin(["kg", "doses", "plants"])),
            total=pa.Column(float, pa.Check.ge(0), nullable=True),
            border_force=pa.Column(float, pa.Check.ge(0), nullable=True),
            police=pa.Column(float, nullable=True),
        ),
        unique=["year", "drug"],
        strict=True,
    ),
    "population": pa.DataFrameSchema(
        {
            "area": pa.Column(str, pa.Check.isin(AREAS)),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100)),
            "population": pa.Column("Int64", pa.Check.gt(0)),
        },
        unique=["area", "year"],
        strict=True,
    ),
}


def check_schema(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate one tidy table; the first failure becomes one readable SourceError."""
    try:
        return SCHEMAS[name].validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        index = first.get("index")
        raise SourceError(
            f"data/{name}.csv (tidy table being written)",
            f"failed check {first['check']!s} ({len(cases)} failure(s) in all)",
            row=None if pd.isna(index) else int(index) + 2,
            column=str(first["column"]),
            value=first["failure_case"],
        ) from None


def consistency(values: pd.DataFrame, classes: dict[str, str], file: str) -> pd.DataFrame:
    """Disagreements among one year's published figures, one row per force and check.

    A seizure of two drugs counts once under each drug but once in a class
    total and once in "all drugs", so a class total lies between its largest
    drug and the sum of its drugs, and "all drugs" is at least any one figure.
    """
    wide = values.pivot(index="force", columns="drug", values="value")
    rows = values.drop_duplicates("force").set_index("force")["row"]
    found: list[dict[str, object]] = []

    def report(force: str, check: str, figure: object, bound: object) -> None:
        found.append(
            {
                "year": values["year"].iloc[0],
                "force": force,
                "check": check,
                "figure": figure,
                "bound": bound,
                "file": file,
                "row": int(rows[force]),
            }
        )

    for drug_class, total_key in CLASS_TOTAL.items():
        members = [k for k, c in classes.items() if c == drug_class and k != total_key]
        if total_key not in wide or not members:
            continue
        for force, row in wide.iterrows():
            total, parts = row[total_key], row[members]
            if pd.isna(total) or parts.isna().all():
                continue
            if total < parts.max():
                report(force, f"{total_key} below its largest drug", total, parts.max())
            if parts.notna().all() and total > parts.sum():
                report(force, f"{total_key} above the sum of its drugs", total, parts.sum())
    if "all-drugs" in wide:
        others = [c for c in wide.columns if c != "all-drugs"]
        for force, row in wide.iterrows():
            total, parts = row["all-drugs"], row[others]
            if pd.notna(total) and parts.notna().any() and total < parts.max():
                report(force, "all-drugs below a single figure", total, parts.max())
    return pd.DataFrame.from_records(
        found, columns=["year", "force", "check", "figure", "bound", "file", "row"]
    )


def stop_if_systematic(disagreements: pd.DataFrame, forces_in_file: int, file: str) -> None:
    """Isolated disagreements are the source's; most forces failing means misread columns."""
    if disagreements.empty:
        return
    counts = disagreements.groupby("check")["force"].nunique()
    worst, failing = counts.idxmax(), int(counts.max())
    if failing > forces_in_file / 2:
        example = disagreements[disagreements["check"] == worst].iloc[0]
        figure = float(example["figure"])  # a plain number: the message shows its repr
        raise SourceError(
            file,
            f"'{worst}' fails for {failing} of {forces_in_file} forces: the columns are "
            "probably not in the order the header says",
            row=int(example["row"]),
            column=str(worst).split(" ")[0],
            value=int(figure) if figure.is_integer() else figure,
        )


def check_coverage(seizures: pd.DataFrame, files: Mapping[str, str] | None = None) -> None:
    """Every English territorial force once in every year; no gap between years.

    `files` gives the table each year was read from, so that a message names it.
    """
    files = files or {}
    english = [f.slug for f in FORCES if f.country == "England" and f.kind == "territorial"]
    years = sorted(seizures["year"].unique())
    starts = [int(y[:4]) for y in years]
    missing_years = sorted(set(range(starts[0], starts[-1] + 1)) - set(starts))
    if missing_years:
        gap = missing_years[0]
        after = next(y for y in years if int(y[:4]) > gap)
        raise SourceError(
            files.get(after, "seizures tables"),
            "a year is missing between the first and last year imported (the file named is "
            "the next year's table)",
            column="year",
            value=f"{gap}-{(gap + 1) % 100:02d}",
        )
    present = seizures.groupby("year")["force"].unique()
    for year in years:
        absent = sorted(set(english) - set(present[year]))
        if absent:
            raise SourceError(
                files.get(year, f"seizures table for {year}"),
                "an English force has no row (a force that did not supply data still "
                "needs a row with empty cells)",
                column="Police force",
                value=FORCE_BY_SLUG[absent[0]].name,
            )
