"""A maintainer adds 2019-20 and the mid-2019 population, then rebuilds the site, end to end.

The repository's working tree is copied into a temporary folder (no .git, .venv,
site/, build/, screenshots or caches) and the maintainer's commands run there
as subprocesses with the project's virtual environment, exactly as CONTRIBUTING.md
says:

    python -m build_data import --table seizures-tables.ods --year 2019-20
    python -m build_data import --population mye-2019.xlsx --mid-year 2019
    python -m build_data pages
    mkdocs build --strict

The tree is as it was before the ONS published mid-2019: its data/population.csv
has no mid-2019 rows. The made-up 2019-20 release is a GSS-style workbook
(tests/gss_workbook.py): cover, contents and notes sheets, then the real 2018-19
table under description rows, with `[note N]` markers, `[x]`-style shorthand for
Border Force's empty cells and an England and Wales total row, and these
changes (the total row moves with them):

- Sussex: cocaine +100 and all drugs +100;
- Kent: all drugs -500.

The mid-2019 estimates workbook (tests/ons_population.py) is the committed
mid-2019 figures by local authority at 2023 boundaries, so the force areas it
gives are the committed ones.

Then the maintainer imports the year again with Sussex's cocaine figure revised
and reads the revision in the report. The committed data/ is never touched.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from gss_workbook import NOTES, gss_table, gss_workbook
from ons_population import districts_2023, persons_rows, population_book
from site_support import article, rows, table_after, text

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
YEAR = "2019-20"
PREVIOUS = "2018-19"
MID_YEAR = 2019  # rates for 2019-20 use the population of mid-2019

# Not copied into the maintainer's tree: git, the environment, built output, caches.
LEFT_OUT = shutil.ignore_patterns(
    ".git",
    ".venv",
    "site",
    "build",
    "screenshots",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "__pycache__",
    "*.pyc",
)
# The changes to the 2018-19 figures: (force, drug) -> (Home Office labels, change).
DELTAS = {
    ("sussex", "cocaine"): ("Sussex", "Cocaine", +100),
    ("sussex", "all-drugs"): ("Sussex", "All drugs", +100),
    ("kent", "all-drugs"): ("Kent", "All drugs", -500),
}
REVISION = -54  # the second import: Sussex's 2019-20 cocaine figure revised by this much


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={"year": str}, keep_default_na=False, na_values=[""])


def before() -> pd.DataFrame:
    """The committed 2018-19 seizures by force and drug."""
    long = read(DATA, "seizures.csv").query(f"year == '{PREVIOUS}'")
    return long.pivot(index="force", columns="drug", values="seizures")


def changes(extra: dict[tuple[str, str], int] | None = None) -> dict[tuple[str, str], int]:
    """The changed cells of the 2019-20 table, by Home Office labels, from the 2018-19 figures."""
    wide, deltas = before(), {k: v[2] for k, v in DELTAS.items()}
    for key, change in (extra or {}).items():
        deltas[key] += change
    return {
        DELTAS[(force, drug)][:2]: int(wide.at[force, drug]) + change
        for (force, drug), change in deltas.items()
    }


def areas() -> set[str]:
    """Force areas, England, Wales and England and Wales: the committed population's areas."""
    return set(read(DATA, "population.csv")["area"])


def without_mid_year(path: Path, year: int) -> None:
    """data/population.csv as it was before the ONS published `year`: those rows left out."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.split(",")[1] != str(year)]
    assert len(lines) - len(kept) == len(areas())
    path.write_text("".join(kept), encoding="utf-8")


# ---------------------------------------------------------------- running the commands


def run(tree: Path, *args: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [PYTHON, *args], cwd=tree, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- reading the built site


def heading_text(heading) -> str:
    """A heading's words, without its permalink mark."""
    return " ".join(
        t.strip()
        for t in heading.find_all(string=True)
        if t.strip() and t.find_parent("a", class_="headerlink") is None
    )


def rank(row: dict[str, str]) -> str:
    return next(v for k, v in row.items() if k.startswith("Rank"))


def rate_per_million(tree: Path, force: str, seizures: int) -> str:
    """The rate as the site prints it, from the mid-2019 ONS population in the tree's data."""
    population = read(tree / "data", "population.csv")
    people = population.query(f"area == '{force}' and year == '2019'")["population"]
    assert len(people) == 1, force
    return f"{seizures / int(people.iloc[0]) * 1_000_000:,.1f}"


# ---------------------------------------------------------------- the steps


def import_year(tree: Path, name: str, extra: dict | None = None) -> tuple[Path, list[str]]:
    """Write the release's workbook into the tree, import it (no --sheet), return the report."""
    table = gss_workbook(tree / name, changes(extra))
    report = run(tree, "-m", "build_data", "import", "--table", table.name, "--year", YEAR)
    return table, report.splitlines()


