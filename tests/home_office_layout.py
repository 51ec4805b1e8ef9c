"""How a Home Office per-force table labels its columns and rows, for tests that write one.

Shared by the new-year and maintainer tests, which build next-year tables
from the committed 2018-19 figures.
"""

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
