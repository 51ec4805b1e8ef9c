"""The tidy dataset in data/: its tables, how to read and write them, and the notes.

Shared by every stage: ingest writes the tables, render reads them. Reading
types each column as the schemas say; writing is all or nothing (every file
is written beside its destination, then moved into place).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from build_data.ingest.normalise import financial_year
from build_data.ingest.sources import SourceError
from build_data.reference import FORCE_BY_SLUG

TABLES = (
    "forces",
    "seizures",
    "quantities",
    "drug_classes",
    "england_and_wales",
    "england_and_wales_quantities",
    "population",
    "source_checks",
)


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    provenance: dict[str, dict]
    messages: list[str] = field(default_factory=list)


def read_dataset(data: Path) -> Dataset:
    """The committed tables, typed as the schemas say."""
    data = Path(data)
    tables = {}
    for name in TABLES:
        frame = pd.read_csv(
            data / f"{name}.csv",
            dtype={"year": str, "code": str},
            keep_default_na=False,
            na_values=[""],
        )
        tables[name] = frame
    for name in ("seizures",):
        tables[name]["seizures"] = tables[name]["seizures"].astype("Int64")
    for column in (
        "total",
        "border_force",
        "police",
        "british_transport_police",
        "territorial_police",
    ):
        tables["england_and_wales"][column] = tables["england_and_wales"][column].astype("Int64")
    tables["population"]["year"] = tables["population"]["year"].astype(int)
    tables["population"]["population"] = tables["population"]["population"].astype("Int64")
    tables["forces"] = tables["forces"].fillna("")
    provenance = json.loads((data / "provenance.json").read_text())
    return Dataset(tables, provenance)


def write_dataset(dataset: Dataset, data: Path) -> list[Path]:
    """Write every table beside its destination, then move each into place."""
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, frame in dataset.tables.items():
            target = data / f"{name}.csv"
            temporary = data / f".{name}.csv.tmp"
            frame.to_csv(temporary, index=False, lineterminator="\n")
            staged.append((temporary, target))
        target = data / "provenance.json"
        temporary = data / ".provenance.json.tmp"
        temporary.write_text(json.dumps(dataset.provenance, indent=2, sort_keys=True) + "\n")
        staged.append((temporary, target))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    return [target for _, target in staged]


def load_notes(path: Path) -> list[dict]:
    """Maintainer-written notes per force and year, checked against known forces."""
    notes = yaml.safe_load(Path(path).read_text()) or []
    for number, note in enumerate(notes, start=1):
        for key in ("force", "year", "kind", "text", "source"):
            if not note.get(key):
                raise SourceError(path, f"note {number} has no {key!r}", column=key)
        if note["force"] not in FORCE_BY_SLUG:
            raise SourceError(
                path, f"note {number}: unknown force", column="force", value=note["force"]
            )
        note["year"] = financial_year(note["year"])
    return notes
