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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from build_data.constants import ATTRIBUTION, DO_NOT_EDIT, OGL, OGL_URL
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


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    unit: str  # "" where the column is a key or text
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    row: str  # what one row is
    columns: tuple[Column, ...]


def _year(extra: str = "") -> Column:
    return Column(
        "year",
        "text",
        "financial year",
        "Financial year, April to March, written as 2018-19 (the year ending March 2019)." + extra,
    )


FORCE = Column(
    "force",
    "text",
    "",
    "The force's key: joins to `forces.force`, and names its page (`/forces/<force>/`).",
)
DRUG = Column(
    "drug",
    "text",
    "",
    "The drug's key: see [drug keys](#drug-keys). Includes totals such as `all-drugs` "
    "and `class-a`.",
)
UNIT = Column(
    "unit",
    "text",
    "",
    "The unit of the quantities on this row: `kg`, `doses` or `plants`, by drug (see "
    "[drug keys](#drug-keys)), as described with the source tables, whose own headers state "
    "no unit. Check doses before quoting them: the figures are small for single doses and "
    "may be thousands of doses, which the source files do not confirm.",
)

TABLES: tuple[Table, ...] = (
    Table(
        "seizures",
        "Seizures by force, drug and year",
        "One force, one drug, one year: the number of seizures, as the Home Office published it.",
        (
            _year(),
            FORCE,
            DRUG,
            Column(
                "seizures",
                "whole number",
                "seizures (count)",
                "Number of seizures. A seizure of several drugs counts once under each drug, "
                "once in its class total and once in `all-drugs`. Empty: not published "
                "(never zero).",
            ),
        ),
    ),
    Table(
        "quantities",
        "Quantities seized by force, drug and year",
        "One force, one drug, one year: the quantity seized, where the Home Office published it.",
        (
            _year(),
            FORCE,
            DRUG,
            Column(
                "quantity",
                "decimal",
                "kg, doses or plants (see `unit`)",
                "Quantity seized, in the unit on the same row. Quantities of drugs in different "
                "units cannot be added. Empty: not published.",
            ),
            UNIT,
        ),
    ),
    Table(
        "drug_classes",
        "Class of each drug, by year",
        "One drug, one year: its class under the Misuse of Drugs Act 1971, as that year's "
        "table groups it.",
        (
            _year(),
            DRUG,
            Column(
                "drug_class",
                "text",
                "",
                "A, B or C. Ketamine moved from Class C to Class B in June 2014.",
            ),
        ),
    ),
    Table(
        "england_and_wales",
        "England and Wales totals, seizures",
        "One drug, one year: seizures in England and Wales as a whole.",
        (
            _year(),
            DRUG,
            Column(
                "total",
                "whole number",
                "seizures (count)",
                "All seizures in England and Wales: police forces, British Transport Police "
                "and Border Force (the Home Office England and Wales totals table).",
            ),
            Column(
                "border_force",
                "whole number",
                "seizures (count)",
                "Border Force's seizures (from the per-force table). Empty: not published.",
            ),
            Column(
                "police",
                "whole number",
                "seizures (count)",
                "Police seizures, including British Transport Police: `total` minus "
                "`border_force`. Empty where `border_force` is.",
            ),
            Column(
                "british_transport_police",
                "whole number",
                "seizures (count)",
                "British Transport Police's seizures in England and Wales.",
            ),
            Column(
                "territorial_police",
                "whole number",
                "seizures (count)",
                "Seizures by the territorial police forces of England and Wales: `police` minus "
                "`british_transport_police`. The England and Wales rate on the site uses it.",
            ),
            Column("source", "text", "", "The table the `total` comes from."),
        ),
    ),
    Table(
        "england_and_wales_quantities",
        "England and Wales totals, quantities",
        "One drug, one year: the quantity seized in England and Wales as a whole.",
        (
            _year(),
            DRUG,
            UNIT,
            Column(
                "total",
                "decimal",
                "kg, doses or plants (see `unit`)",
                "Quantity seized by police forces and Border Force together.",
            ),
            Column(
                "border_force",
                "decimal",
                "kg, doses or plants (see `unit`)",
                "Quantity seized by Border Force. Empty: not published.",
            ),
            Column(
                "police",
                "decimal",
                "kg, doses or plants (see `unit`)",
                "Quantity seized by the police: `total` minus `border_force`, to 5 decimal places.",
            ),
        ),
    ),
    Table(
        "population",
        "Resident population by force area",
        "One area, one mid-year: its resident population.",
        (
            Column(
                "area",
                "text",
                "",
                "A force key (joins to `forces.force`), or `england`, `wales` or "
                "`england-and-wales`.",
            ),
            Column(
                "year",
                "whole number",
                "calendar year (mid-year, 30 June)",
                "The year of the ONS mid-year estimate. A financial year's rates use the "
                "estimate for the year it starts in: 2018-19 uses mid-2018.",
            ),
            Column(
                "population",
                "whole number",
                "people",
                "Resident population: the ONS mid-year estimates for the local authorities "
                "in the area, added up.",
            ),
        ),
    ),
    Table(
        "forces",
        "Police forces and agencies",
        "One police force or agency in the Home Office tables.",
        (
            Column(
                "force",
                "text",
                "",
                "The force's key, used in every other table and in its page's address "
                "(`/forces/<force>/`).",
            ),
            Column(
                "code",
                "text",
                "",
                "ONS police force area code (E23… in England, W15… in Wales). Empty for "
                "British Transport Police and Border Force, which have no area.",
            ),
            Column("name", "text", "", "The force's name, as the site shows it."),
            Column(
                "region",
                "text",
                "",
                "Home Office region, or Wales; `National agencies` for British Transport "
                "Police and Border Force.",
            ),
            Column("country", "text", "", "England, Wales, or where a national agency works."),
            Column(
                "kind",
                "text",
                "",
                "`territorial` (a police force with an area), `british-transport-police` or "
                "`border-force`. Only territorial forces have rates and ranks.",
            ),
            Column(
                "local_authorities",
                "text",
                "",
                "The local authority districts in the force's area, separated by `; ` (ONS "
                "lookup, December 2016, and later ONS districts). Empty for national agencies.",
            ),
        ),
    ),
    Table(
        "source_checks",
        "Disagreements in the published figures",
        "One published figure that disagrees with its own totals or parts. Kept as "
        "published, never corrected.",
        (
            _year(),
            FORCE,
            Column(
                "check",
                "text",
                "",
                "The check that failed, such as `class-c above the sum of its drugs`.",
            ),
            Column("figure", "decimal", "seizures (count)", "The published figure checked."),
            Column(
                "bound",
                "decimal",
                "seizures (count)",
                "The limit it broke: the sum of the drugs it should not exceed, or the single "
                "figure it should not fall below.",
            ),
            Column("file", "text", "", "The Home Office file the figure is in."),
            Column(
                "row",
                "whole number",
                "row number",
                "The figure's row in that file (spreadsheet numbering, header = 1).",
            ),
        ),
    ),
)

