"""Build the tidy tables from the raw published files, check them all, then write them.

Nothing is written until every table has passed every check; files are
written beside their destination and moved into place, so a failed import
leaves data/ exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from build_data.ingest.force_tables import ParsedTable, parse_force_table
from build_data.ingest.normalise import (
    CellError,
    clean_text,
    drug_key,
    financial_year,
    parse_count,
    parse_quantity,
    year_from_end,
)
from build_data.ingest.sources import SourceError, read_cells, read_force_table, sha256
from build_data.ingest.validate import (
    SCHEMAS,
    check_coverage,
    check_schema,
    consistency,
    stop_if_systematic,
)
from build_data.reference import (
    DRUG_BY_KEY,
    FORCE_BY_CODE,
    FORCES,
    LA_SUCCESSORS,
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


def _lookup(path: Path) -> pd.DataFrame:
    lookup = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    lookup = lookup.map(clean_text)
    for number, code in enumerate(lookup["PFA16CD"], start=2):
        if code not in FORCE_BY_CODE:
            raise SourceError(path, "unknown police force area code", number, "PFA16CD", code)
    return lookup


def _la_to_force(lookup: pd.DataFrame, population_path: Path) -> dict[str, str]:
    mapping = {
        row.LAD16CD: FORCE_BY_CODE[row.PFA16CD].slug for row in lookup.itertuples(index=False)
    }
    for new, old in LA_SUCCESSORS.items():
        forces = {mapping.get(code) for code in old}
        if len(forces) != 1 or None in forces:
            raise SourceError(
                population_path,
                f"predecessor districts {', '.join(old)} do not lie in one force area",
                column="code",
                value=new,
            )
        mapping[new] = forces.pop()
    return mapping


def _population(path: Path, lookup: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mid-year population by force area, and the local authorities of each force."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.map(clean_text)  # two codes carry a trailing non-breaking space
    mapping = _la_to_force(lookup, path)
    unknown = frame[~frame["code"].isin(mapping)]
    if not unknown.empty:
        first = unknown.index[0]
        raise SourceError(
            path, "local authority not in the force lookup", first + 2, "code", unknown.iloc[0, 0]
        )
    counts = []
    for number, cell in zip(frame.index + 2, frame["population"], strict=True):
        try:
            counts.append(parse_count(cell))
        except CellError as exc:
            raise SourceError(path, f"population {exc}", int(number), "population", cell) from None
    frame["population"] = pd.array(counts, dtype="Int64")
    frame["year"] = frame["year"].astype(int)
    frame["area"] = frame["code"].map(mapping)
    by_force = frame.groupby(["area", "year"], as_index=False)["population"].sum()
    frame["country"] = frame["code"].str[0].map({"E": "england", "W": "wales"})
    by_country = frame.groupby(["country", "year"], as_index=False)["population"].sum()
    by_country = by_country.rename(columns={"country": "area"})
    both = (
        frame.groupby("year", as_index=False)["population"].sum().assign(area="england-and-wales")
    )
    population = pd.concat([by_force, by_country, both], ignore_index=True)
    population["population"] = population["population"].astype("Int64")

    names = pd.concat(
        [
            lookup.assign(area=lookup["PFA16CD"].map(lambda c: FORCE_BY_CODE[c].slug))[
                ["area", "LAD16NM"]
            ].rename(columns={"LAD16NM": "name"}),
            frame[["area", "name"]],
        ]
    ).drop_duplicates()
    local_authorities = (
        names.sort_values("name").groupby("area")["name"].agg(lambda s: "; ".join(s)).to_dict()
    )
    return population[["area", "year", "population"]], local_authorities


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


def import_raw(raw: Path) -> Dataset:
    """Every table from the raw folder, checked. Raises SourceError on the first problem."""
    raw = Path(raw)
    home = raw / "home-office"
    seizure_files = sorted((home / "seizures-by-force").glob("Seizures*.csv"))
    quantity_files = sorted((home / "quantities-by-force").glob("Quantities*.csv"))
    parsed_seizures = _parse_files(seizure_files, parse_count)
    parsed_quantities = _parse_files(quantity_files, parse_quantity)
    seizure_years = {t.year for t in parsed_seizures}
    quantity_years = {t.year for t in parsed_quantities}
    if seizure_years != quantity_years:
        odd = sorted(seizure_years ^ quantity_years)[0]
        raise SourceError(
            home, "seizures and quantities tables cover different years", column="year", value=odd
        )
    seizures, classes, checks = _seizures(parsed_seizures)
    quantities = _quantities(parsed_quantities)

    ew_path = home / "england-and-wales" / "seizures_EW.csv"
    ewq_path = home / "england-and-wales" / "quantities_EW.csv"
    national = _national(ew_path, parse_count)
    national = national[national["year"].isin(seizure_years)].assign(
        source="Home Office England and Wales totals table"
    )
    missing = sorted(seizure_years - set(national["year"]))
    if missing:
        raise SourceError(
            ew_path, "no England and Wales row for a year", column="year", value=missing[0]
        )
    national_q = _national(ewq_path, parse_quantity)
    national_q = national_q[national_q["year"].isin(seizure_years)]

    lookup_path = raw / "ons" / "lad16-csp16-pfa16-lookup.csv"
    population_path = raw / "ons" / "la-population-mid-2001-2020.csv.gz"
    population, local_authorities = _population(population_path, _lookup(lookup_path))

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
    ho = lambda paths: [_file_record(p, raw) for p in paths]  # noqa: E731
    provenance = {
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
    messages = [c for t in parsed_seizures + parsed_quantities for c in t.corrections]
    return Dataset(validate_tables(tables), provenance, messages)


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
    checks = dataset.tables["source_checks"]
    years = sorted(seizures["year"].unique())
    lines = [
        f"Imported {len(years)} years ({years[0]} to {years[-1]}), "
        f"{seizures['force'].nunique()} forces and agencies.",
    ]
    for year in years:
        row = national[(national["year"] == year) & (national["drug"] == "all-drugs")]
        police = row["police"].iloc[0] if not row.empty else None
        forces = seizures[(seizures["year"] == year) & seizures["seizures"].notna()]["force"]
        lines.append(
            f"  {year}: {forces.nunique()} forces with figures; England and Wales police "
            f"seizures {'not published' if police is None or pd.isna(police) else f'{police:,}'}"
        )
    lines += list(dataset.messages)
    if not checks.empty:
        lines.append(
            f"{len(checks)} disagreement(s) in the published figures (data/source_checks.csv):"
        )
        lines += [
            f"  {c.year} {c.force}: {c.check} "
            f"({c.figure:g} against {c.bound:g}; {c.file} row {c.row})"
            for c in checks.itertuples()
        ]
    return "\n".join(lines)
