"""Synthetic inputs made from the real ones, for timing how the build grows.

More forces (each cloned as "Kent B", "Kent C", ...) or more years (the series
repeated later in time), as tidy tables for the pipeline and as raw published
tables for the import. Nothing made here is published data.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
from pathlib import Path

LETTERS = "BCDEFGHIJKLMNOPQRSTUVWXYZ"


def clone_code(code: str, k: int) -> str:
    """A code no real force or district has: E23000013 -> E90100013 (clone 1)."""
    if not code:
        return ""
    return f"{code[0]}9{k:02d}{code[4:]}"


def clone_district(code: str, k: int) -> str:
    """A district code no real one has, keeping the whole original: E06000028 -> E90106000028."""
    return f"{code[0]}9{k:02d}{code[1:]}"


def clone_force(force: dict, k: int) -> dict:
    """Clone k (1, 2, ...) of a force: "Kent" -> "Kent B", slug kent-b, code E9..."""
    letter = LETTERS[k - 1]
    return {
        "slug": f"{force['slug']}-{letter.lower()}",
        "code": clone_code(force["code"], k),
        "name": f"{force['name']} {letter}",
        "region": force["region"],
        "kind": force["kind"],
        "aliases": [],
    }


def scaled_forces(forces: list[dict], factor: int) -> list[dict]:
    """The force list with factor - 1 clones after each force (so regions stay together)."""
    if factor < 1 or factor > len(LETTERS) + 1:
        raise ValueError(f"forces can be scaled 1 to {len(LETTERS) + 1} times, not {factor}")
    out = []
    for force in forces:
        out.append({**force, "aliases": list(force.get("aliases", ()))})
        out.extend(clone_force(force, k) for k in range(1, factor))
    return out


def figure_factor(k: int) -> float:
    """Clone k's figures are the original's times this (0.65, 0.75, ... 1.45)."""
    return 0.55 + 0.10 * k


def population_factor(k: int) -> float:
    """Clone k's population is the original's times this, so rates differ from the original's."""
    return 0.60 + 0.09 * k


def _times(series, factor: float, integer: bool):
    import pandas as pd

    values = pd.to_numeric(series, errors="coerce") * factor
    return values.round().astype("Int64") if integer else values


def scale_forces(tables: dict, forces: list[dict], factor: int) -> dict:
    """Tidy tables with every force cloned factor - 1 times, figures and populations scaled.

    Clone k of a force gets the original's seizures and quantities times
    `figure_factor(k)` (rounded) and its population times
    `population_factor(k)`, so its rates and ranks differ. National tables,
    drug classes and source checks are left as they are (so national totals
    no longer add up: synthetic).
    """
    import pandas as pd

    out = dict(tables)
    clones = {f["slug"]: [clone_force(f, k) for k in range(1, factor)] for f in forces}
    seizures, quantities, population, rows = [], [], [], []
    for slug, copies in clones.items():
        for k, copy in enumerate(copies, start=1):
            s = tables["seizures"][tables["seizures"]["force"] == slug].copy()
            s["force"] = copy["slug"]
            s["seizures"] = _times(s["seizures"], figure_factor(k), integer=True)
            seizures.append(s)
            q = tables["quantities"][tables["quantities"]["force"] == slug].copy()
            q["force"] = copy["slug"]
            q["quantity"] = _times(q["quantity"], figure_factor(k), integer=False).round(5)
            quantities.append(q)
            p = tables["population"][tables["population"]["area"] == slug].copy()
            p["area"] = copy["slug"]
            p["population"] = _times(p["population"], population_factor(k), integer=True)
            population.append(p)
            f = tables["forces"][tables["forces"]["force"] == slug].copy()
            f["force"], f["code"], f["name"] = copy["slug"], copy["code"], copy["name"]
            rows.append(f)
    out["seizures"] = pd.concat([tables["seizures"], *seizures], ignore_index=True)
    out["quantities"] = pd.concat([tables["quantities"], *quantities], ignore_index=True)
    out["population"] = pd.concat([tables["population"], *population], ignore_index=True)
    order = {f["slug"]: i for i, f in enumerate(scaled_forces(forces, factor))}
    all_forces = pd.concat([tables["forces"], *rows], ignore_index=True)
    out["forces"] = all_forces.sort_values("force", key=lambda s: s.map(order)).reset_index(
        drop=True
    )
    return out


def shift_year(year: str, offset: int) -> str:
    start = int(year[:4]) + offset
    return f"{start}-{(start + 1) % 100:02d}"


