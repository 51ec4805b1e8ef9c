"""Add one year's per-force table (as a maintainer downloads it) to the committed tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from build_data.ingest.force_tables import ParsedTable, parse_force_table
from build_data.ingest.importer import Dataset, read_dataset, validate_tables
from build_data.ingest.layouts import read_force_table
from build_data.ingest.normalise import financial_year, parse_count, parse_quantity, year_start
from build_data.ingest.plausibility import guard
from build_data.ingest.population import ordered
from build_data.ingest.reports import render, render_lines
from build_data.ingest.sources import sha256
from build_data.ingest.validate import check_coverage, consistency, stop_if_systematic
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG

AGENCY_COLUMNS = {
    "border-force": "border_force",
    "british-transport-police": "british_transport_police",
}


def _replace_year(frame: pd.DataFrame, year: str, new: pd.DataFrame) -> pd.DataFrame:
    kept = frame[frame["year"] != year]
    combined = pd.concat([kept, new[frame.columns]], ignore_index=True)
    return combined.sort_values("year", kind="stable").reset_index(drop=True)


def _revisions(old: pd.DataFrame, new: pd.DataFrame, value: str) -> pd.DataFrame:
    merged = old.merge(new, on=["year", "force", "drug"], suffixes=("_before", "_after"))
    before, after = merged[f"{value}_before"], merged[f"{value}_after"]
    changed = (before.isna() != after.isna()) | (before.notna() & after.notna() & (before != after))
    return merged[changed.fillna(False)]


def _national_rows(parsed: ParsedTable, seizures: pd.DataFrame, year: str) -> pd.DataFrame:
    """England and Wales totals from the table's own total row, if it has one."""
    totals = parsed.aggregates[parsed.aggregates["area"] == "england-and-wales"]
    if totals.empty:
        return pd.DataFrame()
    frame = totals[["year", "drug", "value"]].rename(columns={"value": "total"})
    for force, column in AGENCY_COLUMNS.items():
        agency = seizures[(seizures["year"] == year) & (seizures["force"] == force)]
        frame = frame.merge(
            agency[["drug", "seizures"]].rename(columns={"seizures": column}), on="drug", how="left"
        )
    for column in ("total", *AGENCY_COLUMNS.values()):
        frame[column] = frame[column].astype("Int64")
    frame["police"] = frame["total"] - frame["border_force"]
    frame["territorial_police"] = frame["police"] - frame["british_transport_police"]
    frame["source"] = f"England and Wales row of {Path(parsed.file).name}"
    return frame


def _file_record(path: Path, year: str, parsed: ParsedTable) -> dict[str, object]:
    """Where a year came from: the file, its sheet, the notes and shorthand it carried."""
    record: dict[str, object] = {"path": path.name, "sha256": sha256(path), "year": year}
    if parsed.sheet is not None:
        record["sheet"] = parsed.sheet
    if parsed.notes:
        record["notes"] = parsed.notes
    if parsed.shorthand:
        record["not_published"] = parsed.shorthand
    return record


def _guarded(
    tables: dict[str, pd.DataFrame], parsed: ParsedTable, found: pd.DataFrame, accept: Sequence
) -> list[dict]:
    """The plausibility guard: against the year before and England and Wales's figures."""
    year, seizures = parsed.year, tables["seizures"]
    before = f"{year_start(year) - 1}-{year_start(year) % 100:02d}"
    previous = seizures[(seizures["year"] == before) & (seizures["drug"] == "all-drugs")]
    totals = parsed.aggregates[parsed.aggregates["area"] == "england-and-wales"]
    if totals.empty:
        committed = tables["england_and_wales"]
        totals = committed[committed["year"] == year].rename(columns={"total": "value"})
    national = totals.set_index("drug")["value"].to_dict()
    known = tables["source_checks"]
    return guard(parsed, found, previous.set_index("force")["seizures"], national, known, accept)


def add_year(
    data: Path,
    table: Path,
    year: str,
    quantities: Path | None = None,
    sheet: str | None = None,
    quantities_sheet: str | None = None,
    accept: Sequence[str] = (),
) -> tuple[Dataset, str]:
    """The committed dataset with `year` added (or replaced), and a report of what changed."""
    year = financial_year(year)
    dataset = read_dataset(data)
    tables = dict(dataset.tables)
    parsed = parse_force_table(read_force_table(table, sheet, year), year, parse_count)
    found = consistency(parsed.values, parsed.classes, Path(table).name)
    stop_if_systematic(found, parsed.values["force"].nunique(), str(table))
    accepted = _guarded(tables, parsed, found, accept)
    new = parsed.values.rename(columns={"value": "seizures"})
    new["seizures"] = new["seizures"].astype("Int64")

    revised = _revisions(tables["seizures"], new, "seizures")
    tables["seizures"] = _replace_year(tables["seizures"], year, new)
    check_coverage(tables["seizures"], {year: str(table)})
    classes = pd.DataFrame(
        [{"year": year, "drug": d, "drug_class": c} for d, c in parsed.classes.items()]
    )
    tables["drug_classes"] = _replace_year(tables["drug_classes"], year, classes)
    tables["source_checks"] = _replace_year(tables["source_checks"], year, found)
    national = _national_rows(parsed, tables["seizures"], year)
    if not national.empty:
        tables["england_and_wales"] = _replace_year(tables["england_and_wales"], year, national)

    added = {"seizures": (Path(table), parsed)}
    if quantities is not None:
        grid = read_force_table(quantities, quantities_sheet, year)
        q_parsed = parse_force_table(grid, year, parse_quantity)
        q = q_parsed.values.rename(columns={"value": "quantity"})
        q["unit"] = q["drug"].map(lambda k: DRUG_BY_KEY[k].unit)
        q["quantity"] = q["quantity"].astype(float)
        tables["quantities"] = _replace_year(tables["quantities"], year, q)
        added["quantities"] = (Path(quantities), q_parsed)
    provenance = _provenance(dataset.provenance, added, year, accepted)
    result = Dataset(validate_tables(tables), provenance)
    context = report_context(result, year, revised, found, has_national=not national.empty)
    return result, render("new_year.txt.j2", **context, **_source(parsed), accepted=accepted)


