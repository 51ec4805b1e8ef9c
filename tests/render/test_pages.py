"""The generated site: pages generated into a copy of the project, then `mkdocs build --strict`.

The site is built once per test session (the `built_site` fixture in
conftest.py, shared with the sharing and browser tests) and read back as HTML
with BeautifulSoup, the way a reader sees it.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pandas as pd
import pytest
import site_support
from bs4 import BeautifulSoup

from build_data.analysis import narrative
from build_data.reference import DRUG_BY_KEY
from build_data.render.page_charts import AROUND, ENDS

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

pytestmark = pytest.mark.slow

# Derived, with its figures, in tests/analysis/test_narrative.py (SUSSEX_LEAD there).
SUSSEX_LEAD = (
    "Police in Sussex made 1,204 seizures of cocaine in 2018-19. At 707 seizures per million "
    "population, it was the highest rate for any police force in England apart from in the "
    "City of London, where many people work but few people live."
)
NOT_IN_SOURCE = "are not in this edition's source tables"
LEFTOVER = re.compile(r"\{\{|\{%|%\}|\}\}|\bnan\b|\bNaN\b|\bNone\b|<NA>")


def _forces() -> list[dict[str, str]]:
    with (DATA / "forces.csv").open(newline="") as f:
        return list(csv.DictReader(f))


FORCES = _forces()
SLUGS = [f["force"] for f in FORCES]
WELSH = [f["force"] for f in FORCES if f["country"] == "Wales"]
ENGLISH_TERRITORIAL = [
    f["force"] for f in FORCES if f["country"] == "England" and f["kind"] == "territorial"
]


@pytest.fixture(scope="session")
def built(built_site) -> Path:
    """The copy of the project holding docs/ (generated) and site/ (built)."""
    return built_site.project


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built / "site"


# Parsed once per worker; tests only read it.
article = functools.cache(site_support.article)
text = site_support.text
table_after = site_support.table_after
rows = site_support.rows


def generated_pages(site: Path) -> list[str]:
    urls = [""] + [f"forces/{s}/" for s in SLUGS] + ["forces/", "drugs/"]
    urls += [f"drugs/{p.parent.name}/" for p in sorted((site / "drugs").glob("*/index.html"))]
    return urls


# --- the figures pages show, worked out here from the tidy tables --------------------------

YEAR = "2018-19"
CITY = "city-of-london"
READ = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}


@functools.cache
def tidy(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", **READ)


def seized(force: str, drug: str = "all-drugs", year: str = YEAR) -> int:
    s = tidy("seizures")
    return int(
        s[(s["force"] == force) & (s["drug"] == drug) & (s["year"] == year)]["seizures"].item()
    )


@functools.cache
def rates(drug: str = "all-drugs", year: str = YEAR) -> dict[str, float]:
    """Per million residents (mid-year population of the year's first calendar year), for
    every territorial force with a figure."""
    s, p = tidy("seizures"), tidy("population")
    s = s[(s["drug"] == drug) & (s["year"] == year) & s["seizures"].notna()]
    people = p[p["year"] == year[:4]].set_index("area")["population"]
    territorial = {f["force"] for f in FORCES if f["kind"] == "territorial"}
    return {
        r.force: r.seizures / people[r.force] * 1e6
        for r in s.itertuples()
        if r.force in territorial
    }


def per_million(force: str, drug: str = "all-drugs") -> str:
    return f"{rates(drug)[force]:,.1f}"


def rank(force: str, drug: str = "all-drugs") -> str:
    """ "3 of 38": among the forces leaving out the City of London, the City among all."""
    pool = {f: r for f, r in rates(drug).items() if force == CITY or f != CITY}
    return f"{1 + sum(r > pool[force] for r in pool.values())} of {len(pool)}"


def region_rows(region: str) -> list[list[str]]:
    """A region page's table: force, seizures, rate, rank, change on the year before."""
    forces = [f["force"] for f in FORCES if f["region"] == region and f["force"] in rates()]
    return [
        [
            next(f["name"] for f in FORCES if f["force"] == force),
            f"{seized(force):,}",
            per_million(force),
            rank(force),
            f"{seized(force) - seized(force, year='2017-18'):+,}",
        ]
        for force in sorted(forces, key=lambda f: -rates()[f])
    ]


# --- every force has a page ----------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_force_has_a_page(site, slug):
    assert (site / "forces" / slug / "index.html").is_file()


@pytest.mark.parametrize("slug", WELSH)
def test_welsh_pages_say_the_figures_are_missing(site, slug):
    assert len(WELSH) == 4
    content = text(article(site, f"forces/{slug}/"))
    assert NOT_IN_SOURCE in content
    # No figures table and no rank for a force that is not in the tables.
    assert article(site, f"forces/{slug}/").find("table") is None
    assert " of 38" not in content and "per million population" not in content


def test_english_pages_do_not_say_the_figures_are_missing(site):
    for slug in ENGLISH_TERRITORIAL + ["british-transport-police", "border-force"]:
        assert NOT_IN_SOURCE not in text(article(site, f"forces/{slug}/")), slug


def test_every_page_with_figures_has_the_caveat(site):
    with_figures = (
        [""]
        + [f"forces/{s}/" for s in SLUGS if s not in WELSH]
        + [f"drugs/{p.parent.name}/" for p in (site / "drugs").glob("*/index.html")]
    )
    assert len(with_figures) > len(SLUGS)
    for url in with_figures:
        assert narrative.CAVEAT in text(article(site, url)), url


def test_no_section_of_any_page_is_empty(site):
    """A heading is followed by something before the next heading of its rank or higher:
    British Transport Police's and Border Force's "The trend" once stood empty."""
    pages = sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if p.parent.parent.name != "charts" and p.parent != site
    )
    assert len(pages) > len(SLUGS)
    empty = []
    for url in ["", *pages]:
        for heading in article(site, url).find_all(["h2", "h3"]):
            after = heading.find_next_sibling()
            rank = int(heading.name[1])
            if after is None or (after.name in ("h2", "h3") and int(after.name[1]) <= rank):
                empty.append(f"{url}#{heading.get('id')}")
    assert empty == []


