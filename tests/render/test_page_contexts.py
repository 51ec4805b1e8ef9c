"""Each page kind's context as plain data: figures checked against the tidy tables themselves.

The expected values are read from data/*.csv with plain pandas here, not from
build_data's statistics, so a slip in stats, tables or contexts shows.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from build_data import paths
from build_data.analysis.stats import compute
from build_data.formatting import rate_in_text
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG, WELSH_FORCES
from build_data.render import charts, contexts, page_charts, tables
from build_data.tidy import load_notes, read_dataset

DATA = paths.DATA


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype={"year": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def stats():
    return compute(read_dataset(DATA).tables)


@pytest.fixture(scope="module")
def boundaries() -> dict:
    return json.loads((DATA / "boundaries.geojson").read_text())


@pytest.fixture(scope="module")
def sussex(stats, boundaries, tmp_path_factory):
    charts.SVG_CACHE = tmp_path_factory.mktemp("charts")
    comparison = page_charts.comparison(stats, boundaries)
    notes = load_notes(paths.REFERENCES / "notes.yaml")
    force = FORCE_BY_SLUG["sussex"]
    return contexts.force_page(stats, force, notes, None, comparison, boundaries)


def _published(force: str, year: str) -> dict[str, int]:
    seizures = _csv("seizures")
    rows = seizures[(seizures["force"] == force) & (seizures["year"] == year)]
    return {r.drug: int(r.seizures) for r in rows.itertuples() if r.seizures != ""}


def _latest() -> str:
    return max(_csv("seizures")["year"])


def test_sussex_context_is_plain_data(sussex):
    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list | tuple | set):
            return all(plain(v) for v in value)
        return not isinstance(value, pd.DataFrame | pd.Series)

    assert plain(sussex.context)
    assert sussex.template == "force.md.j2" and sussex.path == "forces/sussex.md"


def test_sussex_lead_sentence_counts_the_seizures_published(sussex):
    year = _latest()
    published = _published("sussex", year)
    lead = sussex.context["paragraphs"][0]
    match = re.match(r"Police in Sussex made ([\d,]+) seizures of (.+?) in (\S+)\.", lead)
    assert match, lead
    count, name, said_year = int(match[1].replace(",", "")), match[2], match[3]
    drug = next(k for k, d in DRUG_BY_KEY.items() if d.name == name)
    assert said_year == year
    assert count == published[drug]
    # the page's description is that first sentence
    assert sussex.context["front"]["description"].strip("'\"") == match[0]


def test_sussex_figures_rows_match_the_tidy_tables(sussex):
    year = _latest()
    before = f"{int(year[:4]) - 1}-{year[2:4]}"
    published, earlier = _published("sussex", year), _published("sussex", before)
    population = _csv("population")
    people = int(
        population[(population["area"] == "sussex") & (population["year"] == year[:4])][
            "population"
        ].iloc[0]
    )
    rows = {r["drug"]: r for r in sussex.context["figures"]}
    assert rows, "no figures rows"
    for drug, row in rows.items():
        if drug not in published:
            assert pd.isna(row["seizures"]), drug
            continue
        assert row["seizures"] == published[drug], drug
        assert row["rate_per_million"] == pytest.approx(
            round(published[drug] / people * 1_000_000, 1)
        ), drug
        if drug in earlier:
            assert row["change_on_previous_year"] == published[drug] - earlier[drug], drug
    # The card carries the opening's lead fact: the lead drug's rate, or the count of any drug.
    lead = sussex.context["paragraphs"][0]
    name = re.match(r"Police in Sussex made [\d,]+ seizures of (.+?) in ", lead)[1]
    card = sussex.context["front"]["card"]
    if name == "drugs":
        assert card["figure"] == f"{published['all-drugs']:,}"
    else:
        drug = next(k for k, d in DRUG_BY_KEY.items() if d.name == name)
        assert card["figure"] == rate_in_text(published[drug] / people * 1_000_000)
        assert f"At {card['figure']} seizures per million population" in lead


def test_sussex_every_year_rows_are_the_published_totals(sussex):
    seizures = _csv("seizures")
    totals = seizures[(seizures["force"] == "sussex") & (seizures["drug"] == "all-drugs")]
    expected = {r.year: r.seizures for r in totals.itertuples()}
    trend = sussex.context["trend"]
    assert [r["year"] for r in trend] == sorted(expected)
    for row in trend:
        if expected[row["year"]] == "":
            assert pd.isna(row["seizures"])
        else:
            assert row["seizures"] == int(expected[row["year"]])


def test_absent_welsh_force_context_names_the_missing_forces_and_its_area(stats):
    force = WELSH_FORCES[0]
    content = contexts.absent_force_page(stats, force)
    areas = _csv("forces").set_index("force").loc[force.slug, "local_authorities"]
    assert content.context["local_authorities"] == areas.split("; ")
    assert content.context["welsh_names"] == ", ".join(f.name for f in WELSH_FORCES)
    assert content.download is None


def test_region_context_ranks_its_forces_by_rate(stats):
    content = contexts.region_page(stats, "South East")
    table = content.context["table"]
    forces = _csv("forces")
    in_region = set(forces[forces["region"] == "South East"]["force"])
    assert {r["force"] for r in table} <= in_region
    rates = [r["rate_per_million"] for r in table if not pd.isna(r["rate_per_million"])]
    assert rates == sorted(rates, reverse=True)
    assert content.context["has_city"] is False


def test_home_context_national_change_is_from_the_england_and_wales_table(stats, boundaries):
    content = contexts.home_page(stats, ["cocaine"], boundaries)
    national = _csv("england_and_wales")
    police = national[national["drug"] == "all-drugs"].set_index("year")["territorial_police"]
    years = sorted(police.index)
    now, before, first = (int(police[y]) for y in (years[-1], years[-2], years[0]))
    more = "more" if now > before else "fewer"
    assert content.context["change"] == [
        f"The territorial police forces made {now:,} drug seizures in {years[-1]}, "
        f"{abs(now - before):,} {more} than the {before:,} in {years[-2]}.",
        f"Over the whole series, their drug seizures {'rose' if now > first else 'fell'} from "
        f"{first:,} in {years[0]} to {now:,} in {years[-1]}.",
    ]
    # The card carries the headline's first figure: police forces and Border Force together.
    total = national[national["drug"] == "all-drugs"].set_index("year")["total"]
    card = content.context["front"]["card"]
    assert card["figure"] == f"{int(total[years[-1]]):,}"
    assert card["figure"] in content.context["front"]["description"]
    assert all(r["force"] != "british-transport-police" for r in content.context["table"])


def test_a_year_without_shares_says_why(stats):
    """Border Force's 2018-19 row leaves "Unknown" blank, so no share can be worked out;
    every force whose "Unknown" cell is filled has shares (tidy tables read here)."""
    seizures = _csv("seizures")
    year = _latest()
    blank = seizures[(seizures["year"] == year) & (seizures["drug"] == "unknown")]
    blank = set(blank[blank["seizures"] == ""]["force"])
    assert blank == {"border-force"}
    for slug in stats.force_year[stats.force_year["year"] == year]["force"].unique():
        figures = tables.force_year_table(stats, slug, year)
        assert tables.shares_gap(figures) == ("no-unknown" if slug in blank else None), slug
    every = tables.force_year_table(stats, "sussex", year)
    every.loc[every["drug"] == "unknown", "seizures"] = every.loc[
        every["drug"] == "all-drugs", "seizures"
    ].item()
    every["share_of_known_pct"] = pd.NA
    assert tables.shares_gap(every) == "all-unknown"
    assert tables.shares_gap(every.assign(seizures=0)) is None
    # Every drug's cell blank but the type recorded for some: not put down to the type.
    some = every.copy()
    some.loc[some["drug"] == "unknown", "seizures"] = 1
    assert tables.shares_gap(some) is None