def _provenance(
    provenance: dict, added: dict[str, tuple[Path, ParsedTable]], year: str, accepted: list
) -> dict:
    provenance = dict(provenance)
    for name, (path, parsed) in added.items():
        entry = dict(provenance[name])
        entry["files"] = [f for f in entry["files"] if f.get("year") != year]
        entry["files"].append(_file_record(path, year, parsed))
        if name == "seizures":
            kept = [a for a in entry.get("accepted", []) if not a["name"].startswith(year)]
            entry["accepted"] = kept + accepted
            if not entry["accepted"]:
                del entry["accepted"]
        provenance[name] = entry
    return provenance


def _source(parsed: ParsedTable) -> dict[str, object]:
    """The sheet read, the notes its labels point to, the figures given as shorthand."""
    shorthand = Counter(f"{s['shorthand']} ({s['meaning']})" for s in parsed.shorthand)
    return {"sheet": parsed.sheet, "notes": parsed.notes, "shorthand": dict(shorthand)}


def _movers(seizures: pd.DataFrame, year: str) -> dict[str, object]:
    """The year before `year`, and the five forces whose seizures of any drug moved most."""
    allx = seizures[seizures["drug"] == "all-drugs"].pivot(
        index="force", columns="year", values="seizures"
    )
    years = list(allx.columns)
    if year not in years or years.index(year) == 0:
        return {"previous": None, "movers": []}
    previous = years[years.index(year) - 1]
    change = (allx[year] - allx[previous]).dropna().astype(int)
    movers = [
        {
            "name": FORCE_BY_SLUG[force].name,
            "before": int(allx.at[force, previous]),
            "after": int(allx.at[force, year]),
            "change": int(change[force]),
        }
        for force in change.abs().sort_values(ascending=False).head(5).index
    ]
    return {"previous": previous, "movers": movers}


def report_context(
    dataset: Dataset,
    year: str,
    revised: pd.DataFrame,
    disagreements: pd.DataFrame,
    has_national: bool,
) -> dict[str, object]:
    """The maintainer's summary, as figures: the new year's totals, biggest movers, revisions."""
    seizures = dataset.tables["seizures"]
    this = seizures[(seizures["year"] == year)]
    police = this[(this["drug"] == "all-drugs") & (this["force"] != "border-force")]
    population = dataset.tables["population"]
    revisions = [
        {"year": r.year, "name": FORCE_BY_SLUG[r.force].name, "drug": r.drug,
         "before": r.seizures_before, "after": r.seizures_after}
        for r in revised.head(50).itertuples()
    ]  # fmt: skip
    return {
        "year": year,
        "in_table": this["force"].nunique(),
        "with_figures": this[this["seizures"].notna()]["force"].nunique(),
        "police": int(police["seizures"].sum()),
        "has_national": has_national,
        "has_population": bool((population["year"] == year_start(year)).any()),
        "mid_year": year_start(year),
        **_movers(seizures, year),
        "revised_count": len(revised),
        "revised": revisions,
        "disagreements": list(disagreements.itertuples()),
    }


def _carried_population(imported: Dataset, committed: Dataset) -> tuple[pd.DataFrame, list]:
    """Mid-years added with `import --population` that the raw folder does not cover."""
    records = [f for f in committed.provenance["population"]["files"] if "mid_year" in f]
    keep = sorted({f["mid_year"] for f in records} - set(imported.tables["population"]["year"]))
    rows = committed.tables["population"]
    return rows[rows["year"].isin(keep)], [f for f in records if f["mid_year"] in keep]


def carry_over(imported: Dataset, committed: Dataset) -> tuple[Dataset, list[str]]:
    """Keep years added with `import --table` or `--population` that the raw folder lacks.

    A full re-import reads only the raw folder; a year a maintainer added from
    a downloaded table lives only in the committed tables and provenance.
    """
    added = {
        f["year"]
        for name in ("seizures", "quantities")
        for f in committed.provenance.get(name, {}).get("files", [])
        if "year" in f
    }
    keep = sorted(added - set(imported.tables["seizures"]["year"]))
    people, people_files = _carried_population(imported, committed)
    if not keep and people.empty:
        return imported, []
    tables, provenance = dict(imported.tables), dict(imported.provenance)
    for name in ("seizures", "quantities", "drug_classes", "source_checks", "england_and_wales"):
        rows = committed.tables[name][committed.tables[name]["year"].isin(keep)]
        tables[name] = pd.concat([tables[name], rows[tables[name].columns]], ignore_index=True)
    for name in ("seizures", "quantities"):
        entry = dict(provenance[name])
        extra = [f for f in committed.provenance[name]["files"] if f.get("year") in keep]
        entry["files"] = entry["files"] + extra
        if name == "seizures" and committed.provenance[name].get("accepted"):
            entry["accepted"] = committed.provenance[name]["accepted"]
        provenance[name] = entry
    tables["population"] = ordered(pd.concat([tables["population"], people]))
    provenance["population"] = {
        **provenance["population"],
        "files": provenance["population"]["files"] + people_files,
    }
    mid_years = [f["mid_year"] for f in people_files]
    messages = render_lines("kept.txt.j2", years=keep, mid_years=mid_years)
    result = Dataset(validate_tables(tables), provenance, imported.messages + messages)
    return result, messages