# --- the Sussex page ------------------------------------------------------------------


def test_sussex_first_paragraph(site):
    content = article(site, "forces/sussex/")
    assert text(content.find("h1")).startswith("Sussex: police drug seizures")
    assert text(content.find("p")) == SUSSEX_LEAD


def test_sussex_cocaine_row(site):
    table = table_after(article(site, "forces/sussex/"), "figures")
    by_drug = {r["Drug"]: r for r in rows(table)}
    cocaine = by_drug["Cocaine"]
    assert cocaine["Seizures"] == f"{seized('sussex', 'cocaine'):,}"
    assert cocaine["Per million people"] == per_million("sussex", "cocaine")
    shown_rank = next(v for k, v in cocaine.items() if k.startswith("Rank"))
    assert shown_rank == rank("sussex", "cocaine") == "1 of 38"
    # The share of seizures whose drug type was recorded.
    known = seized("sussex") - seized("sussex", "unknown")
    share = f"{seized('sussex', 'cocaine') / known:.1%}"
    assert next(v for k, v in cocaine.items() if k.startswith("Share")) == share
    assert by_drug["All drugs"]["Seizures"] == f"{seized('sussex'):,}"


def test_sussex_page_lists_brighton_and_search_finds_it(site):
    assert "Brighton and Hove" in text(article(site, "forces/sussex/"))
    index = json.loads((site / "search" / "search_index.json").read_text())
    sussex = [d for d in index["docs"] if d["location"].startswith("forces/sussex/")]
    assert sussex, "no search entries for the Sussex page"
    assert any("Brighton" in d["text"] for d in sussex)


def test_missing_year_is_shown_as_not_published(site):
    trend = table_after(article(site, "forces/hampshire/"), "every-year")
    by_year = {r["Year"]: r for r in rows(trend)}
    assert by_year["2014-15"]["Seizures of any drug"] == "not published"
    assert by_year["2014-15"]["Per million people"] == "–"
    assert by_year["2015-16"]["Seizures of any drug"] != "not published"


