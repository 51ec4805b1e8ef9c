"""Build the tidy tables from the raw published files, check them all, then write them.

Nothing is written until every table has passed every check; files are
written beside their destination and moved into place, so a failed import
leaves data/ exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from build_data.ingest.force_tables import ParsedTable, parse_force_table
from build_data.ingest.layouts import read_force_table
from build_data.ingest.normalise import (
    CellError,
    clean_text,
    drug_key,
    financial_year,
    parse_count,
    parse_quantity,
    year_from_end,
)
from build_data.ingest.plausibility import accepted_lines, guard
from build_data.ingest.population import LOOKUP_CSV, POPULATION_CSV, _lookup, _population
from build_data.ingest.reports import render
from build_data.ingest.sources import SourceError, read_cells, sha256
from build_data.ingest.validate import (
    SCHEMAS,
    check_coverage,
    check_schema,
    consistency,
    stop_if_systematic,
)
from build_data.reference import (
    DRUG_BY_KEY,
    FORCES,
    OGL,
    OGL_URL,
)
from build_data.tidy import TABLES, Dataset, load_notes, read_dataset, write_dataset

__all__ = ["TABLES", "Dataset", "import_raw", "load_notes", "read_dataset", "write_dataset"]

HOME_OFFICE = "Home Office"
ONS = "Office for National Statistics"
SEIZURES_TITLE = "Seizures of drugs in England and Wales: data tables"


# ---------------------------------------------------------------- per-force tables


def _year_of(path: Path) -> str:
    match = re.search(r"(\d{2})-(\d{2})", path.stem)
    if not match:
        raise SourceError(path, "file name does not contain a year such as 18-19")
    return financial_year(f"20{match.group(1)}-{match.group(2)}")


def _parse_files(
    paths: list[Path], parse: Callable[[object], float | int | None]
) -> list[ParsedTable]:
    if not paths:
        raise SourceError("raw folder", "no per-force tables found")
    return [parse_force_table(read_force_table(p), _year_of(p), parse) for p in sorted(paths)]


def _long(parsed: list[ParsedTable], value: str) -> pd.DataFrame:
    frame = pd.concat([p.values for p in parsed], ignore_index=True)
    return frame.rename(columns={"value": value})


def _seizures(parsed: list[ParsedTable]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    checks = []
    for table in parsed:
        found = consistency(table.values, table.classes, Path(table.file).name)
        stop_if_systematic(found, table.values["force"].nunique(), table.file)
        checks.append(found)
    frame = _long(parsed, "seizures")
    frame["seizures"] = frame["seizures"].astype("Int64")
    check_coverage(frame, {t.year: t.file for t in parsed})
    classes = pd.DataFrame(
        [{"year": t.year, "drug": d, "drug_class": c} for t in parsed for d, c in t.classes.items()]
    )
    return (
        frame[["year", "force", "drug", "seizures"]],
        classes,
        pd.concat(checks, ignore_index=True),
    )


def _quantities(parsed: list[ParsedTable]) -> pd.DataFrame:
    frame = _long(parsed, "quantity")
    units = frame["drug"].map(lambda k: DRUG_BY_KEY[k].unit)
    no_unit = frame[units == ""]
    if not no_unit.empty:
        bad = no_unit.iloc[0]
        raise SourceError(
            parsed[0].file,
            "quantities are published for a drug with no known unit",
            row=int(bad["row"]),
            column=str(bad["column"]),
        )
    frame["unit"] = units
    frame["quantity"] = frame["quantity"].astype(float)
    return frame[["year", "force", "drug", "quantity", "unit"]]


# ---------------------------------------------------------------- national totals


def _national(path: Path, parse: Callable[[object], float | int | None]) -> pd.DataFrame:
    """England and Wales totals file: `year` is the year ending in March."""
    cells = read_cells(path)
    header = [clean_text(c) for c in cells[0]]
    if header[0].lower() != "year":
        raise SourceError(path, "expected 'year' as the first header", 1, header[0], header[0])
    keys = []
    for position, label in enumerate(header[1:], start=2):
        key = drug_key(label)
        if key is None:
            raise SourceError(path, "unknown drug column header", 1, f"column {position}", label)
        keys.append(key)
    records = []
    for number, row in enumerate(cells[1:], start=2):
        if not any(clean_text(c) for c in row):
            continue
        try:
            year = year_from_end(int(clean_text(row[0])))
        except ValueError:
            raise SourceError(path, "year is not a whole number", number, "year", row[0]) from None
        for key, label, cell in zip(keys, header[1:], row[1:], strict=True):
            try:
                records.append({"year": year, "drug": key, "total": parse(cell)})
            except CellError as exc:
                raise SourceError(path, f"cell {exc}", number, label, cell) from None
    return pd.DataFrame.from_records(records)


def _agency(frame: pd.DataFrame, force: str, value: str) -> pd.DataFrame:
    part = frame[frame["force"] == force][["year", "drug", value]]
    return part.rename(columns={value: force.replace("-", "_")})


def _england_and_wales(national: pd.DataFrame, seizures: pd.DataFrame) -> pd.DataFrame:
    merged = national.merge(_agency(seizures, "border-force", "seizures"), how="left")
    merged = merged.merge(_agency(seizures, "british-transport-police", "seizures"), how="left")
    for column in ("total", "border_force", "british_transport_police"):
        merged[column] = merged[column].astype("Int64")
    merged["police"] = merged["total"] - merged["border_force"]
    merged["territorial_police"] = merged["police"] - merged["british_transport_police"]
    return merged[
        [
            "year",
            "drug",
            "total",
            "border_force",
            "police",
            "british_transport_police",
            "territorial_police",
            "source",
        ]
    ]


def _england_and_wales_quantities(national: pd.DataFrame, quantities: pd.DataFrame) -> pd.DataFrame:
    merged = national.merge(_agency(quantities, "border-force", "quantity"), how="left")
    merged["unit"] = merged["drug"].map(lambda k: DRUG_BY_KEY[k].unit)
    merged["total"] = merged["total"].astype(float)
    merged["border_force"] = merged["border_force"].astype(float)
    # Both published to at most 5 decimal places; keep the difference at that precision.
    merged["police"] = (merged["total"] - merged["border_force"]).round(5)
    return merged[["year", "drug", "unit", "total", "border_force", "police"]]


# ---------------------------------------------------------------- population and forces


def _forces(local_authorities: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "force": f.slug,
                "code": f.code,
                "name": f.name,
                "region": f.region,
                "country": f.country,
                "kind": f.kind,
                "local_authorities": local_authorities.get(f.slug, ""),
            }
            for f in FORCES
        ]
    )


# ---------------------------------------------------------------- whole imports


def _file_record(path: Path, raw: Path) -> dict[str, str]:
    return {"path": str(path.relative_to(raw)), "sha256": sha256(path)}


def _home_office(raw: Path) -> tuple[list[ParsedTable], list[ParsedTable]]:
    """Every per-force seizures and quantities table; both must cover the same years."""
    home = raw / "home-office"
    parsed_seizures = _parse_files(
        sorted((home / "seizures-by-force").glob("Seizures*.csv")), parse_count
    )
    parsed_quantities = _parse_files(
        sorted((home / "quantities-by-force").glob("Quantities*.csv")), parse_quantity
    )
    seizure_years = {t.year for t in parsed_seizures}
    quantity_years = {t.year for t in parsed_quantities}
    if seizure_years != quantity_years:
        odd = sorted(seizure_years ^ quantity_years)[0]
        raise SourceError(
            home, "seizures and quantities tables cover different years", column="year", value=odd
        )
    return parsed_seizures, parsed_quantities


def _national_tables(home: Path, years: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ew_path = home / "england-and-wales" / "seizures_EW.csv"
    national = _national(ew_path, parse_count)
    national = national[national["year"].isin(years)].assign(
        source="Home Office England and Wales totals table"
    )
    missing = sorted(years - set(national["year"]))
    if missing:
        raise SourceError(
            ew_path, "no England and Wales row for a year", column="year", value=missing[0]
        )
    national_q = _national(home / "england-and-wales" / "quantities_EW.csv", parse_quantity)
    return national, national_q[national_q["year"].isin(years)]


def _guard_all(
    parsed: list[ParsedTable], checks: pd.DataFrame, national: pd.DataFrame, accept: Sequence[str]
) -> list[dict]:
    """The plausibility guard on every year, each against the year before."""
    accepted: list[dict] = []
    previous = pd.Series(dtype=float)
    for table in sorted(parsed, key=lambda t: t.year):
        totals = national[national["year"] == table.year].set_index("drug")["total"].to_dict()
        found = checks[checks["year"] == table.year]
        accepted += guard(table, found, previous, totals, checks.iloc[0:0], accept)
        values = table.values
        previous = values[values["drug"] == "all-drugs"].set_index("force")["value"]
    return accepted


def import_raw(raw: Path, accept: Sequence[str] = ()) -> Dataset:
    """Every table from the raw folder, checked. Raises SourceError on the first problem."""
    raw = Path(raw)
    parsed_seizures, parsed_quantities = _home_office(raw)
    seizures, classes, checks = _seizures(parsed_seizures)
    national, national_q = _national_tables(raw / "home-office", set(seizures["year"]))
    accepted = _guard_all(parsed_seizures, checks, national, accept)
    population, local_authorities = _population(raw / POPULATION_CSV, _lookup(raw / LOOKUP_CSV))
    quantities = _quantities(parsed_quantities)
    tables = {
        "forces": _forces(local_authorities),
        "seizures": seizures,
        "quantities": quantities,
        "drug_classes": classes,
        "england_and_wales": _england_and_wales(national, seizures),
        "england_and_wales_quantities": _england_and_wales_quantities(national_q, quantities),
        "population": population,
        "source_checks": checks,
    }
    provenance = _raw_provenance(raw, parsed_seizures, parsed_quantities)
    if accepted:
        provenance["seizures"]["accepted"] = accepted
    messages = [c for t in parsed_seizures + parsed_quantities for c in t.corrections]
    messages += accepted_lines(accepted)
    return Dataset(validate_tables(tables), provenance, messages)


def _raw_provenance(
    raw: Path, parsed_seizures: list[ParsedTable], parsed_quantities: list[ParsedTable]
) -> dict[str, dict]:
    """Publisher, title, licence and fingerprint of every raw file behind each table."""
    seizure_files = [Path(t.file) for t in parsed_seizures]
    quantity_files = [Path(t.file) for t in parsed_quantities]
    ew_path = raw / "home-office" / "england-and-wales" / "seizures_EW.csv"
    ewq_path = raw / "home-office" / "england-and-wales" / "quantities_EW.csv"
    lookup_path, population_path = raw / LOOKUP_CSV, raw / POPULATION_CSV
    ho = lambda paths: [_file_record(p, raw) for p in paths]  # noqa: E731
    return {
        "seizures": _provenance(HOME_OFFICE, SEIZURES_TITLE, ho(seizure_files)),
        "drug_classes": _provenance(HOME_OFFICE, SEIZURES_TITLE, ho(seizure_files)),
        "source_checks": _provenance(HOME_OFFICE, SEIZURES_TITLE, ho(seizure_files)),
        "quantities": _provenance(HOME_OFFICE, SEIZURES_TITLE, ho(quantity_files)),
        "england_and_wales": _provenance(
            HOME_OFFICE, SEIZURES_TITLE, ho([ew_path, *seizure_files])
        ),
        "england_and_wales_quantities": _provenance(
            HOME_OFFICE, SEIZURES_TITLE, ho([ewq_path, *quantity_files])
        ),
        "population": _provenance(
            ONS,
            "Mid-year population estimates by local authority; LAD to CSP to PFA lookup (Dec 2016)",
            ho([population_path, lookup_path]),
        ),
        "forces": _provenance(
            ONS,
            "Local authority district to police force area lookup (Dec 2016)",
            ho([lookup_path, population_path]),
        ),
        # Written by boundaries.write_boundaries, simplified for the map.
        "boundaries": _provenance(
            "ONS Open Geography Portal",
            "Police Force Areas (December 2017), ultra generalised clipped boundaries",
            ho([raw / "ons" / "pfa-dec2017-buc.geojson"]),
        ),
    }


def _provenance(publisher: str, title: str, files: list[dict[str, str]]) -> dict:
    return {
        "publisher": publisher,
        "title": title,
        "licence": OGL,
        "licence_url": OGL_URL,
        "files": files,
    }


def validate_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    checked = {}
    for name, frame in tables.items():
        # source_checks is a report on the source, not a table of figures: no schema.
        checked[name] = check_schema(name, frame) if name in SCHEMAS else frame
    return checked


def summary(dataset: Dataset) -> str:
    """What an import produced, for the maintainer's terminal."""
    seizures = dataset.tables["seizures"]
    national = dataset.tables["england_and_wales"]
    police = national[national["drug"] == "all-drugs"].set_index("year")["police"]
    with_figures = seizures[seizures["seizures"].notna()].groupby("year")["force"].nunique()
    years = [
        {
            "year": year,
            "forces": int(with_figures.get(year, 0)),
            "police": None if pd.isna(police.get(year)) else int(police.get(year)),
        }
        for year in sorted(seizures["year"].unique())
    ]
    return render(
        "summary.txt.j2",
        years=years,
        forces=seizures["force"].nunique(),
        messages=list(dataset.messages),
        checks=list(dataset.tables["source_checks"].itertuples()),
    )
