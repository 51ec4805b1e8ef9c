"""How a Home Office per-force table labels its columns and rows, for tests that write one.

Shared by the new-year and editions tests, which build next-year tables
from the committed 2018-19 figures. `table_rows` writes the older single-sheet
layout: the 2018-19 rows of data/seizures.csv pivoted wide under the Home
Office's labels, title rows above the header, a notes block below, ".." where
Border Force's 2018-19 cell was empty, and the England and Wales row of
data/england_and_wales.csv moved by the same changes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from build_data.reference import FORCE_BY_SLUG

DATA = Path(__file__).resolve().parent.parent / "data"
PREVIOUS = "2018-19"

# Column labels as the Home Office prints them (Seizures18-19.csv).
LABELS = {
    "all-drugs": "All drugs",
    "cocaine": "Cocaine",
    "crack": "Crack",
    "ecstasy": "Ecstasy",
    "heroin": "Heroin",
    "lsd": "LSD",
    "methadone": "Methadone",
    "morphine": "Morphine",
    "other-class-a": "Other Class A",
    "class-a": "Total Class A",
    "cannabis": "All Cannabis",
    "amphetamines": "Amphetamines",
    "barbiturates": "Barbiturates",
    "ketamine": "Ketamine",
    "mephedrone": "Mephedrone\n(non-injection)",
    "other-class-b": "Other Class B",
    "class-b": "Total Class B",
    "anabolic-steroids": "Anabolic steroids",
    "benzodiazepines": "Benzodiazepines",
    "ghb": "GHB",
    "temazepam": "Temazepam",
    "other-class-c": "Other Class C",
    "class-c": "Total Class C",
    "unknown": "Unknown",
}
# Row labels as the Home Office prints them, where they differ from ours.
HOME_OFFICE_NAMES = {
    "city-of-london": "London, City of",
    "avon-and-somerset": "Avon & Somerset",
    "devon-and-cornwall": "Devon & Cornwall",
}

# Title rows above the header and a notes block below it, as a downloaded table has.
TITLE = [
    ["Table 3: Seizures of drugs by police force area and drug type, year ending March 2020"],
    ["Number of seizures"],
    [],
]
NOTES = [
    [],
    ["Notes"],
    ["1. '..' = not available: the force did not supply this figure."],
    ["Source: Home Office, Seizures of drugs in England and Wales"],
]


# 2018-19 figures the changes start from (data/seizures.csv, checked below).
SUSSEX_COCAINE, SUSSEX_ALL, KENT_ALL = 1204, 5954, 3678
CHANGES = {
    ("sussex", "cocaine"): SUSSEX_COCAINE + 100,
    ("sussex", "all-drugs"): SUSSEX_ALL + 100,
    ("kent", "all-drugs"): KENT_ALL - 500,
}
NATIONAL_CHANGES = {"cocaine": +100, "all-drugs": +100 - 500}
REVISED_COCAINE = 1250  # the second import: Sussex's 2019-20 cocaine figure revised
# The police forces' (39 English forces and British Transport Police) all-drugs
# seizures in 2018-19 add up to 134,894; 134,894 + 100 - 500 = 134,494.
POLICE_IN_TABLE = 134_494
# England and Wales police (territorial forces, Welsh ones included): 143,760 in
# 2018-19 (data/england_and_wales.csv), so 143,360 in 2019-20.
NATIONAL_POLICE_BEFORE, NATIONAL_POLICE = 143_760, 143_360


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={"year": str}, keep_default_na=False, na_values=[""])


def cell(value: object) -> object:
    return None if pd.isna(value) else int(value)


def table_rows(changes: dict[tuple[str, str], int]) -> list[list]:
    """The 2019-20 table as a Home Office spreadsheet's rows: titles, header, forces, notes."""
    long = read(DATA, "seizures.csv").query(f"year == '{PREVIOUS}'")
    forces = list(dict.fromkeys(long["force"]))  # the published row order
    wide = long.pivot(index="force", columns="drug", values="seizures").loc[forces, list(LABELS)]
    assert wide.at["sussex", "cocaine"] == SUSSEX_COCAINE
    assert wide.at["sussex", "all-drugs"] == SUSSEX_ALL
    assert wide.at["kent", "all-drugs"] == KENT_ALL
    rows = [*TITLE, ["Police force", *LABELS.values()]]
    for force, figures in wide.iterrows():
        name = HOME_OFFICE_NAMES.get(force, FORCE_BY_SLUG[force].name)
        values = [changes.get((force, drug), cell(figures[drug])) for drug in LABELS]
        if force == "border-force":
            values = [".." if v is None else v for v in values]
        assert force == "border-force" or None not in values, force  # no gaps in 2018-19
        rows.append([name, *values])

    national = read(DATA, "england_and_wales.csv").query(f"year == '{PREVIOUS}'")
    totals = dict(zip(national["drug"], national["total"], strict=True))
    assert totals["all-drugs"] == 153_135
    rows.append(
        ["England and Wales", *(int(totals[d]) + NATIONAL_CHANGES.get(d, 0) for d in LABELS)]
    )
    return [*rows, *NOTES]


def write_ods(path: Path, rows: list[list]) -> Path:
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Table 3", header=False, index=False)
    return path