def test_btp_page_has_counts_but_no_rates_or_ranks(site):
    """No column that could only hold dashes: on a phone they pushed the figures off screen."""
    page = article(site, "forces/british-transport-police/")
    by_drug = {r["Drug"]: r for r in rows(table_after(page, "figures"))}
    assert by_drug["All drugs"]["Seizures"] == f"{seized('british-transport-police'):,}"
    assert list(by_drug["Cocaine"]) == [
        "Drug",
        "Seizures",
        "Share of seizures where the drug type was known",
        "Change on previous year",
    ]
    every = rows(table_after(page, "every-year"))
    assert list(every[0]) == ["Year", "Seizures of any drug", "Break in the series"]
    assert {r["Year"]: r["Break in the series"] for r in every if r["Break in the series"]} == {
        "2018-19": "break"
    }
    assert "including estimated figures" not in text(page)  # that footnote is on rates
    # Border Force's 2018-19 row gives no "unknown" figure: no shares either.
    border = rows(table_after(article(site, "forces/border-force/"), "figures"))
    assert list(border[0]) == ["Drug", "Seizures", "Change on previous year"]
    sussex = rows(table_after(article(site, "forces/sussex/"), "figures"))
    assert len(sussex[0]) == 6 and "Per million people" in sussex[0]


@pytest.mark.parametrize("slug", ["british-transport-police", "border-force"])
def test_a_force_without_population_charts_its_own_counts(site, slug):
    """No rate, so no England and Wales line beside it: its seizures of any drug each year,
    as published, with the break the series rule finds (British Transport Police, 2018-19)."""
    figure = article(site, f"forces/{slug}/").find("figure", id="chart-trend")
    assert figure is not None
    table = {r["Year"]: r["Seizures of any drug"] for r in rows(figure.find("table"))}
    s = tidy("seizures")
    published = s[(s["force"] == slug) & (s["drug"] == "all-drugs")].set_index("year")["seizures"]
    assert table == {y: f"{int(n):,}" for y, n in published.items()}
    name = "British Transport Police" if slug != "border-force" else "Border Force"
    described = figure.find(class_="chart-description").get_text(" ", strip=True)
    first, last = published.index.min(), published.index.max()
    assert described.startswith(
        f"Seizures of any drug each year. {name}: {int(published[first]):,} in {first}, "
        f"{int(published[last]):,} in {last}."
    ), described
    broken = "A dashed line marks 2018-19: a break in the series for British Transport Police."
    assert (broken in described) == (slug == "british-transport-police")
    assert "per million" not in figure.get_text(" ", strip=True)


def test_border_force_page_says_why_it_has_no_shares(site):
    """Its 2018-19 row leaves "Unknown" blank: the section says so instead of vanishing."""
    page = article(site, "forces/border-force/")
    heading = page.find(id="what-was-seized")
    assert heading is not None
    said = heading.find_next_sibling("p").get_text(" ", strip=True)
    assert said.startswith(
        "The Home Office table for 2018-19 gives no figure for Border Force's seizures "
        "where the drug type was not recorded"
    ), said
    assert page.find("figure", id="chart-what-was-seized") is None
    sussex = article(site, "forces/sussex/")
    assert sussex.find("figure", id="chart-what-was-seized") is not None


# --- drug pages and the home page --------------------------------------------------------


def test_sussex_compared_chart_lists_the_top_the_bottom_and_its_neighbours(site):
    figure = article(site, "forces/sussex/").find("figure", id="chart-compared")
    rows = [
        [text(cell) for cell in tr.find_all(["th", "td"])]
        for tr in figure.select("details tbody tr")
    ]
    # Chart order, highest rate first: the ENDS highest and lowest, AROUND either side.
    ranking = sorted(rates(), key=lambda f: -rates()[f])
    at = ranking.index("sussex")
    ends = set(range(ENDS)) | set(range(len(ranking) - ENDS, len(ranking)))
    shown = [f for i, f in enumerate(ranking) if i in ends or abs(i - at) <= AROUND]
    names = {f["force"]: f["name"] for f in FORCES}
    assert [r[0] for r in rows] == [names[f] for f in shown]
    assert [r[1] for r in rows] == [
        "not ranked" if f == CITY else rank(f).split(" of ")[0] for f in shown
    ]
    by_force = {r[0]: r for r in rows}
    assert by_force["Sussex"][3] == per_million("sussex")
    assert by_force["Thames Valley"][3] == per_million("thames-valley")
    # Sussex's own row stands out, in both this table and the map's.
    for chart in ("compared", "map"):
        table = article(site, "forces/sussex/").find("figure", id=f"chart-{chart}")
        assert [text(tr.th) for tr in table.select("details tbody tr.marked")] == ["Sussex"]
    note = " ".join(figure.find("p", class_="chart-table-note").get_text().split())
    assert note == (
        f"{len(shown)} of the {len(ranking)} forces: the {ENDS} highest, the {ENDS} lowest and "
        "those either side of Sussex. Every force, ranked, on the overview."
    )
    assert text(figure.find("p", class_="chart-description")).startswith(
        f"Sussex: {per_million('sussex')}, ranked {rank('sussex')} leaving out the City of London."
    )