def check_first_report(lines: list[str], table: Path) -> None:
    wide = before()
    police = wide.drop(index="border-force")["all-drugs"].sum()
    police += sum(change for _, drug, change in DELTAS.values() if drug == "All drugs")
    assert (
        lines[0]
        == f"{YEAR}: {len(wide)} forces and agencies in the table, {len(wide)} with figures."
    )
    assert lines[1] == f"  Seizures of any drug by the police forces in the table: {int(police):,}."
    movers = lines.index(f"  Largest changes in seizures of any drug since {PREVIOUS}:")
    kent, sussex = int(wide.at["kent", "all-drugs"]), int(wide.at["sussex", "all-drugs"])
    assert lines[movers + 1 : movers + 3] == [
        f"    Kent: {kent:,} -> {kent - 500:,} (-500)",
        f"    Sussex: {sussex:,} -> {sussex + 100:,} (+100)",
    ]
    assert "  No earlier figures revised." in lines
    assert f"  No ONS population for mid-{MID_YEAR}: rates for {YEAR} cannot be computed." in lines
    assert not any("no England and Wales total row" in line for line in lines)
    # What the workbook carried: its sheet, the notes its labels point to, its shorthand.
    assert "  Read sheet 'Table 3'." in lines
    assert f"  {NOTES[1][0]} {NOTES[1][1]}" in lines and f"  {NOTES[2][0]} {NOTES[2][1]}" in lines
    meaning = {"[x]": "not available", "[z]": "not applicable", "[c]": "confidential"}
    found = Counter(c for row in gss_table() for c in row if c in meaning)
    listed = ", ".join(f"{code} ({meaning[code]}) {n}" for code, n in found.items())
    assert f"  Figures given as shorthand, not published: {listed}." in lines


def import_population(tree: Path) -> list[str]:
    """The ONS mid-2019 workbook, as published, imported into a tree that lacks mid-2019."""
    districts = districts_2023(MID_YEAR)
    book = population_book(tree / f"mye-{MID_YEAR}.xlsx", persons_rows(districts))
    args = ["import", "--population", book.name, "--mid-year", str(MID_YEAR)]
    lines = run(tree, "-m", "build_data", *args).splitlines()
    people = districts.groupby(districts["code"].str[0])["population"].sum()
    assert lines[0] == (
        f"Mid-{MID_YEAR} population: {int(people.sum()):,} in England and Wales "
        f"({int(people['E']):,} in England, {int(people['W']):,} in Wales), "
        f"{len(areas() - {'england', 'wales', 'england-and-wales'})} police force areas."
    )
    assert lines[1:] == [
        f"  Rates for {YEAR} use these figures.",
        f"  A new year: there was no population for mid-{MID_YEAR}.",
    ]
    # 2023 boundaries give back the committed force areas, row for row.
    assert (tree / "data" / "population.csv").read_bytes() == (DATA / "population.csv").read_bytes()
    return lines


def check_national(tree: Path, table: Path) -> tuple[int, int]:
    """England and Wales's 2019-20 row comes from the workbook's total row."""
    committed = read(DATA, "england_and_wales.csv").query(f"year == '{PREVIOUS}'")
    committed = committed.set_index("drug")
    national = read(tree / "data", "england_and_wales.csv").query(f"year == '{YEAR}'")
    national = national.set_index("drug")
    change = +100 - 500
    assert national.at["all-drugs", "total"] == committed.at["all-drugs", "total"] + change
    police_before = int(committed.at["all-drugs", "territorial_police"])
    assert national.at["all-drugs", "territorial_police"] == police_before + change
    assert national.at["all-drugs", "source"] == f"England and Wales row of {table.name}"
    return police_before, police_before + change


def check_home(site: Path, police_before: int, police: int) -> None:
    """The home page: headline, comparison with 2018-19, league table, all for 2019-20."""
    wide = before()
    home = article(site, "")
    assert (
        f"The 43 territorial police forces, which each police an area, made {police:,}:"
    ) in text(home.find("p"))
    assert (
        f"The territorial police forces made {police:,} drug seizures in {YEAR}, "
        f"{police_before - police:,} fewer than the "
        f"{police_before:,} in {PREVIOUS}."
    ) in text(home)
    league = table_after(home, "league-table")
    assert heading_text(home.find(id="league-table")) == f"Every force, {YEAR}"
    league = {r["Force"]: r for r in rows(league)}
    assert league["Sussex"]["Seizures"] == f"{int(wide.at['sussex', 'all-drugs']) + 100:,}"
    assert league["Kent"]["Seizures"] == f"{int(wide.at['kent', 'all-drugs']) - 500:,}"
    assert league["Kent"][f"Change on {PREVIOUS}"] == "-500"
    assert league["Sussex"][f"Change on {PREVIOUS}"] == "+100"
    assert league["Cleveland"][f"Change on {PREVIOUS}"] == "0"


