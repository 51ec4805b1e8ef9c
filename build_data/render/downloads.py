"""The Downloads page (/data/): the full tidy dataset, typed copies and a data dictionary.

`build(data, docs)` is called by pages.build() after the pages and their CSVs
are written. It copies every tidy table in data/ (and provenance.json) to
docs/data/all/ byte for byte, writes each table as Parquet (typed, with each
column's description and unit in the file's metadata), puts the CSVs in one
zip file, and writes docs/data/index.md: the files, the licence and
attribution to reuse them, and a data dictionary of every column of every
table and of the per-page CSVs.

Every column must be described here: a table or per-page CSV with a column
this module does not know stops the page build, so the dictionary never
silently falls behind the data.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

import jinja2
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from build_data.constants import ATTRIBUTION, OGL, OGL_URL
from build_data.dictionary import Column, Dictionary, DictionaryError, Table
from build_data.dictionary import load as load_dictionary
from build_data.reference import DRUGS
from build_data.render import datapackage, templating

ZIP_NAME = "drug-seizures-tables-csv.zip"
# Fixed timestamp inside the zip, so the same tables always make the same file.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

TYPES = {
    "text": ("string", pa.string()),
    "whole number": ("Int64", pa.int64()),
    "decimal": ("float64", pa.float64()),
}


def _read(path: Path, table: Table) -> pd.DataFrame:
    header = pd.read_csv(path, nrows=0).columns.tolist()
    documented = [c.name for c in table.columns]
    if header != documented:
        raise DictionaryError(
            f"{path}: columns {header} differ from the data dictionary {documented}; "
            "describe them in references/data_dictionary.yaml"
        )
    return pd.read_csv(
        path,
        dtype={c.name: TYPES[c.type][0] for c in table.columns},
        keep_default_na=False,
        na_values=[""],
    )


def _schema(table: Table, source: dict | None) -> pa.Schema:
    fields = [
        pa.field(
            c.name,
            TYPES[c.type][1],
            metadata={"description": c.meaning, "unit": c.unit},
        )
        for c in table.columns
    ]
    metadata = {"title": table.title, "row": table.row, "licence": OGL, "attribution": ATTRIBUTION}
    if source:
        metadata["publisher"] = str(source.get("publisher", ""))
        metadata["source_title"] = str(source.get("title", ""))
    return pa.schema(fields, metadata=metadata)


def to_parquet(frame: pd.DataFrame, table: Table, path: Path, source: dict | None) -> None:
    schema = _schema(table, source)
    arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    # from_pandas adds its own "pandas" key; keep ours beside it.
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), **schema.metadata})
    pq.write_table(arrow, path, compression="zstd")


def _per_page_columns(docs: Path, page_columns: tuple[Column, ...]) -> list[str]:
    """Every column of every per-page CSV, checked against the dictionary's page columns."""
    known = {c.name for c in page_columns}
    seen: dict[str, None] = {}
    data = docs / "data"
    for csv in sorted([data / "index.csv", *data.glob("forces/*.csv"), *data.glob("drugs/*.csv")]):
        if not csv.is_file():
            continue
        for name in pd.read_csv(csv, nrows=0).columns:
            if name not in known:
                raise DictionaryError(
                    f"{csv}: column {name!r} is not in the data dictionary; "
                    "describe it under page_columns in references/data_dictionary.yaml"
                )
            seen[name] = None
    return list(seen)


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _columns(columns: Iterable[Column]) -> list[dict[str, str]]:
    """A dictionary's columns as table cells."""
    return [
        {
            "name": c.name,
            "type": c.type,
            "unit": _cell(c.unit) if c.unit else "–",
            "meaning": _cell(c.meaning),
        }
        for c in columns
    ]


# What each kind of drug key counts, for the drug keys table.
KIND_COUNTS = {
    "all": "every seizure, of any drug, once",
    "drug": "one drug",
    "other": "the class's other drugs",
    "class-total": "the whole class, each seizure once",
    "unknown": "seizures whose drug type was not recorded",
}


def _licence(dictionary: Dictionary) -> dict[str, str]:
    return {
        "name": OGL,
        "url": OGL_URL,
        "attribution": ATTRIBUTION,
        "sources": dictionary.package.attribution,
    }