def test_every_chart_on_every_page_is_drawn_described_tabled_and_its_files_exist(site):
    """Static drawing (inline, or an image of a shared file with the force's mark in it),
    description, data table, and an interactive spec whose data files are served."""
    generated = site / "assets" / "generated"
    seen = 0
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix() + "/"
        for figure in BeautifulSoup(page.read_text(), "html.parser").select("figure.chart"):
            seen += 1
            where = f"{url}#{figure['id']}"
            static = figure.find("div", class_="chart-static")
            description = text(figure.find("p", class_="chart-description"))
            assert description and static["aria-label"] == description, where
            svg, img = static.find("svg"), static.find("img")
            if img is None:
                assert svg is not None and svg.find("path"), where
            else:
                src, _, mark = img["src"].partition("#")
                file = (page.parent / src).resolve()
                assert file.is_file() and file.suffix == ".svg", where
                assert mark and f'id="{mark}"' in file.read_text(), where
            assert figure.select("details table tbody tr"), where
            spec = json.loads(figure.find("template", class_="chart-spec").get_text())
            for data_url in re.findall(r'"url": "([^"]+)"', json.dumps(spec)):
                assert (generated / data_url).is_file(), (where, data_url)
    assert seen > 200


def test_south_east_region_page_lists_its_forces_in_rate_order(site):
    content = article(site, "forces/regions/south-east/")
    assert text(content.find("h1")).removesuffix(" ¶") == "South East: police forces"
    assert text(content).count("The 5 police forces in the South East") == 1
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in content.select("tbody tr")]
    assert rows == region_rows("South East") and len(rows) == 5
    links = [a["href"] for a in content.select("tbody a")]
    assert links[0] == "../../sussex/"
    note = "Ranks leave out the City of London, whose few residents make its rate not comparable."
    assert note in text(content)


def test_london_region_page_ranks_the_city_among_all_forces(site):
    content = article(site, "forces/regions/london/")
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in content.select("tbody tr")]
    assert rows == region_rows("London")
    assert [r[0] for r in rows] == ["City of London", "Metropolitan Police"]
    assert rows[0][3] == f"1 of {len(rates())}"  # the City ranked among all forces
    assert (
        "The City of London is ranked among all forces; the other ranks leave it out, because "
        "its few residents make its rate not comparable."
    ) in text(content)


def test_every_force_is_on_one_region_page_and_wales_says_what_is_missing(site):
    on_pages: dict[str, list[str]] = {}
    for page in sorted((site / "forces" / "regions").glob("*/index.html")):
        content = article(site, page.parent.relative_to(site).as_posix() + "/")
        for a in content.find_all("a", href=re.compile(r"^\.\./\.\./[a-z-]+/$")):
            on_pages.setdefault(a["href"].split("/")[2], []).append(page.parent.name)
    assert sorted(on_pages) == sorted(SLUGS)
    assert all(len(set(regions)) == 1 for regions in on_pages.values())
    wales = text(article(site, "forces/regions/wales/"))
    assert "no seizure figures for the four Welsh forces" in wales
    assert wales.count("seizure figures not in this edition's source tables") == len(WELSH)


