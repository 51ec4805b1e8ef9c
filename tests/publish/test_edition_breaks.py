"""What changed: the breaks in series the new tables flag or unflag, against the previous
edition's published tables (build_data/render/editions.py, the rule in analysis/breaks.py).

The previous edition is made from the committed tables: one break the rule flags today
is undone in it (so this edition flags it anew) and Kent's newest figure is halved in it
(so it flagged a break this edition's figures do not have).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from markdown import markdown
from site_support import rows

from build_data.analysis import breaks
from build_data.analysis.stats import compute
from build_data.reference import FORCE_BY_SLUG
from build_data.render import editions, pages
from build_data.tidy import read_dataset

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return read_dataset(ROOT / "data").tables


@pytest.fixture(scope="module")
def stats(tables):
    return compute(tables)


def undone_step(stats) -> tuple[str, str]:
    """The first fall or rise the rule flags in the committed tables."""
    step = stats.breaks[stats.breaks["kind"].isin(["fall", "rise"])].iloc[0]
    return step["force"], step["year"]


def previous_tables(tables, stats) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The previous edition's seizures: one step undone, Kent's newest figure halved."""
    seizures = tables["seizures"].copy()
    force, year = undone_step(stats)
    row = stats.breaks[(stats.breaks["force"] == force) & (stats.breaks["year"] == year)]
    all_drugs = seizures["drug"] == "all-drugs"
    at = all_drugs & (seizures["force"] == force) & (seizures["year"] == year)
    seizures.loc[at, "seizures"] = row["previous"].iloc[0]
    kent = all_drugs & (seizures["force"] == "kent") & (seizures["year"] == stats.latest)
    seizures.loc[kent, "seizures"] = seizures.loc[kent, "seizures"] // 2
    return seizures, tables["england_and_wales"]


def test_break_changes_list_the_newly_flagged_and_unflagged_force_years(tables, stats):
    seizures, national = previous_tables(tables, stats)
    before = breaks.breaks(seizures, national)
    changes = editions.break_changes(before, stats.breaks)
    newly = set(zip(changes["flagged"]["force"], changes["flagged"]["year"], strict=True))
    gone = set(zip(changes["unflagged"]["force"], changes["unflagged"]["year"], strict=True))
    assert undone_step(stats) in newly
    assert ("kent", stats.latest) in gone
    assert not stats.flagged("kent", stats.latest)
    unchanged = breaks.flagged(before) & breaks.flagged(stats.breaks)
    assert unchanged and not unchanged & (newly | gone)
    assert changes["now"] == len(breaks.flagged(stats.breaks))
    assert changes["before"] == len(breaks.flagged(before))
    # Without the previous edition's flags, only this edition's count.
    alone = editions.break_changes(None, stats.breaks)
    assert alone["before"] is None and alone["now"] == changes["now"]


def test_the_page_reads_the_previous_editions_published_tables(tables, stats, tmp_path):
    seizures, national = previous_tables(tables, stats)
    inputs = tmp_path / "build" / editions.INPUT
    (inputs / "previous").mkdir(parents=True)
    seizures.to_csv(inputs / "previous" / "seizures.csv", index=False)
    national.to_csv(inputs / "previous" / "england_and_wales.csv", index=False)
    (inputs / "previous.json").write_text(json.dumps({"edition": "2017-18"}))
    docs = tmp_path / "docs"
    docs.mkdir()
    editions.build(stats, docs, tmp_path / "build", pages._env(), [])
    text = (docs / editions.PAGE).read_text().split("---\n", 2)[2]
    html = BeautifulSoup(markdown(text, extensions=["tables", "attr_list"]), "html.parser")
    heading = html.find(id="series-breaks")
    tables_after = heading.find_all_next("table", limit=2)
    newly, gone = (rows(t) for t in tables_after)
    force, year = undone_step(stats)
    row = stats.breaks[(stats.breaks["force"] == force) & (stats.breaks["year"] == year)].iloc[0]
    verb = "fell" if row["kind"] == "fall" else "rose"
    expected = f"{verb} from {row['previous']:,} in {row['previous_year']} to {row['seizures']:,}"
    assert {(r["Year"], r["Force"]) for r in newly} >= {(year, FORCE_BY_SLUG[force].name)}
    assert expected in [r["Seizures of any drug"] for r in newly]
    assert (stats.latest, FORCE_BY_SLUG["kent"].name) in {(r["Year"], r["Force"]) for r in gone}
    said = heading.find_next("p").get_text(" ", strip=True)
    assert f"This edition flags {len(breaks.flagged(stats.breaks))} force-years" in said
    assert (
        f"the 2017-18 edition flagged {len(breaks.flagged(breaks.breaks(seizures, national)))}"
        in said
    )