def page_context(
    dictionary: Dictionary,
    tables: list[tuple[Table, pd.DataFrame]],
    years: list[str],
    page_columns: list[str],
    out: Path,
) -> dict:
    """What the Downloads page shows, as plain data: figures and file sizes as display text."""
    by_name = {c.name: c for c in dictionary.page_columns}
    description = (
        f"All {len(tables)} tables behind this site, as CSV and Parquet files with a data "
        f"dictionary, free to reuse under the {OGL}."
    )
    card = {
        "eyebrow": "Open data",
        "figure": templating.yaml_str(f"{len(tables)} tables"),
        "caption": "CSV and Parquet, with a data dictionary, free to reuse",
    }
    return {
        "front": {
            "title": "Downloads",
            "description": templating.yaml_str(description),
            "card": card,
        },
        "description": description,
        "span": f"{years[0]} to {years[-1]}" if years else "every year in the data",
        "zip": {"name": ZIP_NAME, "size": _size(out / ZIP_NAME)},
        "other_files": [f.model_dump() for f in dictionary.other_files],
        "tables": [
            {
                "name": table.name,
                "title": table.title,
                "row": table.row,
                "rows": f"{len(frame):,}",
                "csv_size": _size(out / f"{table.name}.csv"),
                "parquet_size": _size(out / f"{table.name}.parquet"),
                "columns": _columns(table.columns),
            }
            for table, frame in tables
        ],
        "licence": _licence(dictionary),
        "datapackage": datapackage.FILE,
        "drugs": [
            {
                "key": d.key,
                "label": d.label,
                "drug_class": d.drug_class or "–",
                "counts": KIND_COUNTS.get(d.kind, d.kind),
                "unit": d.unit or "–",
            }
            for d in DRUGS
        ],
        "per_page": [p.model_dump() for p in dictionary.per_page],
        "page_columns": _columns(by_name[name] for name in page_columns),
    }


def _readme(
    env: jinja2.Environment, dictionary: Dictionary, tables: list[tuple[Table, pd.DataFrame]]
) -> str:
    return env.get_template("downloads_readme.txt.j2").render(
        tables=[t for t, _ in tables], licence=_licence(dictionary)
    )


def _zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    temporary = path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    temporary.replace(path)


def build(data: Path, docs: Path, dictionary: Dictionary | None = None) -> Path:
    """Write docs/data/all/ and the Downloads page, docs/data/index.md, which it returns."""
    data, docs = Path(data), Path(docs)
    dictionary = dictionary or load_dictionary()
    out = docs / "data" / "all"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    provenance = json.loads((data / "provenance.json").read_text())
    tables: list[tuple[Table, pd.DataFrame]] = []
    members: list[tuple[str, bytes]] = []
    for table in dictionary.tables:
        source = data / f"{table.name}.csv"
        frame = _read(source, table)
        csv = out / source.name
        shutil.copyfile(source, csv)
        parquet = out / f"{table.name}.parquet"
        to_parquet(frame, table, parquet, provenance.get(table.name))
        tables.append((table, frame))
        members.append((source.name, source.read_bytes()))
    other_files = [f.name for f in dictionary.other_files]
    for name in other_files:
        shutil.copyfile(data / name, out / name)
        members.append((name, (data / name).read_bytes()))
    missing = (
        set(provenance) - {t.name for t in dictionary.tables} - {Path(n).stem for n in other_files}
    )
    if missing:
        raise DictionaryError(
            f"provenance.json lists tables the data dictionary lacks: {', '.join(sorted(missing))}"
        )
    shutil.copyfile(data / "provenance.json", out / "provenance.json")
    members.append(("provenance.json", (data / "provenance.json").read_bytes()))
    env = templating.environment()
    members.append(("README.txt", _readme(env, dictionary, tables).encode()))
    _zip(out / ZIP_NAME, members)
    datapackage.write(datapackage.descriptor(dictionary, provenance), out / datapackage.FILE)

    seizures = next(frame for table, frame in tables if table.name == "seizures")
    years = sorted(seizures["year"].dropna().unique().tolist())
    page = docs / "data" / "index.md"
    page_columns = _per_page_columns(docs, dictionary.page_columns)
    context = page_context(dictionary, tables, years, page_columns, out)
    page.write_text(env.get_template("downloads.md.j2").render(**context))
    return page