def test_navigation_opens_the_pages_own_region_only(site):
    """navigation.prune: a force page's navigation lists its own region's forces and links
    to every other region's page, so its size does not grow with every force."""
    page = BeautifulSoup((site / "forces/sussex/index.html").read_text(), "html.parser")
    nav = page.select_one("nav.md-nav--primary")
    names = {text(a) for a in nav.find_all("a")}
    assert {"Hampshire", "Kent", "Surrey", "Thames Valley"} <= names
    assert not names & {"Cleveland", "Durham", "Essex", "Avon and Somerset"}
    hrefs = {a["href"] for a in nav.find_all("a")}
    regions = {p.parent.name for p in (site / "forces" / "regions").glob("*/index.html")}
    assert len(regions) == 11
    assert {f"../regions/{r}/" for r in regions} - {"../regions/south-east/"} <= hrefs


def test_cocaine_page_lists_every_english_force_once(site):
    table = table_after(article(site, "drugs/cocaine/"), "forces")
    links = [
        tr.find("td").find("a")["href"] for tr in table.find("tbody").find_all("tr")
    ]  # e.g. "../../forces/sussex/"
    slugs = [href.rstrip("/").split("/")[-1] for href in links]
    assert "city-of-london" in slugs
    for slug in ENGLISH_TERRITORIAL:
        assert slugs.count(slug) == 1, slug
    for slug in WELSH:
        assert slug not in slugs
    assert len(slugs) == len(set(slugs))
    by_name = {r["Force"]: r for r in rows(table)}
    assert by_name["Sussex"]["Seizures"] == f"{seized('sussex', 'cocaine'):,}"
    assert by_name["Sussex"]["Per million people"] == per_million("sussex", "cocaine")
    assert by_name["City of London"]["Per million people"] == per_million(CITY, "cocaine")


def test_cocaine_page_is_in_rate_order(site):
    table = table_after(article(site, "drugs/cocaine/"), "forces")
    rates = [
        float(r["Per million people"].replace(",", ""))
        for r in rows(table)
        if r["Per million people"] != "–"
    ]
    assert rates == sorted(rates, reverse=True)
    # The highest rate leaving out the City is Sussex, ranked 1 of 38.
    sussex = next(r for r in rows(table) if r["Force"] == "Sussex")
    assert next(v for k, v in sussex.items() if k.startswith("Rank")) == "1 of 38"


def test_home_page_links_to_every_force(site):
    content = article(site, "")
    targets = set()
    for a in content.find_all("a", href=True):
        resolved = urljoin("https://example.test/", a["href"])
        match = re.fullmatch(r"https://example\.test/forces/([a-z-]+)/(?:index\.html)?", resolved)
        if match:
            targets.add(match.group(1))
    assert set(SLUGS) <= targets, sorted(set(SLUGS) - targets)


def test_home_page_headline(site):
    headline = text(article(site, ""))
    ew = tidy("england_and_wales")
    ew = ew[(ew["year"] == YEAR) & (ew["drug"] == "all-drugs")].iloc[0]
    territorial = sum(f["kind"] == "territorial" for f in FORCES)
    assert f"In {YEAR} police forces and Border Force made {int(ew['total']):,} drug seizures" in (
        headline
    )
    assert (
        f"The {territorial} territorial police forces, which each police an area, made "
        f"{int(ew['territorial_police']):,}:"
    ) in headline


# --- downloads ------------------------------------------------------------------------------


def download_for(site: Path, url: str) -> list[dict[str, str]]:
    content = article(site, url)
    # The page's own CSV (linked from its Download section and its "Use these figures"
    # box), not the charts' CSVs (kit.FOLDER).
    links = sorted(
        {
            a["href"]
            for a in content.find_all("a", href=True)
            if a["href"].endswith(".csv") and "charts/" not in a["href"]
        }
    )
    assert len(links) == 1, (url, links)
    page_url = urljoin("https://example.test/", url)
    target = urljoin(page_url, links[0]).removeprefix("https://example.test/")
    path = site / target
    assert path.is_file(), (url, target)
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def formatted_count(value: str) -> str:
    return "not published" if value == "" else f"{int(float(value)):,}"


def formatted_rate(value: str) -> str:
    return "–" if value == "" else f"{float(value):,.1f}"


FORCE_DOWNLOADS = [s for s in SLUGS if s not in WELSH]