def scale_years(tables: dict, factor: int) -> dict:
    """Tidy tables with the series repeated factor times, each copy shifted later in time.

    Copy j (1, 2, ...) is the real series moved on by j times its length
    (2009-10..2018-19 becomes 2019-20..2028-29, then 2029-30..2038-39), its
    figures times 1 + 0.12 j. Populations for the shifted years are the
    real ones moved on the same way (times 1 + 0.02 j); real populations from
    the first shifted year on are replaced. Source checks keep the real years.
    """
    import pandas as pd

    out = dict(tables)
    years = sorted(tables["seizures"]["year"].unique())
    first, last = int(years[0][:4]), int(years[-1][:4])
    span = last - first + 1

    def shifted(frame, j, columns, integer):
        copy = frame.copy()
        copy["year"] = copy["year"].map(lambda y: shift_year(y, span * j))
        for column in columns:
            if column in copy:
                copy[column] = _times(copy[column], 1 + 0.12 * j, integer)
        return copy

    plan = {
        "seizures": (["seizures"], True),
        "quantities": (["quantity"], False),
        "drug_classes": ([], True),
        "england_and_wales": (
            ["total", "border_force", "police", "british_transport_police", "territorial_police"],
            True,
        ),
        "england_and_wales_quantities": (["total", "border_force", "police"], False),
    }
    for name, (columns, integer) in plan.items():
        frame = tables[name]
        frame = frame[frame["year"].isin(years)]
        copies = [shifted(frame, j, columns, integer) for j in range(1, factor)]
        out[name] = pd.concat([tables[name], *copies], ignore_index=True)
    pop = tables["population"]
    kept = pop[pop["year"] < last + 1]
    real = pop[(pop["year"] >= first) & (pop["year"] <= last)]
    copies = []
    for j in range(1, factor):
        copy = real.copy()
        copy["year"] = copy["year"] + span * j
        copy["population"] = _times(copy["population"], 1 + 0.02 * j, integer=True)
        copies.append(copy)
    out["population"] = pd.concat([kept, *copies], ignore_index=True)
    return out


def forces_as_dicts() -> list[dict]:
    from dataclasses import asdict

    from build_data.reference import FORCES

    return [{**asdict(f), "aliases": list(f.aliases)} for f in FORCES]


def write_tidy(tables: dict, data: Path) -> None:
    for name, frame in tables.items():
        frame.to_csv(data / f"{name}.csv", index=False, lineterminator="\n")


def _read_csv_rows(path: Path) -> tuple[bool, list[list[str]]]:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    return bom, list(csv.reader(io.StringIO(text, newline="")))


def _write_csv_rows(path: Path, rows: list[list[str]], bom: bool) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode())


def _times_cell(cell: str, factor: int) -> str:
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        return cell  # "..", blank: not published stays not published
    if re.fullmatch(r"[+-]?\d+", text):
        return str(int(text) * factor)
    return f"{value * factor:.5f}"


def _writable_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def _clone_force_rows(home: Path, factor: int, by_slug: dict, errata: dict) -> dict:
    """Every per-force table with each force's row followed by its clones' rows.

    Returns the header errata re-keyed to the changed files' SHA-256.
    """
    import hashlib

    from build_data.ingest.normalise import force_slug

    errata_alias = {}
    files = sorted((home / "seizures-by-force").glob("*.csv"))
    files += sorted((home / "quantities-by-force").glob("*.csv"))
    for path in files:
        original_sha = hashlib.sha256(path.read_bytes()).hexdigest()
        bom, rows = _read_csv_rows(path)
        out = []
        for row in rows:
            out.append(row)
            slug = force_slug(row[0]) if row else None
            if slug is None:
                continue
            for k in range(1, factor):
                clone = clone_force(by_slug[slug], k)
                out.append([clone["name"], *(_times_cell(c, _multiple(k)) for c in row[1:])])
        _write_csv_rows(path, out, bom)
        if original_sha in errata:
            errata_alias[hashlib.sha256(path.read_bytes()).hexdigest()] = original_sha
    return errata_alias


def _multiple(k: int) -> int:
    """Clone k's raw figures are whole multiples (1 to 3) of the original's."""
    return 1 + k % 3


