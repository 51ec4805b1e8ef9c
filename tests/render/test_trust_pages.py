"""Issues 12 and 20 on the built pages: breaks, the release's figures, quantities, the golden file.

Expected figures are read from data/*.csv, never typed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import site_support
from bs4 import BeautifulSoup

from build_data.analysis.stats import Stats, compute
from build_data.ingest.importer import read_dataset
from build_data.reference import DRUG_BY_KEY, FORCE_BY_SLUG
from build_data.render import kit, prose
from build_data.tidy import load_notes

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
GOLDEN = ROOT / "tests" / "golden" / "paragraphs.md"
READ = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}
SINGLING = ("lowest", "highest", "largest fall", "largest rise", "fewer than", "more than")
QUALIFIED = ("a break in the series", "left out of")


@pytest.fixture(scope="module")
def stats() -> Stats:
    return compute(read_dataset(DATA).tables)


@pytest.fixture(scope="module")
def csv() -> dict[str, pd.DataFrame]:
    names = ("seizures", "england_and_wales", "quantities", "england_and_wales_quantities")
    return {name: pd.read_csv(DATA / f"{name}.csv", **READ) for name in names}


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site.site


def figure(csv, force: str, year: str, drug: str = "all-drugs") -> int:
    s = csv["seizures"]
    rows = s[(s["force"] == force) & (s["year"] == year) & (s["drug"] == drug)]
    return int(rows["seizures"].item())


def steps(csv, force: str) -> list[tuple[str, int, int]]:
    """Years a force's total halved or doubled on a year before of 300 or more, from the CSV."""
    s = csv["seizures"]
    series = s[(s["force"] == force) & (s["drug"] == "all-drugs")].sort_values("year")
    pairs = zip(series.itertuples(), list(series.itertuples())[1:], strict=False)
    return [
        (now.year, int(before.seizures), int(now.seizures))
        for before, now in pairs
        if min(before.seizures, now.seizures) >= 300
        and max(before.seizures, now.seizures) >= 2 * min(before.seizures, now.seizures)
    ]


def reading(page) -> str:
    """A page's article as a reader reads it, without tables (and the note on which rows a
    chart's table lists), a chart's downloads and embed code (kit), SVG and scripts."""
    for node in page.select("table, .chart-table-note, .chart-kit, svg, script, style"):
        node.decompose()
    return site_support.text(page)


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text)


# --- the golden file ---------------------------------------------------------------------


def test_golden_file_holds_every_generated_paragraph(stats):
    expected = prose.golden(stats, load_notes(ROOT / "references" / "notes.yaml"))
    assert GOLDEN.read_text() == expected, "the pages' text changed: review, then `make golden`"


# --- breaks ------------------------------------------------------------------------------


def test_no_built_sentence_singles_out_a_flagged_force_year_unqualified(site, stats):
    flagged = [(FORCE_BY_SLUG[f].name, y) for f, y in zip(
        stats.breaks["force"], stats.breaks["year"], strict=True
    )]  # fmt: skip
    checked = 0
    for page in sorted(site.glob("**/index.html")):
        url = str(page.parent.relative_to(site)).replace(".", "")
        if url.startswith(f"{kit.FOLDER}/"):  # a chart's embed page: no article, a <main>
            article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").main
        else:
            article = site_support.article(site, url)
        for sentence in sentences(reading(article)):
            lower = sentence.lower()
            if not any(word in lower for word in SINGLING):
                continue
            for name, year in flagged:
                if name in sentence and (year in sentence or year == stats.latest):
                    checked += 1
                    assert any(q in sentence for q in QUALIFIED), (url, sentence)
    assert checked > 5  # Thames Valley, Merseyside and Lancashire are named in such sentences


def test_thames_valley_page_shows_its_break(site, stats, csv):
    (year, before, after), *_ = steps(csv, "thames-valley")
    page = site_support.article(site, "forces/thames-valley")
    box = page.find(class_="admonition-title", string="A break in the series").parent
    said = site_support.text(box)
    previous = stats.years[stats.years.index(year) - 1]
    assert f"fell from {before:,} in {previous} to {after:,} in {year}" in said
    assert "changes in recording practices" in said
    assert "Thames Valley Police said" in said and "BBC News" in said
    # The every-year table marks the flagged years, and only those.
    table = site_support.table_after(page, "every-year")
    header = [site_support.text(th) for th in table.select("thead th")]
    assert header[-1] == "Break in the series"
    marked = {
        site_support.text(tr.select("td")[0]): site_support.text(tr.select("td")[-1])
        for tr in table.select("tbody tr")
    }
    expected = set(stats.breaks[stats.breaks["force"] == "thames-valley"]["year"])
    assert year in expected
    assert {y for y, m in marked.items() if m == "break"} == expected
    # The trend chart marks the step, and says so.
    trend = page.find(id="chart-trend")
    assert f"A dashed line marks {year}: a break in the series for Thames Valley" in (
        site_support.text(trend)
    )
    assert "break" in [t.get_text() for t in trend.select("svg text")]


def test_unflagged_force_has_no_break_box(site):
    page = site_support.article(site, "forces/sussex")
    assert page.find(class_="admonition-title", string="A break in the series") is None
    assert "Break in the series" not in site_support.text(page.find(id="every-year").parent)


# --- national figures --------------------------------------------------------------------


