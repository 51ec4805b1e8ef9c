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
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from build_data.constants import ATTRIBUTION, DO_NOT_EDIT, OGL, OGL_URL
from build_data.dictionary import Column, Dictionary, DictionaryError, Table
from build_data.dictionary import load as load_dictionary
from build_data.reference import DRUGS

SOURCES = (
    "Source: Home Office, Seizures of drugs in England and Wales; "
    "Office for National Statistics, mid-year population estimates and "
    "local authority to police force area lookup."
)
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


def _columns_table(columns: tuple[Column, ...] | list[Column]) -> list[str]:
    lines = ["| Column | Type | Unit | Meaning |", "|:--|:--|:--|:--|"]
    for c in columns:
        unit = _cell(c.unit) if c.unit else "–"
        lines.append(f"| `{c.name}` | {c.type} | {unit} | {_cell(c.meaning)} |")
    return lines


def _page(
    dictionary: Dictionary,
    tables: list[tuple[Table, pd.DataFrame]],
    years: list[str],
    page_columns: list[str],
    out: Path,
) -> str:
    n = len(tables)
    description = (
        f"All {n} tables behind this site, as CSV and Parquet files with a data dictionary, "
        f"free to reuse under the {OGL}."
    )
    front = {
        "title": "Downloads",
        "description": description,
        "card": {
            "eyebrow": "Open data",
            "figure": f"{n} tables",
            "caption": "CSV and Parquet, with a data dictionary, free to reuse",
        },
    }
    span = f"{years[0]} to {years[-1]}" if years else "every year in the data"
    lines = [
        "---",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000).strip(),
        "---",
        DO_NOT_EDIT,
        "",
        "# Downloads",
        "",
        f"{description} They are this site's tidy copies of the Home Office and ONS "
        f"statistics, {span}: every figure on the site is computed from them, and nothing "
        "is typed in by hand.",
        "",
        "## Everything at once { #everything }",
        "",
        f"- [Every table as CSV, in one zip file](all/{ZIP_NAME}){{ download }} "
        f"({_size(out / ZIP_NAME)}), with `provenance.json` and a `README.txt` giving the "
        "licence.",
        "- [provenance.json](all/provenance.json){ download }: for each table, who published "
        "its source, the title and licence, and each source file read, with its SHA-256 "
        "fingerprint.",
        *[
            f"- [{name}](all/{name}){{ download }}: {text}"
            for name, text in ((f.name, f.description) for f in dictionary.other_files)
        ],
        "",
        "## Tables { #tables }",
        "",
        "| Table | Name | Rows | CSV | Parquet |",
        "|:--|:--|--:|:--|:--|",
    ]
    for table, frame in tables:
        csv, parquet = f"{table.name}.csv", f"{table.name}.parquet"
        lines.append(
            f"| [{table.title}](#{table.name}) | `{table.name}` | {len(frame):,} "
            f"| [CSV, {_size(out / csv)}](all/{csv}){{ download }} "
            f"| [Parquet, {_size(out / parquet)}](all/{parquet}){{ download }} |"
        )
    lines += [
        "",
        "CSV files are UTF-8, comma-separated, with a header row. Parquet files hold the same "
        "rows with their types (text, whole numbers, decimals) and carry each column's "
        "meaning and unit in their metadata; pandas (`pandas.read_parquet`), R (the `arrow` "
        "package) and DuckDB read them.",
        "",
        "## Reuse and licence { #licence }",
        "",
        f"The statistics are Crown copyright, published by the Home Office and the Office "
        f"for National Statistics under the [{OGL}]({OGL_URL}). You may copy, publish, "
        "adapt and reuse them, commercially or not, as long as you acknowledge the source. "
        "Copy this attribution wherever you use them:",
        "",
        f"> {ATTRIBUTION} {SOURCES}",
        "",
        "The licence does not let you suggest that the Home Office, the ONS or this site "
        "endorses your use. See [Sources and licence](../about/sources.md) for the "
        "publications, and [How to cite](../about/cite.md) to cite this site.",
        "",
        "## Data dictionary { #dictionary }",
        "",
        "- **An empty cell means not published**: the source has no figure (or, in a column "
        "computed from others, one of its parts has none). It is never zero. In Parquet files "
        "it is null.",
        "- **Years** are financial years, April to March (`2018-19`), except in `population`, "
        "whose years are ONS mid-years (30 June).",
        "- **Keys**: `force` joins every table to `forces`; `drug` takes the values in "
        "[drug keys](#drug-keys).",
        "- **Seizures** are counts of seizures, whatever their size: a seizure of one joint "
        "and one of a lorry-load each count once. See "
        "[Methodology and caveats](../about/methodology.md).",
        "",
    ]
    for table, frame in tables:
        lines += [
            f"### {table.title} {{ #{table.name} }}",
            "",
            f"`{table.name}.csv`, {len(frame):,} rows. {table.row}",
            "",
            *_columns_table(table.columns),
            "",
        ]
    lines += [
        "### Drug keys { #drug-keys }",
        "",
        "The values of `drug`. Quantities are published in the unit shown; the unit comes "
        "from this project's list of drugs, as the Home Office files do not state it.",
        "",
        "| Key | Drug | Class | What it counts | Unit of quantities |",
        "|:--|:--|:--|:--|:--|",
    ]
    kinds = {
        "all": "every seizure, of any drug, once",
        "drug": "one drug",
        "other": "the class's other drugs",
        "class-total": "the whole class, each seizure once",
        "unknown": "seizures whose drug type was not recorded",
    }
    for d in DRUGS:
        lines.append(
            f"| `{d.key}` | {d.label} | {d.drug_class or '–'} | {kinds.get(d.kind, d.kind)} "
            f"| {d.unit or '–'} |"
        )
    by_name = {c.name: c for c in dictionary.page_columns}
    lines += [
        "",
        "## Each page's figures { #per-page }",
        "",
        "Every force, drug and overview page ends with a link to a CSV of the figures it "
        "shows. Their addresses follow one pattern, with the same keys as the tables "
        "above:",
        "",
        "| Page | Page address | Its CSV |",
        "|:--|:--|:--|",
        *[
            f"| {what} | `{page}` | `/{csv}` |"
            for what, page, csv in ((p.page, p.address, p.csv) for p in dictionary.per_page)
        ],
        "",
        "For example, the Kent page `/forces/kent/` has `/data/forces/kent.csv`, and "
        "`/drugs/cocaine/` has `/data/drugs/cocaine.csv`. Each row is a row of one of the "
        "page's tables, which the `table` column names; a column that does not apply to a "
        "row's table is empty. The columns:",
        "",
        *_columns_table([by_name[name] for name in page_columns]),
        "",
    ]
    return "\n".join(lines)


def _readme(tables: list[tuple[Table, pd.DataFrame]]) -> str:
    names = "\n".join(f"  {t.name}.csv: {t.title}" for t, _ in tables)
    return (
        "Police drug seizures in England and Wales, force by force: the tidy tables.\n\n"
        f"{names}\n  provenance.json: the source files each table was read from\n\n"
        "The data dictionary is on the site's Downloads page (/data/).\n\n"
        f"{ATTRIBUTION}\n{SOURCES}\n{OGL}: {OGL_URL}\n"
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
    members.append(("README.txt", _readme(tables).encode()))
    _zip(out / ZIP_NAME, members)

    seizures = next(frame for table, frame in tables if table.name == "seizures")
    years = sorted(seizures["year"].dropna().unique().tolist())
    page = docs / "data" / "index.md"
    page_columns = _per_page_columns(docs, dictionary.page_columns)
    page.write_text(_page(dictionary, tables, years, page_columns, out))
    return page