RATE_UNIT = "seizures per million residents"
PAGE_COLUMNS: tuple[Column, ...] = (
    Column(
        "table",
        "text",
        "",
        "Which table on the page the row is from: `figures` (a force's figures by drug for "
        "the latest year), `every-year` (one row a year) or `forces` (every force, for "
        "one drug and year).",
    ),
    _year(),
    DRUG,
    FORCE,
    Column("name", "text", "", "The force's name."),
    Column(
        "seizures",
        "whole number",
        "seizures (count)",
        "Number of seizures, as in `seizures.csv`. Empty: not published.",
    ),
    Column(
        "rate_per_million",
        "decimal",
        RATE_UNIT,
        "Seizures ÷ the force area's ONS mid-year population (the year the financial year "
        "starts in) × 1,000,000, to 1 decimal place. Territorial forces only: British "
        "Transport Police and Border Force have no resident population.",
    ),
    Column(
        "rank",
        "text",
        "",
        "Rank by rate, highest = 1, as `3 of 38`; `=` marks a tie. Among territorial forces "
        "with a figure, leaving out the City of London, whose rate is not comparable; the "
        "City's own row is ranked among all of them. `–`: not ranked.",
    ),
    Column(
        "share_of_known_pct",
        "decimal",
        "per cent",
        "The drug's seizures as a percentage of the force's seizures whose drug type was "
        "known (`all-drugs` minus `unknown`), to 1 decimal place. Shares can add up to more "
        "than 100. Empty for `all-drugs` and `unknown`.",
    ),
    Column(
        "change_on_previous_year",
        "whole number",
        "seizures (count)",
        "Seizures minus those of the year before. Empty where either year is not published.",
    ),
    Column(
        "england_and_wales_police",
        "whole number",
        "seizures (count)",
        "England and Wales police seizures, leaving out British Transport Police and Border "
        "Force (`england_and_wales.territorial_police`). Empty where Border Force's figure was "
        "not published.",
    ),
    Column(
        "england_and_wales_rate_per_million",
        "decimal",
        RATE_UNIT,
        "`england_and_wales_police` (for all drugs on a force page) per million residents of "
        "England and Wales, to 1 decimal place.",
    ),
    Column(
        "forces_in_data",
        "whole number",
        "forces (count)",
        "The number of territorial forces with a published figure and a population that year: "
        "the forces the site compares.",
    ),
    Column(
        "forces_in_data_rate_per_million",
        "decimal",
        RATE_UNIT,
        "Those forces' seizures added up, per million of their residents added up.",
    ),
)