def test_home_opens_with_the_release_and_reads_standalone(site, csv):
    ew = csv["england_and_wales"]
    ew = ew[ew["drug"] == "all-drugs"].set_index("year")
    years = sorted(ew.index)
    latest, previous = years[-1], years[-2]
    paragraphs = [
        site_support.text(p)
        for p in site_support.article(site, "").find("h1").find_next_siblings("p", limit=3)
    ]
    first = paragraphs[0]
    assert first.startswith(f"In {latest} police forces and Border Force made ")
    assert f"{int(ew.loc[latest, 'total']):,} drug seizures" in first
    assert f"made {int(ew.loc[latest, 'police']):,}" in first
    assert "highest rate" in paragraphs[1]
    now, before = (int(ew.loc[y, "territorial_police"]) for y in (latest, previous))
    assert paragraphs[2].startswith(
        f"The territorial police forces made {now:,} drug seizures in {latest}, "
        f"{abs(now - before):,}"
    )
    for p in paragraphs:
        assert not p.startswith(("That ", "It ", "This ")), p


def test_estimated_years_say_so_on_the_drug_pages(site, csv, stats):
    from build_data.analysis.national import ESTIMATED_YEARS

    table = site_support.table_after(site_support.article(site, "drugs/cocaine"), "trend")
    for tr in table.select("tbody tr"):
        cells = [site_support.text(td) for td in tr.select("td")]
        estimated = "including estimated figures" in cells[1]
        assert estimated == (cells[0] in ESTIMATED_YEARS), cells


def test_reconciliation_page_adds_up_from_the_tables(site, csv, stats):
    page = site_support.article(site, "data/reconciliation")
    table = page.find("table")
    ew = csv["england_and_wales"]
    ew = ew[ew["drug"] == "all-drugs"].set_index("year")
    s = csv["seizures"]
    english = {f for f in stats.forces["force"] if str(FORCE_BY_SLUG[f].code).startswith("E")}
    english &= {f for f in stats.forces["force"] if FORCE_BY_SLUG[f].kind == "territorial"}
    shown = [[site_support.text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[0].rstrip("*") for r in shown] == sorted(ew.index)
    for row in shown:
        year = row[0].rstrip("*")
        digits = [int(re.sub(r"\D", "", c.split("(")[0])) for c in row[1:8]]
        total, border, police, btp, territorial, forces, remainder = digits
        assert (total, border, police) == tuple(
            int(ew.loc[year, c]) for c in ("total", "border_force", "police")
        )
        assert (btp, territorial) == (
            int(ew.loc[year, "british_transport_police"]),
            int(ew.loc[year, "territorial_police"]),
        )
        assert total - border == police and police - btp == territorial
        year_rows = s[(s["year"] == year) & (s["drug"] == "all-drugs") & s["force"].isin(english)]
        assert forces == int(year_rows["seizures"].sum())
        assert remainder == territorial - forces
        missing = english - set(year_rows.dropna(subset=["seizures"])["force"])
        for force in missing:
            assert FORCE_BY_SLUG[force].name in row[8]
        assert (row[8] == "none") == (not missing)


# --- quantities --------------------------------------------------------------------------


def shown_quantity(text: str, unit: str) -> float:
    number = float(text.split()[0].replace(",", ""))
    assert text.endswith({"kg": " kg", "doses": " doses", "plants": " plants"}[unit]) or (
        text.endswith((" dose", " plant"))
    ), text
    return number


@pytest.mark.parametrize("force", ["sussex", "kent"])
def test_force_quantities_in_the_home_office_units(site, csv, stats, force):
    page = site_support.article(site, f"forces/{force}")
    heading = page.find(id="quantities")
    assert heading is not None
    caveat = site_support.text(heading.find_next(class_="admonition"))
    assert "a few very large seizures" in caveat
    table = site_support.table_after(page, "quantities")
    q = csv["quantities"]
    q = q[(q["force"] == force) & (q["year"] == stats.latest)].dropna(subset=["quantity"])
    label = {k: v.label for k, v in DRUG_BY_KEY.items()}
    shown = {
        site_support.text(tr.select("td")[0]): site_support.text(tr.select("td")[1])
        for tr in table.select("tbody tr")
    }
    assert len(shown) == len(q)
    for row in q.itertuples():
        value = shown_quantity(shown[label[row.drug]], row.unit)
        published = row.quantity * 1000 if row.unit == "doses" else row.quantity
        assert value == pytest.approx(published, rel=0.01, abs=0.01), (row.drug, value)
    assert "thousands of doses" in site_support.text(page.find(id="quantities").parent)


def test_cocaine_page_ranks_quantities_with_the_caveat(site, csv, stats):
    page = site_support.article(site, "drugs/cocaine")
    heading = page.find(id="quantities")
    assert "a few very large seizures" in site_support.text(heading.find_next(class_="admonition"))
    q = csv["quantities"]
    q = q[(q["drug"] == "cocaine") & (q["year"] == stats.latest) & (q["force"] != "border-force")]
    q = q.dropna(subset=["quantity"]).sort_values("quantity", ascending=False)
    table = site_support.table_after(page, "quantities")
    first = [site_support.text(td) for td in table.select("tbody tr")[0].select("td")]
    assert first[0] == FORCE_BY_SLUG[q.iloc[0]["force"]].name
    assert shown_quantity(first[1], "kg") == pytest.approx(q.iloc[0]["quantity"], rel=0.01)
    ew = csv["england_and_wales_quantities"]
    police = float(ew[(ew["year"] == stats.latest) & (ew["drug"] == "cocaine")]["police"].item())
    assert f"seized {police:,.0f} kg." in site_support.text(heading.find_next("p"))


def test_downloads_say_which_unit_each_drug_uses(site):
    page = site_support.text(site_support.article(site, "data"))
    assert "Doses are published in thousands" in page
    assert "thousands of doses" in page
