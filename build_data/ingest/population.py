"""Population by police force area, from ONS mid-year estimates by local authority.

Two sources. The committed file of 2001-2020 estimates (data/raw/ons, one row
per authority and year), read by the full import; and, for a newer year, the
ONS mid-year estimates workbook (or CSV) as published: a persons sheet with
title rows above one row per area (code, name, geography, "All ages"), with
countries, regions and counties among the districts. Only district, unitary
and borough rows are summed, and the sum must equal the file's own England
and Wales row. Authorities are placed in force areas by the ONS lookup
(December 2016) and, for authorities made since from whole older districts,
by reference.LA_SUCCESSORS.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from build_data.ingest.normalise import CellError, clean_text, parse_count
from build_data.ingest.sources import SourceError
from build_data.reference import FORCE_BY_CODE, LA_SUCCESSORS

POPULATION_CSV = Path("ons") / "la-population-mid-2001-2020.csv.gz"
LOOKUP_CSV = Path("ons") / "lad16-csp16-pfa16-lookup.csv"
# The persons sheet's columns, as ONS names them (compared through name_key).
MYE_COLUMNS = {
    "code": ("code", "area code"),
    "name": ("name", "area name"),
    "geography": ("geography", "geography1", "geography type"),
    "population": ("all ages",),
}
DISTRICTS = {
    "unitary authority",
    "non metropolitan district",
    "metropolitan district",
    "london borough",
    "local authority",
}
AGGREGATES = {"country", "region", "county", "metropolitan county", "countries"}
ENGLAND_AND_WALES = "K04000001"
COUNTRIES = {"E": "england", "W": "wales"}


def _lookup(path: Path) -> pd.DataFrame:
    lookup = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    lookup = lookup.map(clean_text)
    for number, code in enumerate(lookup["PFA16CD"], start=2):
        if code not in FORCE_BY_CODE:
            raise SourceError(path, "unknown police force area code", number, "PFA16CD", code)
    return lookup


def _la_to_force(lookup: pd.DataFrame, population_path: Path) -> dict[str, str]:
    """Every local authority code, old boundaries and new, -> its force area."""
    mapping = {
        row.LAD16CD: FORCE_BY_CODE[row.PFA16CD].slug for row in lookup.itertuples(index=False)
    }

    def place(code: str) -> str | None:
        if code in mapping or code not in LA_SUCCESSORS:
            return mapping.get(code)
        old = LA_SUCCESSORS[code]
        forces = {place(c) for c in old}
        if len(forces) != 1 or None in forces:
            raise SourceError(
                population_path,
                f"predecessor districts {', '.join(old)} do not lie in one force area",
                column="code",
                value=code,
            )
        mapping[code] = forces.pop()
        return mapping[code]

    for code in LA_SUCCESSORS:
        place(code)
    return mapping


def ordered(population: pd.DataFrame) -> pd.DataFrame:
    """Force areas, then England, Wales, England and Wales; each by year."""
    rank = population["area"].map({"england": 1, "wales": 2, "england-and-wales": 3}).fillna(0)
    frame = population.assign(_rank=rank).sort_values(["_rank", "area", "year"], kind="stable")
    frame = frame.drop(columns="_rank").reset_index(drop=True)
    frame["population"] = frame["population"].astype("Int64")
    return frame[["area", "year", "population"]]


def by_area(districts: pd.DataFrame) -> pd.DataFrame:
    """Force areas, countries and England and Wales from district rows (code, year, area)."""
    by_force = districts.groupby(["area", "year"], as_index=False)["population"].sum()
    country = districts.assign(area=districts["code"].str[0].map(COUNTRIES))
    by_country = country.groupby(["area", "year"], as_index=False)["population"].sum()
    both = districts.groupby("year", as_index=False)["population"].sum()
    population = pd.concat(
        [by_force, by_country, both.assign(area="england-and-wales")], ignore_index=True
    )
    return ordered(population)


def _population(path: Path, lookup: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
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
    return by_area(frame), local_authorities
