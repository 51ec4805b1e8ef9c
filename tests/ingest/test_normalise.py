"""Names, headers, cells and years: the quirks of published tables, and properties that hold."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_data.ingest.normalise import (
    NOT_PUBLISHED,
    CellError,
    clean_text,
    drug_key,
    financial_year,
    force_slug,
    name_key,
    parse_count,
    parse_quantity,
    year_from_end,
    year_start,
)
from build_data.reference import DRUGS, FORCES

settings.register_profile("project", deadline=None, max_examples=150)
settings.load_profile("project")

FORCE_NAMES = [(f.slug, name) for f in FORCES for name in (f.name, *f.aliases)]
BLANKS = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", " \u00a0 "]

# ---------------------------------------------------------------- the quirks, one by one


def test_byte_order_mark_is_dropped():
    assert clean_text("\ufeffPolice force") == "Police force"
    assert name_key("\ufeffPolice force") == "police force"
    assert force_slug("\ufeffCleveland") == "cleveland"


def test_header_with_embedded_newline():
    assert clean_text("Mephedrone\n(non-injection)") == "Mephedrone (non-injection)"
    assert name_key("Mephedrone\n(non-injection)") == "mephedrone non injection"
    assert drug_key("Mephedrone\n(non-injection)") == "mephedrone"
    # the quantities tables break "Anabolic \nsteroids" the same way, with padding
    assert drug_key("Anabolic \nsteroids") == "anabolic-steroids"


def test_anabolic0steroids_spelling():
    assert drug_key("Anabolic0steroids") == "anabolic-steroids"
    assert drug_key("Anabolic-steroids") == "anabolic-steroids"
    assert drug_key("Anabolic steroids") == "anabolic-steroids"


def test_whitespace_padded_force_names():
    # as in Seizures16-17.csv
    assert force_slug(" Cheshire ") == "cheshire"
    assert force_slug(" Hampshire  ") == "hampshire"
    assert force_slug(" London, City of ") == "city-of-london"
    assert force_slug(" British Transport Police ") == "british-transport-police"


def test_ampersand_and_and_are_the_same_force():
    assert name_key("Avon & Somerset") == name_key("Avon and Somerset") == "avon and somerset"
    assert force_slug("Avon & Somerset") == force_slug("Avon and Somerset") == "avon-and-somerset"
    assert force_slug("Devon&Cornwall") == "devon-and-cornwall"


def test_london_city_of():
    assert force_slug("London, City of") == "city-of-london"
    assert force_slug("City of London Police") == "city-of-london"
    # and never the Metropolitan Police
    assert force_slug("London") is None


def test_population_codes_with_non_breaking_space():
    assert clean_text("E06000061\u00a0") == "E06000061"
    assert clean_text("North Northamptonshire\u00a0") == "North Northamptonshire"


def test_footnote_markers_are_not_part_of_a_name():
    assert name_key("AVON AND SOMERSET (1)") == "avon and somerset"
    assert force_slug("Sussex[note 4]") == "sussex"
    assert force_slug("Cleveland\u00b9") == "cleveland"
    assert drug_key("Total Class A (2)") == "class-a"


def test_several_footnote_markers_on_one_name():
    assert force_slug("Sussex (1)(2)") == "sussex"
    assert force_slug("Sussex [note 5] [note 6]") == "sussex"
    assert force_slug("Surrey\u00b9\u00b2") == "surrey"


def test_unknown_names_give_none():
    assert force_slug("Clevland") is None
    assert force_slug("") is None
    assert drug_key("Heroine") is None


def test_every_reference_name_is_its_own_force_or_drug():
    for force in FORCES:
        for name in (force.name, force.slug, *force.aliases):
            assert force_slug(name) == force.slug, name
    for drug in DRUGS:
        for name in (drug.label, drug.key, *drug.aliases):
            assert drug_key(name) == drug.key, name


def test_parse_count_examples():
    assert parse_count("1,234") == 1234
    assert parse_count(" 153,135 ") == 153135
    assert parse_count("1\u00a0234") == 1234
    assert parse_count(12.0) == 12
    assert parse_count("0") == 0
    assert parse_count("") is None
    assert parse_count(None) is None
    assert parse_count(float("nan")) is None


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("abc", "is not a number"),
        ("22O", "is not a number"),
        ("12kg", "is not a number"),
        ("-5", "is negative"),
        (-1, "is negative"),
        ("2.5", "is not a whole number of seizures"),
        (0.5, "is not a whole number of seizures"),
        (True, "is a true/false value, not a number"),
        (float("inf"), "is not a finite number"),
        # A decimal comma, or a separator in the wrong place, is not a thousands separator.
        ("1,5", "is not a number"),
        ("12,34", "is not a number"),
        ("1,2345", "is not a number"),
        (",123", "is not a number"),
    ],
)
def test_parse_count_rejects(cell, problem):
    with pytest.raises(CellError) as caught:
        parse_count(cell)
    assert str(caught.value) == problem


def test_parse_quantity():
    assert parse_quantity(" 0.00800") == 0.008
    assert parse_quantity("13,253.50456") == 13253.50456
    assert parse_quantity("..") is None
    with pytest.raises(CellError, match="^is negative$"):
        parse_quantity("-0.5")


def test_years():
    assert financial_year("2019-20") == "2019-20"
    assert year_start("2018-19") == 2018
    assert year_from_end(2019) == "2018-19"
    assert year_from_end(2000) == "1999-00"
    with pytest.raises(ValueError) as caught:
        financial_year("2019-21")
    assert str(caught.value) == "year '2019-21' does not run from one year into the next"
    with pytest.raises(ValueError) as caught:
        financial_year("19-20")
    assert str(caught.value) == "year '19-20' is not a financial year such as 2019-20"


# ---------------------------------------------------------------- properties


def _case(draw, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c.lower() for c, flip in zip(text, flips, strict=True))


@st.composite
def variants(draw, name: str) -> str:
    """How a published table might spell `name`: case, padding, NBSP, BOM, "&" for "and"."""
    words = name.split(" ")
    words = [
        draw(st.sampled_from(["&", "and", "AND", "And"])) if w.lower() == "and" else w
        for w in words
    ]
    gaps = [draw(st.sampled_from(BLANKS)) for _ in words[1:]]
    text = words[0] + "".join(g + w for g, w in zip(gaps, words[1:], strict=True))
    text = _case(draw, text)
    lead = draw(st.sampled_from(["", *BLANKS]))
    trail = draw(st.sampled_from(["", *BLANKS]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + lead + text + trail


@given(data=st.data(), pair=st.sampled_from(FORCE_NAMES))
def test_name_key_ignores_case_whitespace_nbsp_bom_and_ampersand(data, pair):
    slug, name = pair
    variant = data.draw(variants(name))
    assert name_key(variant) == name_key(name)
    assert name_key(name_key(variant)) == name_key(variant)


@given(data=st.data(), pair=st.sampled_from(FORCE_NAMES))
def test_force_slug_finds_every_force_from_variants(data, pair):
    slug, name = pair
    suffix = data.draw(st.sampled_from(["", " Police", " Constabulary"]))
    marker = data.draw(st.sampled_from(["", " (1)", "(12)", " [note 3]", "\u00b9", "2"]))
    variant = data.draw(variants(name + suffix)) + marker
    assert force_slug(variant) == slug


@given(st.text())
@example("a 1 2")
@example("Cleveland 1, 2")
@example("x (1) (2)")
def test_name_key_is_idempotent(text):
    key = name_key(text)
    assert name_key(key) == key
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", key)


@given(st.text(), st.sampled_from(BLANKS), st.sampled_from(BLANKS))
def test_name_key_ignores_surrounding_whitespace_and_case(text, before, after):
    assert name_key(before + text + after) == name_key(text)
    assert name_key(text.upper()) == name_key(text.lower()) or not text.isascii()


SEPARATORS = ["", ",", " ", "\u00a0"]


def _written(n: int, separator: str) -> str:
    return f"{n:,}".replace(",", separator)


@given(
    n=st.integers(min_value=0, max_value=10**300),
    separator=st.sampled_from(SEPARATORS),
    pad=st.booleans(),
)
@example(n=2**53 + 1, separator="", pad=False)
@example(n=9_007_199_254_740_993, separator=",", pad=False)
def test_parse_count_round_trips_whole_numbers_as_text(n, separator, pad):
    text = _written(n, separator)
    assert parse_count(f" {text} " if pad else text) == n


@given(st.integers(min_value=0))
@example(2**53 + 1)
def test_parse_count_round_trips_ints(n):
    assert parse_count(n) == n
    assert type(parse_count(n)) is int


@given(st.integers(min_value=0, max_value=2**53))
def test_parse_count_round_trips_floats(n):
    assert parse_count(float(n)) == n
    assert parse_count(repr(float(n))) == n
    assert parse_count(f"{n:,}.0") == n


@given(n=st.integers(max_value=-1), separator=st.sampled_from(SEPARATORS))
def test_parse_count_rejects_negatives(n, separator):
    for cell in (n, float(n), _written(n, separator)):
        with pytest.raises(CellError, match="^is negative$"):
            parse_count(cell)


@given(
    st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False).filter(
        lambda x: x != math.floor(x)
    )
)
def test_parse_count_rejects_fractions(x):
    for cell in (x, repr(x)):
        with pytest.raises(CellError, match="^is not a whole number of seizures$"):
            parse_count(cell)


@given(
    token=st.sampled_from(sorted(NOT_PUBLISHED)),
    before=st.sampled_from(["", *BLANKS]),
    after=st.sampled_from(["", *BLANKS]),
    upper=st.booleans(),
)
def test_not_published_tokens_give_none(token, before, after, upper):
    cell = before + (token.upper() if upper else token) + after
    assert parse_count(cell) is None
    assert parse_quantity(cell) is None


@given(st.integers(min_value=1900, max_value=2098))
def test_financial_year_spellings(start):
    end = (start + 1) % 100
    expected = f"{start}-{end:02d}"
    for spelling in (
        f"{start}-{end:02d}",
        f"{start}/{end:02d}",
        f"{start} to {start + 1}",
        f"{start}-{start + 1}",
        f"{start}\u2013{end:02d}",
        f" {start} - {end:02d} ",
    ):
        assert financial_year(spelling) == expected
    assert financial_year(expected) == expected
    assert year_start(expected) == start
    assert year_from_end(start + 1) == expected


@given(st.integers(min_value=1900, max_value=2098), st.integers(min_value=2, max_value=98))
def test_financial_year_rejects_years_that_do_not_follow(start, gap):
    wrong = (start + gap) % 100
    for spelling in (f"{start}-{wrong:02d}", f"{start}/{wrong:02d}", f"{start} to {start + gap}"):
        with pytest.raises(ValueError, match="does not run from one year into the next"):
            financial_year(spelling)