@pytest.mark.parametrize("slug", FORCE_DOWNLOADS)
def test_force_download_matches_the_page(site, slug):
    records = download_for(site, f"forces/{slug}/")
    content = article(site, f"forces/{slug}/")
    figures = rows(table_after(content, "figures"))
    from_csv = [r for r in records if r["table"] == "figures"]
    assert len(figures) == len(from_csv) > 0
    for shown, record in zip(figures, from_csv, strict=True):
        assert shown["Drug"] == DRUG_BY_KEY[record["drug"]].label
        assert shown["Seizures"] == formatted_count(record["seizures"]), record
        # A page leaves out a column of dashes (no rate): then the download has none either.
        shown_rate = shown.get("Per million people", "–")
        assert shown_rate == formatted_rate(record["rate_per_million"]), record
    trend = rows(table_after(content, "every-year"))
    from_csv = [r for r in records if r["table"] == "every-year"]
    assert [r["Year"] for r in trend] == [r["year"] for r in from_csv]
    for shown, record in zip(trend, from_csv, strict=True):
        assert shown["Seizures of any drug"] == formatted_count(record["seizures"]), record
        shown_rate = shown.get("Per million people", "–")
        assert shown_rate == formatted_rate(record["rate_per_million"]), record


def test_sussex_download_cocaine(site):
    records = download_for(site, "forces/sussex/")
    cocaine = next(r for r in records if r["table"] == "figures" and r["drug"] == "cocaine")
    assert cocaine["seizures"] == str(seized("sussex", "cocaine"))
    assert cocaine["rate_per_million"] == f"{rates('cocaine')['sussex']:.1f}"
    assert cocaine["rank"] == rank("sussex", "cocaine")


def test_drug_download_matches_the_page(site):
    drugs = sorted(p.parent.name for p in (site / "drugs").glob("*/index.html"))
    assert "cocaine" in drugs and "all-drugs" not in drugs
    for key in drugs:
        records = download_for(site, f"drugs/{key}/")
        shown = rows(table_after(article(site, f"drugs/{key}/"), "forces"))
        from_csv = [r for r in records if r["table"] == "forces"]
        assert [r["Force"] for r in shown] == [r["name"] for r in from_csv], key
        for row, record in zip(shown, from_csv, strict=True):
            assert row["Seizures"] == formatted_count(record["seizures"]), (key, record)
            assert row["Per million people"] == formatted_rate(record["rate_per_million"]), (
                key,
                record,
            )


def test_home_download_matches_the_league_table(site):
    records = download_for(site, "")
    shown = rows(table_after(article(site, ""), "league-table"))
    assert [r["Force"] for r in shown] == [r["name"] for r in records]
    for row, record in zip(shown, records, strict=True):
        assert row["Seizures"] == formatted_count(record["seizures"]), record
        assert row["Per million people"] == formatted_rate(record["rate_per_million"]), record


# --- no template leftovers -----------------------------------------------------------------


def test_no_leftovers_in_generated_markdown(built):
    docs = built / "docs"
    generated = [
        docs / "index.md",
        *(docs / "forces").rglob("*.md"),
        *(docs / "drugs").rglob("*.md"),
    ]
    assert len(generated) > len(SLUGS)
    for path in generated:
        # A chart block carries its Vega-Lite spec as JSON, braces and all.
        markdown = re.sub(r'<figure class="chart".*?</figure>', "", path.read_text(), flags=re.S)
        found = LEFTOVER.search(markdown)
        assert found is None, (path.relative_to(docs), found and found.group())


def test_no_leftovers_in_built_pages(site):
    for url in generated_pages(site):
        content = text(article(site, url))
        found = LEFTOVER.search(content)
        assert found is None, (url, found and found.group())
        assert "not published not published" not in content


def test_hand_written_note_is_on_its_force_page_only(site):
    kent = article(site, "forces/kent/")
    context = kent.find(id="context")
    assert context is not None
    paragraph = context.find_next("p")
    assert text(paragraph) == "Kent Police ran a county lines operation this year ( report )."
    assert paragraph.find("a")["href"] == "https://example.org/"
    assert article(site, "forces/surrey/").find(id="context") is None
