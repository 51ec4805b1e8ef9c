"""Issue 19: what build_data/analysis/quantities.py must say, pinned so a mutant cannot pass.

Expected figures come from data/*.csv or from the small tables made here; expected sentences
are written out in full, as a reader sees them. Fast enough to run once per mutant.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from build_data.analysis import quantities as q

DATA = Path(__file__).resolve().parents[2] / "data"
YEAR = "2018-19"
READ = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}
NATIONAL_COLUMNS = ["year", "drug", "unit", "total", "border_force", "police"]
NAN = float("nan")


def seized(*rows: tuple[str, str, float, str], year: str = YEAR) -> pd.DataFrame:
    """A quantities table like data/quantities.csv: (force, drug, quantity, unit) rows."""
    return pd.DataFrame(
        [(year, force, drug, amount, unit) for force, drug, amount, unit in rows],
        columns=["year", "force", "drug", "quantity", "unit"],
    )


def national(*rows: tuple[str, str, float, float], year: str = YEAR) -> pd.DataFrame:
    """England and Wales quantities like data/england_and_wales_quantities.csv."""
    return pd.DataFrame(
        [(year, drug, unit, total, NAN, police) for drug, unit, total, police in rows],
        columns=NATIONAL_COLUMNS,
    )


@pytest.fixture(scope="module")
def csv() -> dict[str, pd.DataFrame]:
    names = ("quantities", "england_and_wales_quantities", "forces")
    return {name: pd.read_csv(DATA / f"{name}.csv", **READ) for name in names}


# --- units and numbers ---------------------------------------------------------------------


def test_only_doses_are_multiplied():
    assert q.in_unit(2.5, "kg") == 2.5
    assert q.in_unit(2.5, "plants") == 2.5
    assert q.in_unit(2.5, "doses") == 2500


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0, "kg", "0 kg"),
        (0.004, "kg", "less than 0.01 kg"),
        (0.01, "kg", "0.01 kg"),
        (1, "kg", "1 kg"),
        (2, "kg", "2 kg"),
        (4.5, "kg", "4.50 kg"),
        (9.994, "kg", "9.99 kg"),
        (9.999, "kg", "10.0 kg"),
        (10, "kg", "10.0 kg"),
        (10.5, "kg", "10.5 kg"),
        (99.94, "kg", "99.9 kg"),
        (99.96, "kg", "100 kg"),
        (100, "kg", "100 kg"),
        (100.5, "kg", "100 kg"),
        (1234.4, "kg", "1,234 kg"),
        (0, "plants", "0 plants"),
        (1, "plants", "1 plant"),
        (18366, "plants", "18,366 plants"),
        (1, "doses", "1 dose"),
        (15060.0, "doses", "15,060 doses"),
    ],
)
def test_quantity_text(value, unit, text):
    assert q.quantity_text(value, unit) == text


@pytest.mark.parametrize(
    ("drug", "text", "phrase"),
    [
        ("cocaine", "23.2 kg", "23.2 kg of cocaine"),
        ("herbal-cannabis", "150 kg", "150 kg of herbal cannabis"),
        ("heroin", "0 kg", "no heroin"),
        ("cannabis-plants", "0 plants", "no cannabis plants"),
        ("cannabis-plants", "18,366 plants", "18,366 cannabis plants"),
        ("cannabis-plants", "1 plant", "1 cannabis plant"),
        ("ecstasy", "15,060 doses", "15,060 doses of ecstasy"),
    ],
)
def test_of(drug, text, phrase):
    assert q._of(drug, text) == phrase


# --- a force's table -----------------------------------------------------------------------


def test_force_table_columns_and_values():
    quantities = seized(
        ("kent", "cocaine", 23.21, "kg"),
        ("kent", "ecstasy", 3.416, "doses"),
        ("kent", "heroin", NAN, "kg"),  # not published: no row
        ("sussex", "cocaine", 99.0, "kg"),  # another force
        ("kent", "lsd", 0.5, "kg"),
    )
    quantities = pd.concat([quantities, seized(("kent", "cocaine", 50.0, "kg"), year="2017-18")])
    ew = national(("cocaine", "kg", 300.0, 232.1), ("ecstasy", "doses", 400.0, 34.16))
    ew = pd.concat([ew, national(("lsd", "kg", 9.0, 1.0), year="2017-18")])
    table = q.force_table(quantities, ew, "kent", YEAR)
    assert list(table.columns) == [
        "drug",
        "label",
        "unit",
        "quantity",
        "text",
        "england_and_wales_police",
        "england_and_wales_text",
        "share",
    ]
    rows = table.set_index("drug").to_dict("index")
    assert list(rows) == ["cocaine", "ecstasy", "lsd"]
    assert rows["cocaine"]["label"] == "Cocaine"
    assert rows["ecstasy"]["unit"] == "doses"
    assert rows["cocaine"]["quantity"] == 23.21
    assert rows["ecstasy"]["quantity"] == pytest.approx(3416)
    assert rows["ecstasy"]["text"] == "3,416 doses"
    assert rows["ecstasy"]["england_and_wales_police"] == pytest.approx(34160)
    assert rows["ecstasy"]["england_and_wales_text"] == "34,160 doses"
    assert rows["cocaine"]["england_and_wales_text"] == "232 kg"
    assert rows["cocaine"]["share"] == pytest.approx(23.21 / 232.1)
    # lsd has no England and Wales figure for the year: no comparison, no share.
    assert pd.isna(rows["lsd"]["england_and_wales_police"])
    assert rows["lsd"]["england_and_wales_text"] == ""
    assert pd.isna(rows["lsd"]["share"])


def test_force_table_share_needs_a_police_quantity_above_zero():
    quantities = seized(("kent", "lsd", 0.2, "kg"), ("kent", "ghb", 0.1, "kg"))
    ew = national(("lsd", "kg", 0.6, 0.5), ("ghb", "kg", 0.3, 0.0))
    rows = q.force_table(quantities, ew, "kent", YEAR).set_index("drug")
    assert rows.loc["lsd", "share"] == pytest.approx(0.2 / 0.5)
    assert rows.loc["ghb", "england_and_wales_text"] == "0 kg"
    assert pd.isna(rows.loc["ghb", "share"])


def test_force_table_with_nothing_published_keeps_its_columns():
    table = q.force_table(seized(("kent", "lsd", NAN, "kg")), national(), "kent", YEAR)
    assert table.empty
    assert list(table.columns)[:4] == ["drug", "label", "unit", "quantity"]
    assert list(table.columns)[4:] == [
        "text",
        "england_and_wales_police",
        "england_and_wales_text",
        "share",
    ]


def test_force_table_against_the_published_tables(csv):
    published = csv["quantities"]
    published = published[(published["force"] == "sussex") & (published["year"] == YEAR)]
    ew = csv["england_and_wales_quantities"]
    table = q.force_table(csv["quantities"], ew, "sussex", YEAR).set_index("drug")
    ew = ew[ew["year"] == YEAR].set_index("drug")
    assert set(table.index) == set(published.dropna(subset=["quantity"])["drug"])
    for row in published.dropna(subset=["quantity"]).itertuples():
        scale = 1000 if row.unit == "doses" else 1
        assert table.loc[row.drug, "quantity"] == pytest.approx(row.quantity * scale)
        police = ew.loc[row.drug, "police"]
        assert table.loc[row.drug, "england_and_wales_police"] == pytest.approx(police * scale)
        assert table.loc[row.drug, "share"] == pytest.approx(row.quantity / police)


# --- a force's sentences -------------------------------------------------------------------

SHARE_TAIL = (
    "of the quantities seized by all police forces in England and Wales, including British "
    "Transport Police."
)


def kent_table(force: str = "kent") -> pd.DataFrame:
    """Four headline drugs, given out of headline order, and one drug the sentence leaves out."""
    quantities = seized(
        (force, "cannabis-plants", 1200, "plants"),
        (force, "ecstasy", 3.416, "doses"),
        (force, "herbal-cannabis", 150.2, "kg"),
        (force, "heroin", 4.5, "kg"),
        (force, "cocaine", 23.21, "kg"),
    )
    ew = national(
        ("cocaine", "kg", 900.0, 232.1),
        ("heroin", "kg", 400.0, 90.0),
        ("herbal-cannabis", "kg", 2000.0, 751.0),
        ("cannabis-plants", "plants", 50000.0, 40000.0),
        ("ecstasy", "doses", 400.0, 34.16),
    )
    return q.force_table(quantities, ew, force, YEAR)


def test_force_sentences_name_the_headline_drugs_in_order_with_their_shares():
    assert q.force_sentences(kent_table(), "kent", YEAR) == [
        "Police in Kent seized 23.2 kg of cocaine, 4.50 kg of heroin, 150 kg of herbal cannabis "
        "and 1,200 cannabis plants in 2018-19.",
        f"Those were 10, five, 20 and three per cent respectively {SHARE_TAIL}",
        q.CAVEAT,
    ]


def test_force_sentences_say_each_when_every_share_reads_the_same():
    quantities = seized(("kent", "heroin", 0.2, "kg"), ("kent", "cocaine", 0.3, "kg"))
    ew = national(("cocaine", "kg", 900.0, 500.0), ("heroin", "kg", 400.0, 300.0))
    table = q.force_table(quantities, ew, "kent", YEAR)
    assert q.force_sentences(table, "kent", YEAR)[1] == (
        f"Each was less than one per cent {SHARE_TAIL}"
    )


def test_force_sentences_with_one_drug():
    quantities = seized(("kent", "heroin", 9.0, "kg"))
    table = q.force_table(quantities, national(("heroin", "kg", 400.0, 90.0)), "kent", YEAR)
    assert q.force_sentences(table, "kent", YEAR) == [
        "Police in Kent seized 9 kg of heroin in 2018-19.",
        f"That was 10 per cent {SHARE_TAIL}",
        q.CAVEAT,
    ]


def test_no_shares_for_border_force_or_when_one_is_missing():
    assert q.force_sentences(kent_table("border-force"), "border-force", YEAR) == [
        "Border Force seized 23.2 kg of cocaine, 4.50 kg of heroin, 150 kg of herbal cannabis "
        "and 1,200 cannabis plants in 2018-19.",
        q.CAVEAT,
    ]
    quantities = seized(("kent", "heroin", 9.0, "kg"), ("kent", "cocaine", 0, "kg"))
    table = q.force_table(quantities, national(("heroin", "kg", 400.0, 90.0)), "kent", YEAR)
    assert q.force_sentences(table, "kent", YEAR) == [
        "Police in Kent seized no cocaine and 9 kg of heroin in 2018-19.",
        q.CAVEAT,
    ]


def test_no_force_sentences_without_a_headline_drug():
    table = q.force_table(seized(("kent", "lsd", 1.0, "kg")), national(), "kent", YEAR)
    assert q.force_sentences(table, "kent", YEAR) == []


# --- a drug's table and sentences ----------------------------------------------------------


def test_drug_table_against_the_published_tables(csv):
    published = csv["quantities"]
    published = published[
        (published["year"] == YEAR)
        & (published["drug"] == "ecstasy")
        & (published["force"] != "border-force")
    ].dropna(subset=["quantity"])
    names = csv["forces"].set_index("force")["name"]
    table = q.drug_table(csv["quantities"], "ecstasy", YEAR)
    assert sorted(table["force"]) == sorted(published["force"])
    doses = dict(zip(published["force"], published["quantity"] * 1000, strict=True))
    for row in table.to_dict("records"):
        assert row["quantity"] == pytest.approx(doses[row["force"]])
        assert row["text"] == f"{round(doses[row['force']]):,} doses"
        assert row["name"] == names[row["force"]]
        assert row["rank"] == 1 + sum(v > doses[row["force"]] for v in doses.values())
        assert f"{row['rank']}" == str(int(row["rank"]))  # the page shows "1", not "1.0"
    assert list(table["quantity"]) == sorted(table["quantity"], reverse=True)


def tied() -> pd.DataFrame:
    return q.drug_table(
        seized(
            ("surrey", "cocaine", 2.0, "kg"),
            ("sussex", "cocaine", 23.21, "kg"),
            ("kent", "cocaine", 23.21, "kg"),
            ("border-force", "cocaine", 500.0, "kg"),
        ),
        "cocaine",
        YEAR,
    )


def test_drug_table_ties_share_the_better_rank_and_sort_by_name():
    table = tied()
    assert list(table["force"]) == ["kent", "sussex", "surrey"]
    assert list(table["rank"]) == [1, 1, 3]
    assert list(table["text"]) == ["23.2 kg", "23.2 kg", "2 kg"]


def test_drug_sentences_joint_largest():
    assert q.drug_sentences(tied(), "cocaine", YEAR) == [
        "Police in Kent and Police in Sussex seized joint largest quantities of cocaine of any "
        "police force in 2018-19: 23.2 kg.",
        q.CAVEAT,
    ]


def test_drug_sentences_one_largest():
    table = q.drug_table(seized(("kent", "cannabis-plants", 1, "plants")), "cannabis-plants", YEAR)
    assert q.drug_sentences(table, "cannabis-plants", YEAR) == [
        "Police in Kent seized the largest quantity of cannabis plants of any police force in "
        "2018-19: 1 plant.",
        q.CAVEAT,
    ]


def test_no_drug_sentences_when_nothing_was_seized():
    table = q.drug_table(
        seized(("kent", "heroin", 0, "kg"), ("sussex", "heroin", 0, "kg")), "heroin", YEAR
    )
    assert q.drug_sentences(table, "heroin", YEAR) == []
    assert q.drug_sentences(table.iloc[:0], "heroin", YEAR) == []


# --- the England and Wales sentence ---------------------------------------------------------


@pytest.mark.parametrize(("drug", "unit"), [("cocaine", "kg"), ("heroin", "kg")])
def test_national_sentence_against_the_published_tables(csv, drug, unit):
    ew = csv["england_and_wales_quantities"]
    row = ew[(ew["year"] == YEAR) & (ew["drug"] == drug)].iloc[0]
    assert q.national_sentence(ew, drug, YEAR) == (
        f"In {YEAR} police forces and Border Force seized {round(row['total']):,} {unit} of "
        f"{drug} in England and Wales; police forces, including British Transport Police, "
        f"seized {round(row['police']):,} {unit}."
    )


def test_national_sentence_in_doses_and_plants(csv):
    ew = csv["england_and_wales_quantities"]
    row = ew[(ew["year"] == YEAR) & (ew["drug"] == "ecstasy")].iloc[0]
    assert q.national_sentence(ew, "ecstasy", YEAR).endswith(
        f"seized {round(row['total'] * 1000):,} doses of ecstasy in England and Wales; police "
        f"forces, including British Transport Police, seized {round(row['police'] * 1000):,} doses."
    )
    row = ew[(ew["year"] == YEAR) & (ew["drug"] == "cannabis-plants")].iloc[0]
    assert f"seized {round(row['total']):,} cannabis plants in" in q.national_sentence(
        ew, "cannabis-plants", YEAR
    )


def test_national_sentence_without_a_police_figure(csv):
    ew = csv["england_and_wales_quantities"]
    for _, row in ew[ew["police"].isna()].head(2).iterrows():  # all in doses
        amount = round(row["total"] * (1000 if row["unit"] == "doses" else 1))
        assert q.national_sentence(ew, row["drug"], row["year"]) == (
            f"In {row['year']} police forces and Border Force seized {amount:,} {row['unit']} "
            f"of {row['drug']} in England and Wales."
        )


def test_no_national_sentence_without_a_total():
    ew = national(("heroin", "kg", NAN, 1.0))
    assert q.national_sentence(ew, "heroin", YEAR) == ""
    assert q.national_sentence(ew, "cocaine", YEAR) == ""
    assert q.national_sentence(ew, "heroin", "2017-18") == ""