PER_PAGE = (
    ("The overview", "/", "data/index.csv"),
    ("A force", "/forces/<force>/", "data/forces/<force>.csv"),
    ("A drug or drug class", "/drugs/<drug>/", "data/drugs/<drug>.csv"),
)


class DictionaryError(ValueError):
    """A table's columns differ from the data dictionary."""


def _read(path: Path, table: Table) -> pd.DataFrame:
    header = pd.read_csv(path, nrows=0).columns.tolist()
    documented = [c.name for c in table.columns]
    if header != documented:
        raise DictionaryError(
            f"{path}: columns {header} differ from the data dictionary {documented}; "
            "describe them in build_data/render/downloads.py"
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


def _per_page_columns(docs: Path) -> list[str]:
    """Every column of every per-page CSV, checked against PAGE_COLUMNS."""
    known = {c.name for c in PAGE_COLUMNS}
    seen: dict[str, None] = {}
    data = docs / "data"
    for csv in sorted([data / "index.csv", *data.glob("forces/*.csv"), *data.glob("drugs/*.csv")]):
        if not csv.is_file():
            continue
        for name in pd.read_csv(csv, nrows=0).columns:
            if name not in known:
                raise DictionaryError(
                    f"{csv}: column {name!r} is not in the data dictionary; "
                    "describe it in build_data/render/downloads.PAGE_COLUMNS"
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
        *[f"- [{name}](all/{name}){{ download }}: {text}" for name, text in OTHER_FILES.items()],
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
    by_name = {c.name: c for c in PAGE_COLUMNS}
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
        *[f"| {what} | `{page}` | `/{csv}` |" for what, page, csv in PER_PAGE],
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


# Files that are not tables, copied and described as they are.
OTHER_FILES = {
    "boundaries.geojson": "the 43 police force areas of England and Wales (ONS, December "
    "2017, ultra generalised), simplified for the maps, as GeoJSON in longitude and latitude; "
    "each feature's properties are `code` (ONS police force area code), `force` (the site's "
    "key) and `name`. Contains OS data © Crown copyright and database right.",
}


def build(data: Path, docs: Path) -> Path:
    """Write docs/data/all/ and the Downloads page, docs/data/index.md, which it returns."""
    data, docs = Path(data), Path(docs)
    out = docs / "data" / "all"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    provenance = json.loads((data / "provenance.json").read_text())
    tables: list[tuple[Table, pd.DataFrame]] = []
    members: list[tuple[str, bytes]] = []
    for table in TABLES:
        source = data / f"{table.name}.csv"
        frame = _read(source, table)
        csv = out / source.name
        shutil.copyfile(source, csv)
        parquet = out / f"{table.name}.parquet"
        to_parquet(frame, table, parquet, provenance.get(table.name))
        tables.append((table, frame))
        members.append((source.name, source.read_bytes()))
    for name in OTHER_FILES:
        shutil.copyfile(data / name, out / name)
        members.append((name, (data / name).read_bytes()))
    missing = set(provenance) - {t.name for t in TABLES} - {Path(n).stem for n in OTHER_FILES}
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
    page.write_text(_page(tables, years, _per_page_columns(docs), out))
    return page