def _clone_lookup(lookup_path: Path, factor: int) -> None:
    """The ONS district lookup with each clone force's districts added."""
    from build_data.ingest.normalise import clean_text

    bom, rows = _read_csv_rows(lookup_path)
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    by_code = {f["code"]: f for f in forces_as_dicts() if f["code"]}
    extra = []
    for k in range(1, factor):
        letter = LETTERS[k - 1]
        for row in body:
            new = list(row)
            new[col["LAD16CD"]] = clone_district(clean_text(row[col["LAD16CD"]]), k)
            new[col["LAD16NM"]] = f"{row[col['LAD16NM']]} {letter}"
            new[col["CSP16CD"]] = clone_district(clean_text(row[col["CSP16CD"]]), k)
            force = by_code[clean_text(row[col["PFA16CD"]])]
            new[col["PFA16CD"]] = clone_code(force["code"], k)
            new[col["PFA16NM"]] = f"{force['name']} {letter}"
            extra.append(new)
    _write_csv_rows(lookup_path, [header, *body, *extra], bom)


def _clone_populations(population_path: Path, factor: int) -> None:
    """The ONS district populations with the clone districts' added."""
    from build_data.ingest.normalise import clean_text

    with gzip.open(population_path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    extra = []
    for k in range(1, factor):
        for code, name, year, people in body:
            extra.append(
                [
                    clone_district(clean_text(code), k),
                    f"{name} {LETTERS[k - 1]}",
                    year,
                    _times_cell(people, _multiple(k)),
                ]
            )
    with gzip.open(population_path, "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *body, *extra])


def scale_raw_forces(raw: Path, target: Path, factor: int) -> dict:
    """A raw folder with every force's row cloned factor - 1 times, for timing the import.

    Clone k's figures (and its districts' populations) are the original's
    times 1 + k % 3: whole multiples, so every published-table check the
    importer makes holds for the clones as for the originals. Each clone
    gets cloned districts in the ONS lookup and population files. Returns
    the patch a worker applies to build_data.reference (forces, district
    successors, and the header errata re-keyed to the changed files' SHA-256).
    """
    from build_data.reference import HEADER_ERRATA, LA_SUCCESSORS

    _writable_copy(raw, target)
    forces = scaled_forces(forces_as_dicts(), factor)
    by_slug = {f["slug"]: f for f in forces_as_dicts()}
    errata_alias = _clone_force_rows(target / "home-office", factor, by_slug, HEADER_ERRATA)
    _clone_lookup(target / "ons" / "lad16-csp16-pfa16-lookup.csv", factor)
    _clone_populations(target / "ons" / "la-population-mid-2001-2020.csv.gz", factor)
    successors = {
        clone_district(new, k): [clone_district(old, k) for old in olds]
        for k in range(1, factor)
        for new, olds in LA_SUCCESSORS.items()
    }
    return {"forces": forces, "la_successors": successors, "errata_alias": errata_alias}


def scale_raw_years(raw: Path, target: Path, factor: int) -> dict:
    """A raw folder with every per-force table copied under later years, for timing the import.

    Seizures09-10.csv is copied unchanged to Seizures19-20.csv and
    Seizures29-30.csv (and likewise every table), and the England and Wales
    totals get the same rows under the later years. The ONS populations stop
    at 2020, so the later years have no rates; the import does not need them.
    """
    _writable_copy(raw, target)
    home = target / "home-office"
    tables = sorted((home / "seizures-by-force").glob("*.csv"))
    tables += sorted((home / "quantities-by-force").glob("*.csv"))
    starts = []
    for path in tables:
        match = re.search(r"(\d{2})-(\d{2})", path.name)
        if match:
            starts.append(int(match.group(1)))
    span = max(starts) - min(starts) + 1
    for path in tables:
        match = re.search(r"(\d{2})-(\d{2})", path.name)
        start = int(match.group(1))
        for j in range(1, factor):
            new = start + span * j
            if new + 1 > 99:
                raise ValueError("years beyond 2099 cannot be written as YY-YY file names")
            name = path.name.replace(match.group(0), f"{new:02d}-{new + 1:02d}")
            shutil.copyfile(path, path.with_name(name))
    for name in ("seizures_EW.csv", "quantities_EW.csv"):
        path = home / "england-and-wales" / name
        bom, rows = _read_csv_rows(path)
        header, body = rows[0], [r for r in rows[1:] if r and r[0].strip()]
        # `year` is the year ending in March; copy only the years the per-force tables cover.
        covered = [r for r in body if int(r[0]) - 1 - 2000 in starts]
        extra = [[str(int(r[0]) + span * j), *r[1:]] for j in range(1, factor) for r in covered]
        _write_csv_rows(path, [header, *body, *extra], bom)
    return {}
