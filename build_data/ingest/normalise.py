"""Turn the many spellings found in published tables into one key, and cells into numbers.

Published tables carry byte-order marks, non-breaking spaces, embedded
newlines, "&" for "and", footnote markers and thousands separators. Every
lookup goes through `name_key` so that one rule handles all of them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from numbers import Integral, Number

from build_data.reference import AGGREGATE_ROWS, DRUGS, FORCES

# Cells the Home Office uses for "not published" / "not available".
# "…" is listed as "..." too: clean_text's NFKC step turns the one into the other.
NOT_PUBLISHED = frozenset(
    {"", "..", "…", "...", "*", "-", "–", "—", "x", "[x]", "[z]", "[c]", "n/a", "na"}
)
# The shorthand of the GSS standard for statistics in spreadsheets: each is "not
# published", for the reason given, which the import keeps (report and provenance).
SHORTHAND = {"[x]": "not available", "[z]": "not applicable", "[c]": "confidential"}
NOTE_MARKER = re.compile(r"\[note\s*(\d+)\]", re.IGNORECASE)

_FOOTNOTE = re.compile(r"(\s*\(\d+\)|\s*\[note \d+\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\d+)$")


class CellError(ValueError):
    """A cell that is not a number of the kind expected; the caller adds where it is."""


def clean_text(value: object) -> str:
    """Text as a reader would see it: no BOM, NBSP or line breaks, single spaces."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = unicodedata.normalize("NFKC", str(value)).replace("\ufeff", "")
    return " ".join(text.split())


def name_key(value: object) -> str:
    """A comparison key for force names and column headers.

    "Avon & Somerset", " Avon and Somerset ", "AVON AND SOMERSET (1)" all give
    "avon and somerset"; "Mephedrone\\n(non-injection)" gives
    "mephedrone non injection".
    """
    key = _key_once(value)
    while (again := _key_once(key)) != key:  # so that name_key(name_key(x)) == name_key(x)
        key = again
    return key


def _key_once(value: object) -> str:
    text = clean_text(value).lower().replace("&", " and ")
    while not text.isdigit():  # every marker of "Sussex (1)(2)" or "Sussex [note 1] [note 2]"
        stripped = _FOOTNOTE.sub("", text).strip()
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _force_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for force in FORCES:
        for name in (force.name, force.slug, *force.aliases):
            for variant in (name, f"{name} Police", f"{name} Constabulary"):
                table[name_key(variant)] = force.slug
    return table


def _drug_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for drug in DRUGS:
        for name in (drug.label, drug.name, drug.key, *drug.aliases):
            table[name_key(name)] = drug.key
    return table


FORCE_KEYS = _force_lookup()
DRUG_KEYS = _drug_lookup()
AGGREGATE_KEYS = {name_key(k): v for k, v in AGGREGATE_ROWS.items()}


def force_slug(value: object) -> str | None:
    """The force a row label names, or None if it names none we know."""
    return FORCE_KEYS.get(name_key(value))


def drug_key(value: object) -> str | None:
    """The drug a column header names, or None if it names none we know."""
    return DRUG_KEYS.get(name_key(value))


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Thousands separators only between groups of three digits: "1,5" is not 15.
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}((,\d{3})+|( \d{3})+)(\.\d*)?")


def _as_number(value: object) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError("is a true/false value, not a number")
    if isinstance(value, Integral):
        return int(value)  # exactly: a float would lose digits beyond 2**53
    if isinstance(value, Number):
        number = float(value)  # type: ignore[arg-type]
        return None if math.isnan(number) else number
    text = clean_text(value)
    if text.lower() in NOT_PUBLISHED:
        return None
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "").replace(" ", "")
    elif not _PLAIN_NUMBER.fullmatch(text):
        raise CellError("is not a number")
    if not re.fullmatch(r"[+-]?\d+", text):
        return float(text)
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise CellError("is not a number of a sensible size") from None


def parse_count(value: object) -> int | None:
    """A number of seizures: a non-negative whole number, or None where not published."""
    number = _as_number(value)
    if number is None:
        return None
    if isinstance(number, float) and math.isinf(number):
        raise CellError("is not a finite number")
    if number < 0:
        raise CellError("is negative")
    if number != int(number):
        raise CellError("is not a whole number of seizures")
    return int(number)


def parse_quantity(value: object) -> float | None:
    """A quantity seized (kg, doses or plants): non-negative, or None where not published."""
    number = _as_number(value)
    if number is None:
        return None
    try:
        number = float(number)
    except OverflowError:
        raise CellError("is not a finite number") from None
    if math.isinf(number):
        raise CellError("is not a finite number")
    if number < 0:
        raise CellError("is negative")
    return number


def financial_year(value: object) -> str:
    """Normalise "2019-20", "2019/20", "2019 to 2020" or "201920" to "2019-20"."""
    text = clean_text(value).replace("\u2013", "-").replace("/", "-")
    match = re.fullmatch(r"(\d{4})\s*(?:-|to)?\s*(\d{2}|\d{4})", text)
    if not match:
        raise ValueError(f"year {value!r} is not a financial year such as 2019-20")
    start, end = int(match.group(1)), match.group(2)
    end_two = int(end[-2:])
    if (start + 1) % 100 != end_two or (len(end) == 4 and int(end) != start + 1):
        raise ValueError(f"year {value!r} does not run from one year into the next")
    return f"{start}-{end_two:02d}"


def year_start(year: str) -> int:
    """The calendar year a financial year starts in ("2018-19" -> 2018)."""
    return int(financial_year(year)[:4])


def year_from_end(end: int) -> str:
    """Financial year ending in March of `end` (2019 -> "2018-19")."""
    return f"{end - 1}-{end % 100:02d}"


def slugify(value: object) -> str:
    return name_key(value).replace(" ", "-")