def check_sussex(site: Path, tree: Path, cocaine: int, all_drugs: int) -> None:
    """The Sussex page: lead paragraph, figures and rates for 2019-20, the estimate note."""
    sussex = article(site, "forces/sussex/")
    lead = text(sussex.find("p"))
    assert lead.startswith(f"Police in Sussex made {cocaine:,} seizures of cocaine in {YEAR}."), (
        lead
    )
    figures = table_after(sussex, "figures")
    assert heading_text(sussex.find(id="figures")) == f"Figures for {YEAR}"
    by_drug = {r["Drug"]: r for r in rows(figures)}
    assert by_drug["Cocaine"]["Seizures"] == f"{cocaine:,}"
    assert by_drug["Cocaine"]["Per million people"] == rate_per_million(tree, "sussex", cocaine)
    assert by_drug["Cocaine"]["Change on previous year"] == "+100"
    assert by_drug["All drugs"]["Seizures"] == f"{all_drugs:,}"
    assert by_drug["All drugs"]["Per million people"] == rate_per_million(tree, "sussex", all_drugs)
    estimate = "Sussex's figures for 2019-20 are an estimate"
    warning = [a for a in sussex.select(".admonition.warning") if estimate in text(a)]
    assert len(warning) == 1 and f"Note on {YEAR}" in text(warning[0])
    notes = sussex.find(id="notes")
    assert notes is not None
    assert f"{YEAR}: {estimate}" in text(notes.find_next("ul"))
    years = [r["Year"] for r in rows(table_after(sussex, "every-year"))]
    assert years[0] == "2009-10" and years[-2:] == [PREVIOUS, YEAR]
    assert len(years) == 11


def check_cocaine(site: Path, tree: Path, cocaine: int) -> None:
    """The cocaine page ranks the forces for 2019-20, by rate, Sussex with its new figure."""
    drug = article(site, "drugs/cocaine/")
    assert heading_text(drug.find(id="forces")) == f"Every force, {YEAR}"
    ranked = rows(table_after(drug, "forces"))
    by_name = {r["Force"]: r for r in ranked}
    assert by_name["Sussex"]["Seizures"] == f"{cocaine:,}"
    assert by_name["Sussex"]["Per million people"] == rate_per_million(tree, "sussex", cocaine)
    assert by_name["Sussex"]["Change on previous year"] == "+100"
    assert rank(by_name["Sussex"]) == "1 of 38"
    rates = [
        float(r["Per million people"].replace(",", ""))
        for r in ranked
        if r["Per million people"] != "–"
    ]
    assert len(rates) > 30 and rates == sorted(rates, reverse=True)
    assert text(drug.find("p")).startswith(f"In {YEAR} police forces and Border Force made")


def check_download(site: Path, cocaine: int, all_drugs: int) -> None:
    """Sussex's download has the 2019-20 figures and the 2019-20 row of every year."""
    with (site / "data" / "forces" / "sussex.csv").open(newline="", encoding="utf-8") as f:
        download = list(csv.DictReader(f))
    figures_rows = [r for r in download if r["table"] == "figures"]
    assert figures_rows and {r["year"] for r in figures_rows} == {YEAR}
    assert next(r for r in figures_rows if r["drug"] == "cocaine")["seizures"] == str(cocaine)
    trend_rows = {r["year"]: r for r in download if r["table"] == "every-year"}
    assert trend_rows[YEAR]["seizures"] == str(all_drugs)
    assert trend_rows[PREVIOUS]["seizures"] == str(int(before().at["sussex", "all-drugs"]))


# ---------------------------------------------------------------- the test


def test_maintainer_adds_a_year_and_rebuilds_the_site(tmp_path):
    committed = hashes(DATA)
    tree = tmp_path / "repo"
    shutil.copytree(ROOT, tree, ignore=LEFT_OUT, symlinks=True)
    assert not (tree / ".git").exists() and not (tree / "site").exists()
    without_mid_year(tree / "data" / "population.csv", MID_YEAR)  # not yet published

    # 1. Import the new year's workbook and read the report; then the mid-2019 population.
    table, lines = import_year(tree, "seizures-tables.ods")
    check_first_report(lines, table)
    police_before, police = check_national(tree, table)
    import_population(tree)

    # 2. Generate the pages and build the site, as `make site` does.
    assert "pages into" in run(tree, "-m", "build_data", "pages")
    run(tree, "-m", "mkdocs", "build", "--strict", "--quiet")
    site = tree / "site"
    wide = before()
    cocaine = int(wide.at["sussex", "cocaine"]) + 100
    all_drugs = int(wide.at["sussex", "all-drugs"]) + 100
    check_home(site, police_before, police)
    check_sussex(site, tree, cocaine, all_drugs)
    check_cocaine(site, tree, cocaine)
    check_download(site, cocaine, all_drugs)

    # 3. The Home Office revises Sussex's cocaine figure: import the year again.
    _, lines = import_year(tree, "seizures-tables-revised.xlsx", {("sussex", "cocaine"): REVISION})
    assert "  1 earlier figure(s) revised:" in lines
    assert f"    {YEAR} Sussex cocaine: {cocaine} -> {cocaine + REVISION}" in lines
    assert "  No earlier figures revised." not in lines
    assert not any("No ONS population" in line for line in lines)
    seizures = read(tree / "data", "seizures.csv").set_index(["year", "force", "drug"])
    assert seizures.at[(YEAR, "sussex", "cocaine"), "seizures"] == cocaine + REVISION
    assert seizures.at[(PREVIOUS, "sussex", "cocaine"), "seizures"] == wide.at["sussex", "cocaine"]

    # 4. The committed tables were never touched.
    assert hashes(DATA) == committed
