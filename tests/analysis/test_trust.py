"""Issues 12 and 20: breaks in a series, the release's national figures, quantities, openings.

Expected figures are read from data/*.csv here, never typed from the code's output.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from scopes import shared_but_not_under_mutmut

from build_data.analysis import breaks, narrative, national, quantities
from build_data.analysis.stats import Stats, compute

DATA = Path(__file__).resolve().parents[2] / "data"
YEAR = "2018-19"
READ = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}


@pytest.fixture(scope=shared_but_not_under_mutmut)
def csv() -> dict[str, pd.DataFrame]:
    names = ("seizures", "england_and_wales", "quantities", "england_and_wales_quantities")
    return {name: pd.read_csv(DATA / f"{name}.csv", **READ) for name in names}


def figure(csv, force: str, year: str, drug: str = "all-drugs") -> int:
    s = csv["seizures"]
    return int(
        s[(s["force"] == force) & (s["year"] == year) & (s["drug"] == drug)]["seizures"].item()
    )


# --- the break rule ----------------------------------------------------------------------


def test_breaks_flag_thames_valley_and_merseyside(real, csv):
    table = real.breaks
    flagged = set(table["force"])
    assert {"thames-valley", "merseyside"} <= flagged
    assert not {"sussex", "kent", "west-mercia"} & flagged
    tv = table[(table["force"] == "thames-valley") & (table["kind"] == "fall")].iloc[0]
    assert (tv["year"], tv["previous"], tv["seizures"]) == (
        "2016-17",
        figure(csv, "thames-valley", "2015-16"),
        figure(csv, "thames-valley", "2016-17"),
    )
    assert tv["previous"] >= breaks.FACTOR * tv["seizures"]
    mersey = table[(table["force"] == "merseyside") & (table["year"] == "2010-11")].iloc[0]
    assert mersey["kind"] == "fall" and mersey["previous"] == figure(csv, "merseyside", "2009-10")


def series(values: dict[str, list[int]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    years = [f"{2009 + i}-{10 + i:02d}" for i in range(len(next(iter(values.values()))))]
    rows = [
        {"year": y, "force": f, "drug": "all-drugs", "seizures": v}
        for f, vs in values.items()
        for y, v in zip(years, vs, strict=True)
    ]
    seizures = pd.DataFrame(rows)
    totals = seizures.groupby("year", as_index=False)["seizures"].sum()
    ew = totals.rename(columns={"seizures": "territorial_police"}).assign(drug="all-drugs")
    return seizures, ew


def test_break_rule_ignores_noise_and_small_forces():
    # Ordinary noise (up to 40 per cent a year) and a small force doubling from 100 to 250.
    seizures, ew = series(
        {
            "sussex": [6000, 5200, 6100, 4400, 6000, 5000, 5600],
            "kent": [3000, 4100, 3300, 3600, 2900, 3500, 3100],
            "lincolnshire": [200, 100, 250, 120, 260, 110, 240],
        }
    )
    assert breaks.breaks(seizures, ew).empty


def test_break_rule_flags_a_step_and_the_low_years_after_it():
    seizures, ew = series(
        {
            "thames-valley": [7000, 7100, 6900, 7000, 1000, 900, 950],
            "sussex": [6000, 5900, 6100, 6000, 6050, 5950, 6000],
        }
    )
    table = breaks.breaks(seizures, ew)
    assert set(table["force"]) == {"thames-valley"}
    fall = table[table["kind"] == "fall"]
    assert list(fall["year"]) == ["2013-14"]
    assert list(table[table["kind"] == "low"]["year"]) == ["2013-14", "2014-15", "2015-16"]
    note = breaks.break_note(table, "thames-valley")
    assert note[0] == (
        "Seizures of any drug recorded by Thames Valley fell from 7,000 in 2012-13 to 1,000 in "
        "2013-14, a break in the series."
    )
    assert "recording practices" in note[-1]
    assert breaks.break_note(table, "sussex") == []


def test_two_steps_are_told_in_one_sentence_and_the_series_names_both():
    # A fall, then a rise, then a fall: one sentence names each step with its own verb
    # ("fell ... and rose ... and from ..." reads wrong: the verb is said again when it changes).
    seizures, ew = series(
        {
            "surrey": [2000, 2100, 500, 2000, 2050, 1980, 500],
            "sussex": [6000, 5900, 6100, 6000, 6050, 5950, 6000],
            "kent": [5000, 5100, 4900, 5050, 4950, 5000, 5020],
        }
    )
    table = breaks.breaks(seizures, ew)
    steps = table[(table["force"] == "surrey") & table["kind"].isin(["fall", "rise"])]
    assert list(steps["year"]) == ["2011-12", "2012-13", "2015-16"]
    assert breaks.break_note(table, "surrey")[0] == (
        "Seizures of any drug recorded by Surrey fell from 2,100 in 2010-11 to 500 in 2011-12,"
        " rose from 500 in 2011-12 to 2,000 in 2012-13 and fell from 1,980 in 2014-15 to 500 in"
        " 2015-16, each a break in the series."
    )
    assert breaks.step_years(table, "surrey", "2009-10", "2015-16") == list(steps["year"])
    assert breaks.step_years(table, "surrey", "2011-12", "2014-15") == ["2012-13"]


def test_the_series_sentence_names_every_step_it_spans(real, csv):
    # Merseyside: steps in 2010-11 and 2016-17 (the break table); both lie between 2009-10
    # and 2018-19, so the sentence from the first year names both, not only the first.
    table = real.breaks
    steps = sorted(
        table[(table["force"] == "merseyside") & table["kind"].isin(["fall", "rise"])]["year"]
    )
    assert len(steps) == 2
    fy = real.force_year
    row = fy[(fy["force"] == "merseyside") & (fy["drug"] == "all-drugs")]
    row = row[row["year"] == YEAR].iloc[0]
    (sentence,) = narrative.series_sentences(row, YEAR, real)
    first = figure(csv, "merseyside", row["first_year"])
    assert f"({first:,})" in sentence
    assert sentence.endswith(
        f", though there is a break in the series in {steps[0]} and another in {steps[1]}."
    )
    note = breaks.break_note(table, "merseyside")[0]
    assert note.count("Seizures of any drug recorded by Merseyside") == 1
    assert note.endswith("each a break in the series.")


def _across(values: dict[str, list[int]], force: str, first: int, now: int) -> str:
    """The series sentence for a hand-made series, from its first year to its last."""
    seizures, ew = series(values)
    years = sorted(seizures["year"].unique())
    row = pd.Series({"force": force, "first_year": years[0], "first": first, "seizures": now})
    (sentence,) = narrative.series_sentences(
        row, years[-1], SimpleNamespace(breaks=breaks.breaks(seizures, ew))
    )
    return sentence


def test_the_series_sentence_with_three_steps_a_gradual_fall_or_none():
    steady = {"sussex": [6000] * 7, "kent": [5000] * 7}
    # Three steps (2011-12 fall, 2012-13 rise, 2015-16 fall): the first named, then the others.
    stepped = _across(
        {"surrey": [2000, 2100, 500, 2000, 2050, 1980, 500], **steady}, "surrey", 2000, 500
    )
    assert stepped == (
        "That is 75 per cent fewer than in 2009-10 (2,000), though there is a break in the"
        " series in 2011-12 and others in 2012-13 and 2015-16."
    )
    # No step, but a share under half the usual from 2014-15: the first such year.
    gradual = [3000, 2900, 2600, 2000, 1500, 1100, 800]
    assert _across({"surrey": gradual, **steady}, "surrey", 3000, 800).endswith(
        "(3,000), though there is a break in the series in 2014-15."
    )
    # Nothing flagged: no qualifier at all.
    assert _across(steady, "kent", 5000, 5000) == "That is the same number as in 2009-10."


# --- national figures ----------------------------------------------------------------------


def test_reconciliation_adds_up_from_the_tables(tables, csv):
    table = national.reconciliation(
        tables["england_and_wales"], tables["seizures"], tables["forces"]
    )
    ew = csv["england_and_wales"]
    ew = ew[ew["drug"] == "all-drugs"].set_index("year")
    assert list(table["year"]) == list(ew.index)
    s = csv["seizures"]
    english = [
        f
        for f, c in zip(tables["forces"]["force"], tables["forces"]["code"], strict=True)
        if str(c).startswith("E")
    ]
    for row in table.itertuples():
        assert row.total - row.border_force == row.police == ew.loc[row.year, "police"]
        assert row.police - row.british_transport_police == row.territorial_police
        summed = s[(s["year"] == row.year) & (s["drug"] == "all-drugs") & s["force"].isin(english)]
        assert row.english_forces == int(summed["seizures"].sum())
        assert row.remainder == row.territorial_police - row.english_forces
        assert row.estimated == (row.year in {"2014-15", "2016-17"})
    hampshire = table[table["year"] == "2014-15"].iloc[0]["english_forces_missing"]
    assert hampshire == "Bedfordshire and Hampshire"


def test_headline_names_the_release_figures(real, csv):
    ew = csv["england_and_wales"]
    row = ew[(ew["year"] == YEAR) & (ew["drug"] == "all-drugs")].iloc[0]
    text = " ".join(national.headline_sentences(real.national, YEAR))
    assert f"police forces and Border Force made {int(row['total']):,} drug seizures" in text
    assert f"including British Transport Police, made {int(row['police']):,}" in text
    assert f"made {int(row['territorial_police']):,}:" in text
    assert f"British Transport Police ({int(row['british_transport_police']):,})" in text
    estimated = national.headline_sentences(real.national, "2014-15")[0]
    assert estimated.startswith("In 2014-15, including estimated figures, police forces")


# --- quantities ----------------------------------------------------------------------------


def test_doses_are_whole_doses(tables, csv):
    q = csv["quantities"]
    published = q[(q["force"] == "sussex") & (q["year"] == YEAR) & (q["drug"] == "ecstasy")]
    thousands = float(published["quantity"].item())
    table = quantities.force_table(
        tables["quantities"], tables["england_and_wales_quantities"], "sussex", YEAR
    )
    ecstasy = table[table["drug"] == "ecstasy"].iloc[0]
    assert ecstasy["text"] == f"{round(thousands * 1000):,} doses"
    ew = csv["england_and_wales_quantities"]
    police = float(ew[(ew["year"] == YEAR) & (ew["drug"] == "ecstasy")]["police"].item())
    assert ecstasy["share"] == pytest.approx(thousands / police)
    assert all(not t.endswith(" doses") or "." not in t for t in table["text"])
    sentences = quantities.force_sentences(table, "sussex", YEAR)
    assert sentences[-1] == quantities.CAVEAT


def test_quantity_text():
    assert quantities.quantity_text(23.21, "kg") == "23.2 kg"
    assert quantities.quantity_text(0.45, "kg") == "0.45 kg"
    assert quantities.quantity_text(0.004, "kg") == "less than 0.01 kg"
    assert quantities.quantity_text(1, "plants") == "1 plant"
    assert quantities.quantity_text(15060.0, "doses") == "15,060 doses"


def test_drug_ranking_carries_the_caveat(tables, csv):
    table = quantities.drug_table(tables["quantities"], "cocaine", YEAR)
    q = csv["quantities"]
    q = q[(q["year"] == YEAR) & (q["drug"] == "cocaine") & (q["force"] != "border-force")]
    top = q.sort_values("quantity").iloc[-1]
    assert table.iloc[0]["force"] == top["force"]
    sentences = quantities.drug_sentences(table, "cocaine", YEAR)
    assert sentences[-1] == quantities.CAVEAT


# --- openings (issue 20) -------------------------------------------------------------------


def test_no_opening_leads_on_trivia(real):
    for force in real.forces["force"]:
        lead = narrative.drug_lead(real, force, YEAR)
        if lead is None:
            continue
        assert int(lead.row["seizures"]) >= narrative.MIN_SEIZURES, force
        assert narrative._extremity(lead.row, force) <= narrative.MAX_RANK, force
        assert lead.drug in narrative.LEAD_DRUGS


@pytest.mark.parametrize(
    "force",
    ["warwickshire", "lancashire", "hertfordshire", "bedfordshire", "wiltshire", "west-mercia"],
)
def test_the_six_forces_open_on_something_worth_reading(real, csv, force):
    opening = narrative.force_paragraphs(real, force, YEAR)[0]
    lead = narrative.drug_lead(real, force, YEAR)
    if lead is None:
        assert opening.startswith("Police in ")
        assert f"made {figure(csv, force, YEAR):,} seizures of drugs in {YEAR}." in opening
        assert "the rate for England and Wales police as a whole" in opening
    else:
        assert int(lead.row["seizures"]) >= 50
    for ordinal in ("sixth", "seventh", "eighth", "ninth", "th lowest", "th highest"):
        assert ordinal not in opening


def test_every_sentence_about_a_flagged_force_year_is_qualified(real):
    singling = ("highest", "lowest", "fewer than in", "more than in", "rose by", "fell by")
    for year in real.years:
        for force, paragraphs in narrative.every_opening(real, year).items():
            if not real.flagged(force, year):
                continue
            for sentence in " ".join(paragraphs).split(". "):
                if any(word in sentence for word in singling) and "made" not in sentence:
                    assert narrative.BREAK in sentence or "per cent" in sentence, (force, year)
        for drug in ("all-drugs", "cocaine", "cannabis", "heroin"):
            text = " ".join(narrative.drug_paragraph(real, drug, year))
            for sentence in text.split(". "):
                named = [
                    f
                    for f in real.breaks[real.breaks["year"] == year]["force"]
                    if narrative.FORCE_BY_SLUG[f].name in sentence
                ]
                if named and ("highest" in sentence or "lowest" in sentence):
                    assert narrative.BREAK in sentence, (drug, year, sentence)


def test_series_sentence_across_a_break_is_qualified(real, csv):
    text = narrative.force_paragraphs(real, "thames-valley", YEAR)[-1]
    first = figure(csv, "thames-valley", "2009-10")
    assert text.startswith(f"Thames Valley's {figure(csv, 'thames-valley', YEAR):,} seizures in ")
    assert f"than in 2009-10 ({first:,}), though there is a break in the series in 2016-17." in text


def test_mix_sentences(real, csv):
    ny = " ".join(narrative.share_sentences(real, "north-yorkshire", YEAR))
    unknown = figure(csv, "north-yorkshire", YEAR, "unknown")
    total = figure(csv, "north-yorkshire", YEAR)
    assert f"the drug type was not recorded for {unknown:,} of its {total:,} seizures" in ny
    lincs = " ".join(narrative.share_sentences(real, "lincolnshire", YEAR))
    assert "unlike any other police force in England" in lincs
    for force in real.forces["force"]:
        text = " ".join(narrative.share_sentences(real, force, YEAR))
        if force != "lincolnshire":
            assert "median force" not in text, force
        if "was not recorded" in text:
            share = figure(csv, force, YEAR, "unknown") / figure(csv, force, YEAR)
            assert share >= narrative.UNKNOWN_SHARE, force


# --- rare branches on hand-made tables -----------------------------------------------------


def small(rows: dict[str, tuple[int, int]], cocaine: dict[str, int] | None = None) -> Stats:
    """Forces -> (all drugs 2017-18, all drugs 2018-19); cocaine 10, cannabis 20: no lead.

    `cocaine` sets a force's cocaine count in both years instead of 10.
    """
    data = []
    for force, (before, now) in rows.items():
        for year, total in (("2017-18", before), ("2018-19", now)):
            coke = (cocaine or {}).get(force, min(10, total))
            for drug, value in (("all-drugs", total), ("cocaine", coke), ("unknown", 0)):
                data.append({"year": year, "force": force, "drug": drug, "seizures": value})
            data.append(
                {"year": year, "force": force, "drug": "cannabis", "seizures": min(20, total)}
            )
    seizures = pd.DataFrame(data)
    seizures["seizures"] = seizures["seizures"].astype("Int64")
    population = pd.DataFrame(
        [
            {"area": a, "year": y, "population": 1_000_000}
            for a in [*rows, "england-and-wales"]
            for y in (2017, 2018)
        ]
    )
    population.loc[population["area"] == "england-and-wales", "population"] = len(rows) * 1_000_000
    population["population"] = population["population"].astype("Int64")
    ew = pd.DataFrame(
        {
            "year": ["2017-18", "2018-19"],
            "drug": ["all-drugs"] * 2,
            "total": [sum(b for b, _ in rows.values()), sum(n for _, n in rows.values())],
            "border_force": [0, 0],
            "british_transport_police": [0, 0],
        }
    )
    ew["police"] = ew["total"]
    ew["territorial_police"] = ew["total"]
    forces = pd.DataFrame({"force": list(rows), "kind": ["territorial"] * len(rows)})
    return compute(
        {"forces": forces, "seizures": seizures, "population": population, "england_and_wales": ew}
    )


def test_no_notable_drug_same_number_and_zero_previous():
    # Seven forces: cocaine counts of 10 never lead, so every opening is about all drugs.
    stats = small(
        {
            "sussex": (400, 400),
            "kent": (0, 300),
            "surrey": (500, 520),
            "essex": (600, 610),
            "dorset": (700, 690),
            "durham": (800, 790),
            "cumbria": (900, 880),
        }
    )
    assert narrative.lead_sentences(stats, "sussex", YEAR)[-1] == (
        "The 400 seizures were the same number as in 2017-18."
    )
    assert (
        narrative.lead_sentences(stats, "kent", YEAR)[-1] == "Police in Kent made none in 2017-18."
    )
    # National rate: 4,190 / 7,000,000 * 1e6 = 598.6; Sussex 400 is 33 per cent lower.
    assert narrative.lead_sentences(stats, "sussex", YEAR)[1] == (
        "At 400 seizures per million population, that was 33 per cent lower than the rate for "
        "England and Wales police as a whole (599 per million, counting the territorial forces "
        "and not British Transport Police), and the second lowest rate of the 7 police forces "
        "in England."
    )


def test_joint_lowest_in_an_all_drugs_opening():
    stats = small(
        {
            "sussex": (400, 300),
            "kent": (400, 300),
            **{f: (900, 900) for f in ("surrey", "essex", "dorset", "durham", "cumbria")},
        }
    )
    assert narrative.lead_sentences(stats, "kent", YEAR)[1].endswith(
        "and the joint lowest rate of the 7 police forces in England."
    )


def test_a_drug_with_no_seizures_never_leads():
    # Kent made no cocaine seizures: the lowest cocaine rate of the seven, but nothing to say.
    # The other six, tied on 100 cocaine seizures each, lead on cocaine.
    forces = ("sussex", "kent", "surrey", "essex", "dorset", "durham", "cumbria")
    stats = small(
        {f: (900, 900) for f in forces}, cocaine={f: 0 if f == "kent" else 100 for f in forces}
    )
    kent = stats.force_year
    kent = kent[(kent["force"] == "kent") & (kent["year"] == YEAR) & (kent["drug"] == "cocaine")]
    assert int(kent["seizures"].item()) == 0 and int(kent["rank_from_bottom"].item()) == 1
    assert narrative.drug_lead(stats, "kent", YEAR) is None
    opening = narrative.lead_sentences(stats, "kent", YEAR)
    assert opening[0] == "Police in Kent made 900 seizures of drugs in 2018-19."
    assert not any("no seizures" in sentence for sentence in opening)
    assert narrative.drug_lead(stats, "sussex", YEAR).drug == "cocaine"


def test_joint_lowest_on_a_drug_page():
    # Sussex and Kent share the lowest rate (300 per million), Surrey alone the highest.
    stats = small(
        {
            "sussex": (400, 300),
            "kent": (400, 300),
            "surrey": (900, 1200),
            **{f: (900, 900) for f in ("essex", "dorset", "durham", "cumbria")},
        }
    )
    # The release's figures come first; the highest and lowest rates in the next paragraph.
    text = narrative.drug_paragraph(stats, "all-drugs", YEAR)[-1]
    assert "Surrey had the highest rate of any police force in England: 1,200 seizures" in text
    assert text.endswith(
        (
            "Sussex and Kent were joint lowest: 300 per million.",
            "Kent and Sussex were joint lowest: 300 per million.",
        )
    )


def test_change_from_none_in_the_previous_year():
    # Kent 0 -> 300: no percentage can be worked out from zero, so the sentence gives none.
    stats = small({"kent": (0, 300), "sussex": (400, 400), "surrey": (500, 520)})
    assert narrative.change_sentences(stats, "kent", YEAR) == [
        "Seizures of any drug rose on 2017-18, from 0 to 300."
    ]


def test_series_sentence_the_same_number_as_in_the_first_year():
    row = pd.Series({"force": "sussex", "first_year": "2009-10", "first": 400, "seizures": 400})
    assert narrative.series_sentences(row, YEAR) == ["That is the same number as in 2009-10."]
    row["seizures"] = 500  # 25 per cent more
    assert narrative.series_sentences(row, YEAR) == [
        "That is 25 per cent more than in 2009-10 (400)."
    ]


def test_the_change_into_a_break_is_qualified_and_others_are_not(real, csv):
    # Thames Valley 2015-16 -> 2016-17 is the fall the break rule flags; Sussex has no break.
    before, now = figure(csv, "thames-valley", "2015-16"), figure(csv, "thames-valley", "2016-17")
    fell = narrative.per_cent((before - now) / before)
    assert narrative.lead_sentences(real, "thames-valley", "2016-17")[-1] == (
        f"The {now:,} seizures were {fell} fewer than in 2015-16 ({before:,}), "
        "a break in the series."
    )
    assert narrative.change_sentences(real, "thames-valley", "2016-17")[0] == (
        f"Seizures of any drug fell by {fell} on 2015-16, from {before:,} to {now:,}, "
        "a break in the series."
    )
    for year in ("2016-17", YEAR):
        text = " ".join(narrative.force_paragraphs(real, "sussex", year))
        assert narrative.BREAK not in text, year


def test_the_opening_says_the_change_once():
    # Two years only: the change on 2017-18 is in the opening; no series sentence repeats it.
    stats = small({"sussex": (400, 500), "kent": (400, 400), "surrey": (500, 520)})
    for force in ("sussex", "kent"):
        paragraphs = narrative.force_paragraphs(stats, force, YEAR)
        assert " ".join(paragraphs).count("2017-18") == 1, paragraphs
    # The first year has nothing before it: no change, no series sentence.
    first = " ".join(narrative.force_paragraphs(stats, "sussex", "2017-18"))
    assert "than in" not in first and "compare with" not in first and "same number" not in first


@pytest.mark.parametrize(
    ("value", "national", "expected"),
    [
        (2.0, 1.0, "2.0 times"),  # twice is "times", not "100 per cent higher"
        (1.99, 1.0, "99 per cent higher than"),
        (1.0, 1.0, "about the same as"),
        (1.004, 1.0, "about the same as"),
        (0.996, 1.0, "about the same as"),
        (1.02, 1.0, "two per cent higher than"),
        (0.5, 1.0, "50 per cent lower than"),
    ],
)
def test_against_national(value, national, expected):
    assert narrative.against_national(value, national) == expected


def test_plural():
    assert narrative.plural(1, "other force", "other forces") == "1 other force"
    assert narrative.plural(2, "other force", "other forces") == "2 other forces"
    assert narrative.plural(0, "seizure", "seizures") == "0 seizures"


def test_changes_on_the_year_before():
    # Sussex 400 -> 500 (+100, +25 per cent); Kent 0 -> 300 (no percentage from zero).
    stats = small({"sussex": (400, 500), "kent": (0, 300), "surrey": (500, 500)})
    fy = stats.force_year.set_index(["force", "year", "drug"])
    sussex = fy.loc[("sussex", YEAR, "all-drugs")]
    assert (sussex["previous"], sussex["change"]) == (400, 100)
    assert sussex["change_pct"] == pytest.approx(25.0)
    assert sussex["previous_rate"] == pytest.approx(400.0)  # 400 of a million people
    kent = fy.loc[("kent", YEAR, "all-drugs")]
    assert (kent["previous"], kent["change"]) == (0, 300) and pd.isna(kent["change_pct"])
    assert pd.isna(fy.loc[("sussex", "2017-18", "all-drugs")]["change"])
    # The forces together: 1,300 seizures by three forces of a million people each.
    together = stats.together.set_index(["year", "drug"]).loc[(YEAR, "all-drugs")]
    assert (together["forces"], together["seizures"]) == (3, 1300)
    assert together["rate"] == pytest.approx(1300 / 3)
