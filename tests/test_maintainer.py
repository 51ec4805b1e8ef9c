"""A maintainer adds 2019-20 from a downloaded ODS table and rebuilds the site, end to end.

The repository's working tree is copied into a temporary folder (no .git, .venv,
site/, build/, screenshots or caches) and the maintainer's commands run there
as subprocesses with the project's virtual environment, exactly as CONTRIBUTING.md
says:

    python -m build_data import --table seizures-2019-20.ods --year 2019-20 --data data
    python -m build_data pages --data data --docs docs
    mkdocs build --strict

The made-up 2019-20 table is the 2018-19 rows of data/seizures.csv pivoted wide
under the Home Office's column and row labels, with title rows above the header,
a notes block below a blank row, ".." where Border Force's 2018-19 cell was empty,
and these changes (everything else as in 2018-19):

- Sussex: cocaine 1,204 -> 1,304 (+100) and all drugs 5,954 -> 6,054 (+100);
- Kent: all drugs 3,678 -> 3,178 (-500).

Its "England and Wales" row is the 2018-19 row of data/england_and_wales.csv
(column `total`: police forces, British Transport Police and Border Force,
Welsh forces included) adjusted by the same changes: cocaine +100, all drugs
+100 - 500 = -400. So the England and Wales police figure for 2019-20 (less
Border Force's 8,937 and British Transport Police's 438, both unchanged) is
143,760 - 400 = 143,360.

Then the maintainer imports the same year again with Sussex's cocaine figure
revised (1,304 -> 1,250) and reads the revision in the report. The committed
data/ is never touched.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from home_office_layout import HOME_OFFICE_NAMES, LABELS, NOTES, TITLE
from site_support import article, rows, table_after, text

from build_data.reference import FORCE_BY_SLUG

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
YEAR = "2019-20"
PREVIOUS = "2018-19"

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


# 2018-19 figures the changes start from (data/seizures.csv, checked below).
SUSSEX_COCAINE, SUSSEX_ALL, KENT_ALL = 1204, 5954, 3678
CHANGES = {
    ("sussex", "cocaine"): SUSSEX_COCAINE + 100,
    ("sussex", "all-drugs"): SUSSEX_ALL + 100,
    ("kent", "all-drugs"): KENT_ALL - 500,
}
NATIONAL_CHANGES = {"cocaine": +100, "all-drugs": +100 - 500}
REVISED_COCAINE = 1250  # the second import: Sussex's 2019-20 cocaine figure revised
# The police forces' (39 English forces and British Transport Police) all-drugs
# seizures in 2018-19 add up to 134,894; 134,894 + 100 - 500 = 134,494.
POLICE_IN_TABLE = 134_494
# England and Wales police (territorial forces, Welsh ones included): 143,760 in
# 2018-19 (data/england_and_wales.csv), so 143,360 in 2019-20.
NATIONAL_POLICE_BEFORE, NATIONAL_POLICE = 143_760, 143_360


# ---------------------------------------------------------------- the maintainer's table


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype={"year": str}, keep_default_na=False, na_values=[""])


def cell(value: object) -> object:
    return None if pd.isna(value) else int(value)


def table_rows(changes: dict[tuple[str, str], int]) -> list[list]:
    """The 2019-20 table as a Home Office spreadsheet's rows: titles, header, forces, notes."""
    long = read(DATA, "seizures.csv").query(f"year == '{PREVIOUS}'")
    forces = list(dict.fromkeys(long["force"]))  # the published row order
    wide = long.pivot(index="force", columns="drug", values="seizures").loc[forces, list(LABELS)]
    assert wide.at["sussex", "cocaine"] == SUSSEX_COCAINE
    assert wide.at["sussex", "all-drugs"] == SUSSEX_ALL
    assert wide.at["kent", "all-drugs"] == KENT_ALL
    rows = [*TITLE, ["Police force", *LABELS.values()]]
    for force, figures in wide.iterrows():
        name = HOME_OFFICE_NAMES.get(force, FORCE_BY_SLUG[force].name)
        values = [changes.get((force, drug), cell(figures[drug])) for drug in LABELS]
        if force == "border-force":
            values = [".." if v is None else v for v in values]
        assert force == "border-force" or None not in values, force  # no gaps in 2018-19
        rows.append([name, *values])

    national = read(DATA, "england_and_wales.csv").query(f"year == '{PREVIOUS}'")
    totals = dict(zip(national["drug"], national["total"], strict=True))
    assert totals["all-drugs"] == 153_135
    rows.append(
        ["England and Wales", *(int(totals[d]) + NATIONAL_CHANGES.get(d, 0) for d in LABELS)]
    )
    return [*rows, *NOTES]


def write_ods(path: Path, rows: list[list]) -> Path:
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Table 3", header=False, index=False)
    return path


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


# ---------------------------------------------------------------- the test


