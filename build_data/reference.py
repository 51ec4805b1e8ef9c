"""Reference facts the source tables do not carry: force metadata, drug keys, boundary changes.

These are descriptions (names, regions, legal classes, units), never figures.
Figures only ever come from the raw tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from build_data import paths

# The licence, written once in build_data.constants; named here too for the importer.
from build_data.constants import OGL as OGL
from build_data.constants import OGL_URL as OGL_URL

HEADER_ERRATA_FILE = paths.REFERENCES / "header_errata.yaml"


@dataclass(frozen=True)
class Force:
    slug: str
    code: str  # ONS police force area code; empty for the two national agencies
    name: str
    region: str
    kind: str  # territorial | british-transport-police | border-force
    aliases: tuple[str, ...] = ()

    @property
    def country(self) -> str:
        if self.code.startswith("W"):
            return "Wales"
        if self.code.startswith("E"):
            return "England"
        return "England and Wales" if self.kind == "british-transport-police" else "United Kingdom"


# Home Office regional order, as in the published tables.
FORCES: tuple[Force, ...] = (
    Force("cleveland", "E23000013", "Cleveland", "North East", "territorial"),
    Force("durham", "E23000008", "Durham", "North East", "territorial"),
    Force("northumbria", "E23000007", "Northumbria", "North East", "territorial"),
    Force("cheshire", "E23000006", "Cheshire", "North West", "territorial"),
    Force("cumbria", "E23000002", "Cumbria", "North West", "territorial"),
    Force("greater-manchester", "E23000005", "Greater Manchester", "North West", "territorial"),
    Force("lancashire", "E23000003", "Lancashire", "North West", "territorial"),
    Force("merseyside", "E23000004", "Merseyside", "North West", "territorial"),
    Force("humberside", "E23000012", "Humberside", "Yorkshire and the Humber", "territorial"),
    Force(
        "north-yorkshire", "E23000009", "North Yorkshire", "Yorkshire and the Humber", "territorial"
    ),
    Force(
        "south-yorkshire", "E23000011", "South Yorkshire", "Yorkshire and the Humber", "territorial"
    ),
    Force(
        "west-yorkshire", "E23000010", "West Yorkshire", "Yorkshire and the Humber", "territorial"
    ),
    Force("derbyshire", "E23000018", "Derbyshire", "East Midlands", "territorial"),
    Force("leicestershire", "E23000021", "Leicestershire", "East Midlands", "territorial"),
    Force("lincolnshire", "E23000020", "Lincolnshire", "East Midlands", "territorial"),
    Force("northamptonshire", "E23000022", "Northamptonshire", "East Midlands", "territorial"),
    Force("nottinghamshire", "E23000019", "Nottinghamshire", "East Midlands", "territorial"),
    Force("staffordshire", "E23000015", "Staffordshire", "West Midlands", "territorial"),
    Force("warwickshire", "E23000017", "Warwickshire", "West Midlands", "territorial"),
    Force("west-mercia", "E23000016", "West Mercia", "West Midlands", "territorial"),
    Force("west-midlands", "E23000014", "West Midlands", "West Midlands", "territorial"),
    Force("bedfordshire", "E23000026", "Bedfordshire", "East of England", "territorial"),
    Force("cambridgeshire", "E23000023", "Cambridgeshire", "East of England", "territorial"),
    Force("essex", "E23000028", "Essex", "East of England", "territorial"),
    Force("hertfordshire", "E23000027", "Hertfordshire", "East of England", "territorial"),
    Force("norfolk", "E23000024", "Norfolk", "East of England", "territorial"),
    Force("suffolk", "E23000025", "Suffolk", "East of England", "territorial"),
    Force(
        "city-of-london",
        "E23000034",
        "City of London",
        "London",
        "territorial",
        ("London, City of", "City of London Police"),
    ),
    Force(
        "metropolitan-police",
        "E23000001",
        "Metropolitan Police",
        "London",
        "territorial",
        ("Metropolitan", "Metropolitan Police Service"),
    ),
    Force("hampshire", "E23000030", "Hampshire", "South East", "territorial"),
    Force("kent", "E23000032", "Kent", "South East", "territorial"),
    Force("surrey", "E23000031", "Surrey", "South East", "territorial"),
    Force("sussex", "E23000033", "Sussex", "South East", "territorial"),
    Force("thames-valley", "E23000029", "Thames Valley", "South East", "territorial"),
    Force("avon-and-somerset", "E23000036", "Avon and Somerset", "South West", "territorial"),
    Force("devon-and-cornwall", "E23000035", "Devon and Cornwall", "South West", "territorial"),
    Force("dorset", "E23000039", "Dorset", "South West", "territorial"),
    Force("gloucestershire", "E23000037", "Gloucestershire", "South West", "territorial"),
    Force("wiltshire", "E23000038", "Wiltshire", "South West", "territorial"),
    Force("dyfed-powys", "W15000004", "Dyfed-Powys", "Wales", "territorial", ("Dyfed Powys",)),
    Force("gwent", "W15000002", "Gwent", "Wales", "territorial"),
    Force("north-wales", "W15000001", "North Wales", "Wales", "territorial"),
    Force("south-wales", "W15000003", "South Wales", "Wales", "territorial"),
    Force(
        "british-transport-police",
        "",
        "British Transport Police",
        "National agencies",
        "british-transport-police",
        ("BTP",),
    ),
    Force("border-force", "", "Border Force", "National agencies", "border-force", ("UKBF",)),
)

FORCE_BY_SLUG = {f.slug: f for f in FORCES}
WELSH_FORCES = tuple(f for f in FORCES if f.country == "Wales")
FORCE_BY_CODE = {f.code: f for f in FORCES if f.code}
REGIONS: tuple[str, ...] = tuple(dict.fromkeys(f.region for f in FORCES))

# Aggregate rows a newer per-force table may carry; not forces.
AGGREGATE_ROWS = {
    "england and wales": "england-and-wales",
    "total england and wales": "england-and-wales",
    "total": "england-and-wales",
    "england": "england",
    "wales": "wales",
}


@dataclass(frozen=True)
class Drug:
    key: str
    name: str  # as a reader reads it in a sentence ("crack cocaine")
    label: str  # as a heading or table column ("Crack cocaine")
    drug_class: str  # A, B, C, or "" for totals that span classes
    kind: str  # drug | other | class-total | all | unknown
    unit: str = ""  # unit of quantities, where the Home Office publishes them
    aliases: tuple[str, ...] = ()


# Classes follow the Misuse of Drugs Act 1971. Ketamine moved from Class C to
# Class B on 10 June 2014; its class in a given year follows the table's layout.
DRUGS: tuple[Drug, ...] = (
    Drug("all-drugs", "any drug", "All drugs", "", "all", aliases=("Total", "All drug seizures")),
    Drug("cocaine", "cocaine", "Cocaine", "A", "drug", "kg"),
    Drug("crack", "crack cocaine", "Crack cocaine", "A", "drug", "kg", ("Crack",)),
    Drug("ecstasy", "ecstasy", "Ecstasy", "A", "drug", "doses"),
    Drug("heroin", "heroin", "Heroin", "A", "drug", "kg"),
    Drug("lsd", "LSD", "LSD", "A", "drug", "doses"),
    Drug("methadone", "methadone", "Methadone", "A", "drug", "doses"),
    Drug("morphine", "morphine", "Morphine", "A", "drug", "doses"),
    Drug("other-class-a", "other Class A drugs", "Other Class A", "A", "other"),
    Drug(
        "class-a",
        "Class A drugs",
        "Class A",
        "A",
        "class-total",
        aliases=("Total Class A", "All Class A"),
    ),
    Drug(
        "cannabis",
        "cannabis",
        "Cannabis",
        "B",
        "drug",
        aliases=("All Cannabis", "Total Cannabis"),
    ),
    Drug("herbal-cannabis", "herbal cannabis", "Herbal cannabis", "B", "drug", "kg"),
    Drug("cannabis-resin", "cannabis resin", "Cannabis resin", "B", "drug", "kg"),
    Drug("cannabis-plants", "cannabis plants", "Cannabis plants", "B", "drug", "plants"),
    Drug("amphetamines", "amphetamines", "Amphetamines", "B", "drug", "kg"),
    Drug("barbiturates", "barbiturates", "Barbiturates", "B", "drug", "doses"),
    Drug("ketamine", "ketamine", "Ketamine", "B", "drug", "kg"),
    Drug(
        "mephedrone",
        "mephedrone",
        "Mephedrone",
        "B",
        "drug",
        aliases=("Mephedrone (non-injection)",),
    ),
    Drug("other-class-b", "other Class B drugs", "Other Class B", "B", "other"),
    Drug(
        "class-b",
        "Class B drugs",
        "Class B",
        "B",
        "class-total",
        aliases=("Total Class B", "All Class B"),
    ),
    Drug(
        "anabolic-steroids",
        "anabolic steroids",
        "Anabolic steroids",
        "C",
        "drug",
        "kg",
        # 2010-11 to 2012-13 spell it "Anabolic0steroids".
        ("Anabolic-steroids", "Anabolic0steroids"),
    ),
    Drug("benzodiazepines", "benzodiazepines", "Benzodiazepines", "C", "drug", "doses"),
    Drug("ghb", "GHB", "GHB", "C", "drug", "doses"),
    Drug("temazepam", "temazepam", "Temazepam", "C", "drug", "doses"),
    Drug("other-class-c", "other Class C drugs", "Other Class C", "C", "other"),
    Drug(
        "class-c",
        "Class C drugs",
        "Class C",
        "C",
        "class-total",
        aliases=("Total Class C", "All Class C"),
    ),
    Drug("unknown", "drugs of unknown type", "Unknown", "", "unknown"),
)

DRUG_BY_KEY = {d.key: d for d in DRUGS}
CLASS_TOTAL = {"A": "class-a", "B": "class-b", "C": "class-c"}

# Local authorities created after the ONS lookup (December 2016), each made
# wholly from the districts listed (ONS Code History Database): the mergers of
# 2019 (Dorset; Bournemouth, Christchurch and Poole; East and West Suffolk;
# Somerset West and Taunton), 2020 (Buckinghamshire), 2021 (North and West
# Northamptonshire) and 2023 (Cumberland; Westmorland and Furness; North
# Yorkshire; Somerset). A predecessor may itself be listed here. The importer
# checks that every predecessor lies in one force area and takes that force.
LA_SUCCESSORS: dict[str, tuple[str, ...]] = {
    "E06000058": ("E06000028", "E06000029", "E07000048"),  # Bournemouth, Christchurch and Poole
    "E06000059": ("E07000049", "E07000050", "E07000051", "E07000052", "E07000053"),  # Dorset
    "E06000060": ("E07000004", "E07000005", "E07000006", "E07000007"),  # Buckinghamshire
    "E06000061": ("E07000150", "E07000152", "E07000153", "E07000156"),  # North Northamptonshire
    "E06000062": ("E07000151", "E07000154", "E07000155"),  # West Northamptonshire
    "E07000244": ("E07000205", "E07000206"),  # East Suffolk
    "E07000245": ("E07000201", "E07000204"),  # West Suffolk
    "E07000246": ("E07000190", "E07000191"),  # Somerset West and Taunton
    "E06000063": ("E07000026", "E07000028", "E07000029"),  # Cumberland
    "E06000064": ("E07000027", "E07000030", "E07000031"),  # Westmorland and Furness
    # North Yorkshire: Craven, Hambleton, Harrogate, Richmondshire, Ryedale, Scarborough, Selby
    "E06000065": tuple(f"E0700016{n}" for n in range(3, 10)),
    # Somerset: Mendip, Sedgemoor, South Somerset, Somerset West and Taunton
    "E06000066": ("E07000187", "E07000188", "E07000189", "E07000246"),
}


class HeaderErratum(BaseModel):
    """A published header row that does not match the figures under it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    what: str = Field(min_length=1)
    why: str = Field(min_length=1)  # printed by the importer with each correction
    source: str = Field(min_length=1)
    header: tuple[str, ...] = Field(min_length=2)  # the header the figures actually follow


def load_header_errata(path: Path = HEADER_ERRATA_FILE) -> dict[str, HeaderErratum]:
    """The errata keyed by the SHA-256 of the exact published file, so a corrected or new
    file is never silently re-labelled. Checked: every field present, one record per file."""
    records = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    try:
        errata = [HeaderErratum.model_validate(r) for r in records]
    except ValidationError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    shas = [e.sha256 for e in errata]
    if len(set(shas)) != len(shas):
        raise ValueError(f"{path}: a file's SHA-256 is listed more than once")
    for erratum in errata:
        if erratum.header[0] != "Police force":
            raise ValueError(f"{path}: {erratum.file}: the header must start with 'Police force'")
    return {e.sha256: e for e in errata}


# Each correction is printed by the importer.
HEADER_ERRATA: dict[str, HeaderErratum] = load_header_errata()