def test_maintainer_adds_a_year_and_rebuilds_the_site(tmp_path):
    committed = hashes(DATA)
    tree = tmp_path / "repo"
    shutil.copytree(ROOT, tree, ignore=LEFT_OUT, symlinks=True)
    assert not (tree / ".git").exists() and not (tree / "site").exists()
    table = write_ods(tree / "seizures-2019-20.ods", table_rows(CHANGES))

    # 1. Import the new year and read the report.
    report = run(
        tree, "-m", "build_data", "import", "--table", table.name, "--year", YEAR,
        "--data", str(tree / "data"),
    )  # fmt: skip
    lines = report.splitlines()
    assert lines[0] == f"{YEAR}: 41 forces and agencies in the table, 41 with figures."
    assert lines[1] == (
        f"  Seizures of any drug by the police forces in the table: {POLICE_IN_TABLE:,}."
    )
    movers = lines.index(f"  Largest changes in seizures of any drug since {PREVIOUS}:")
    assert lines[movers + 1 : movers + 3] == [
        "    Kent: 3,678 -> 3,178 (-500)",
        "    Sussex: 5,954 -> 6,054 (+100)",
    ]
    assert "  No earlier figures revised." in lines
    assert "no England and Wales total row" not in report
    assert "No ONS population" not in report

    national = read(tree / "data", "england_and_wales.csv").query(f"year == '{YEAR}'")
    national = national.set_index("drug")
    assert national.at["all-drugs", "total"] == 153_135 - 400
    assert national.at["all-drugs", "territorial_police"] == NATIONAL_POLICE
    assert national.at["all-drugs", "source"] == f"England and Wales row of {table.name}"

    # 2. Generate the pages and build the site, as `make site` does.
    assert "pages into" in run(
        tree, "-m", "build_data", "pages", "--data", str(tree / "data"),
        "--docs", str(tree / "docs"),
    )  # fmt: skip
    run(tree, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(tree / "mkdocs.yml"))
    site = tree / "site"

    # The home page: headline, comparison with 2018-19, league table, all for 2019-20.
    home = article(site, "")
    assert (
        f"The 43 territorial police forces, which each police an area, made {NATIONAL_POLICE:,}:"
    ) in text(home.find("p"))
    assert (
        f"The territorial police forces made {NATIONAL_POLICE:,} drug seizures in {YEAR}, "
        f"{NATIONAL_POLICE_BEFORE - NATIONAL_POLICE:,} fewer than the "
        f"{NATIONAL_POLICE_BEFORE:,} in {PREVIOUS}."
    ) in text(home)
    league = table_after(home, "league-table")
    assert heading_text(home.find(id="league-table")) == f"Every force, {YEAR}"
    league = {r["Force"]: r for r in rows(league)}
    assert league["Sussex"]["Seizures"] == "6,054"
    assert league["Kent"]["Seizures"] == "3,178"
    assert league["Kent"][f"Change on {PREVIOUS}"] == "-500"
    assert league["Sussex"][f"Change on {PREVIOUS}"] == "+100"
    assert league["Cleveland"][f"Change on {PREVIOUS}"] == "0"

    # The Sussex page: lead paragraph, figures for 2019-20, the 2019-20 estimate note.
    sussex = article(site, "forces/sussex/")
    cocaine = SUSSEX_COCAINE + 100
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
    assert by_drug["All drugs"]["Seizures"] == "6,054"
    estimate = "Sussex's figures for 2019-20 are an estimate"
    warning = [a for a in sussex.select(".admonition.warning") if estimate in text(a)]
    assert len(warning) == 1 and f"Note on {YEAR}" in text(warning[0])
    notes = sussex.find(id="notes")
    assert notes is not None
    assert f"{YEAR}: {estimate}" in text(notes.find_next("ul"))
    every_year = table_after(sussex, "every-year")
    years = [r["Year"] for r in rows(every_year)]
    assert years[0] == "2009-10" and years[-2:] == [PREVIOUS, YEAR]
    assert len(years) == 11

    # The cocaine page ranks the forces for 2019-20, Sussex with its new figure.
    drug = article(site, "drugs/cocaine/")
    ranked = table_after(drug, "forces")
    assert heading_text(drug.find(id="forces")) == f"Every force, {YEAR}"
    ranked = rows(ranked)
    by_name = {r["Force"]: r for r in ranked}
    assert by_name["Sussex"]["Seizures"] == f"{cocaine:,}"
    assert by_name["Sussex"]["Change on previous year"] == "+100"
    assert rank(by_name["Sussex"]) == "1 of 38"
    rates = [
        float(r["Per million people"].replace(",", ""))
        for r in ranked
        if r["Per million people"] != "–"
    ]
    assert rates == sorted(rates, reverse=True)
    assert text(drug.find("p")).startswith(f"In {YEAR} police forces and Border Force made")

    # Sussex's download has the 2019-20 figures and the 2019-20 row of every year.
    with (site / "data" / "forces" / "sussex.csv").open(newline="", encoding="utf-8") as f:
        download = list(csv.DictReader(f))
    figures_rows = [r for r in download if r["table"] == "figures"]
    assert figures_rows and {r["year"] for r in figures_rows} == {YEAR}
    assert next(r for r in figures_rows if r["drug"] == "cocaine")["seizures"] == str(cocaine)
    trend_rows = {r["year"]: r for r in download if r["table"] == "every-year"}
    assert trend_rows[YEAR]["seizures"] == "6054"
    assert trend_rows[PREVIOUS]["seizures"] == str(SUSSEX_ALL)

    # 3. The Home Office revises Sussex's cocaine figure: import the year again.
    revised = write_ods(
        tree / "seizures-2019-20-revised.ods",
        table_rows({**CHANGES, ("sussex", "cocaine"): REVISED_COCAINE}),
    )
    report = run(
        tree, "-m", "build_data", "import", "--table", revised.name, "--year", YEAR,
        "--data", str(tree / "data"),
    )  # fmt: skip
    lines = report.splitlines()
    assert "  1 earlier figure(s) revised:" in lines
    assert f"    {YEAR} Sussex cocaine: {cocaine} -> {REVISED_COCAINE}" in lines
    assert "  No earlier figures revised." not in lines
    seizures = read(tree / "data", "seizures.csv").set_index(["year", "force", "drug"])
    assert seizures.at[(YEAR, "sussex", "cocaine"), "seizures"] == REVISED_COCAINE
    assert seizures.at[(PREVIOUS, "sussex", "cocaine"), "seizures"] == SUSSEX_COCAINE

    # 4. The committed tables were never touched.
    assert hashes(DATA) == committed
