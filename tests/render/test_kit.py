"""The journalist's kit and the cards, read from the built site.

Cards carry the page's lead fact (computed here from the statistics through the
narrative functions); every chart on the force, drug and home pages has PNG,
SVG and CSV files and an embed page at the canonical address; the "Use these
figures" paragraph is the page's lead sentences and a sentence naming the source.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import io
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image
from site_support import text

from build_data.analysis import narrative
from build_data.analysis.stats import compute
from build_data.reference import FORCE_BY_SLUG
from build_data.render import card_content, cards, kit, png, svg_pool
from build_data.tidy import read_dataset

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EMBED_BUDGET = 40_000  # bytes, compressed: an embed page with its stylesheet and chart


@functools.cache
def _stats():
    return compute(read_dataset(ROOT / "data").tables)


@functools.cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _meta(page: Path, key: str) -> str:
    return _soup(page).find("meta", attrs={"property": key})["content"]


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n", 2)[1])


def _site_url(project: Path) -> str:
    return kit.site_config(project / "mkdocs.yml").url


def _lead_paragraph(page: Path) -> str:
    heading = _soup(page).select_one("article h1")
    return text(heading.find_next("p"))


# ------------------------------------------------------------------ cards


def _force_card_and_page(built_site, force: str) -> tuple[dict, Path]:
    card = _front_matter(built_site.project / "docs" / "forces" / f"{force}.md")["card"]
    return card, built_site.site / "forces" / force / "index.html"


def test_force_cards_carry_the_lead_fact(built_site):
    """A drug lead: its rate and rank, as the opening's second sentence gives them."""
    stats, year = _stats(), _stats().latest
    checked = 0
    for force, info in FORCE_BY_SLUG.items():
        lead = (
            narrative.drug_lead(stats, force, year) if force in set(stats.forces["force"]) else None
        )
        if lead is None:
            continue
        figure = narrative.rate(lead.row["rate"])
        rank = narrative.rank_clause(lead.row, force, narrative.place(stats, year))
        card, page = _force_card_and_page(built_site, force)
        assert card["figure"] == figure, force
        assert rank in card["caption"], force
        alt = _meta(page, "og:image:alt")
        assert figure in alt and rank in alt and info.name in alt, (force, alt)
        # The same fact as the page's lead: the first sentence names the drug, the second
        # gives the figure and rank; og:description is that first sentence.
        lead_text = _lead_paragraph(page)
        assert lead_text.startswith(_meta(page, "og:description"))
        assert narrative.seizures_of(int(lead.row["seizures"]), lead.drug) in lead_text
        assert f"At {figure} seizures per million population" in lead_text and rank in lead_text
        # The strip marks this force, at its rank among every compared force.
        chart = card["chart"]
        assert chart["labels"][chart["marked"]] == info.name
        assert chart["texts"][chart["marked"]] == figure
        assert chart["values"] == sorted(chart["values"], reverse=True)
        checked += 1
    assert checked >= 15


def test_force_cards_on_all_drugs_carry_the_count(built_site):
    """No drug stands out: the count the first sentence gives, its rate, a break flagged."""
    stats, year = _stats(), _stats().latest
    fy = stats.force_year
    checked = flagged = 0
    for force in stats.forces["force"]:
        rows = fy[(fy["force"] == force) & (fy["year"] == year) & (fy["drug"] == "all-drugs")]
        if rows.empty or pd.isna(rows.iloc[0]["seizures"]):
            continue
        if narrative.drug_lead(stats, force, year) is not None:
            continue
        row = rows.iloc[0]
        count = narrative.seizures_of(int(row["seizures"]), "all-drugs")
        card, page = _force_card_and_page(built_site, force)
        assert f"{card['figure']} {card['caption']}".startswith(f"{count} in {year}"), force
        description = _meta(page, "og:description")
        assert description == f"{narrative.lead_sentences(stats, force, year)[0]}"
        assert f"made {count} in {year}" in description, force
        assert f"{card['figure']} {card['caption'].split(':')[0]}" in _meta(page, "og:image:alt")
        if bool(row["compared"]) and pd.notna(row["rate"]):
            said = f"At {narrative.rate(row['rate'])} seizures per million population"
            assert said in _lead_paragraph(page)
            assert f": {narrative.rate(row['rate'])} per million population" in card["caption"]
            chart = card["chart"]
            assert chart["labels"][chart["marked"]] == FORCE_BY_SLUG[force].name
            # The opening qualifies a compared force's break; so does its card.
            if stats.flagged(force, year):
                assert narrative.BREAK in _lead_paragraph(page)
                assert narrative.BREAK in card["flag"]
                assert card["flag"] in _meta(page, "og:image:alt")
                flagged += 1
        checked += 1
    assert checked >= 15 and flagged >= 1


def test_drug_and_home_cards_carry_the_national_figure(built_site):
    """The first figure of the opening: police forces and Border Force, as the release gives it."""
    stats, year = _stats(), _stats().latest
    national = stats.national[stats.national["year"] == year].set_index("drug")
    docs, site = built_site.project / "docs", built_site.site
    pages = [(docs / "index.md", site / "index.html", "all-drugs")] + [
        (md, site / "drugs" / md.stem / "index.html", md.stem)
        for md in (docs / "drugs").glob("*.md")
        if md.stem != "index"
    ]
    for source, page, drug in pages:
        card = _front_matter(source)["card"]
        opening = narrative.drug_paragraph(stats, drug, year)[0]
        assert opening.startswith(_meta(page, "og:description"))
        total = national.loc[drug, "total"] if drug in national.index else None
        if total is not None and pd.notna(total):
            assert card["figure"] == narrative.number(total), drug
            police = national.loc[drug, "police"]
            if pd.notna(police):
                assert f"police forces made {narrative.number(police)}" in card["caption"]
                assert f"made {narrative.number(police)}" in _meta(page, "og:description")
        if "figure" in card:
            assert card["figure"] in _meta(page, "og:description"), drug
            assert card["figure"] in _meta(page, "og:image:alt"), drug
        top = card["chart"]
        assert top["values"] == sorted(top["values"], reverse=True)[: len(top["values"])]
        assert all(
            f"{n} {t}" in _meta(page, "og:image:alt")
            for n, t in zip(top["labels"], top["texts"], strict=True)
        )


def test_a_flagged_figure_never_heads_a_card_without_its_note(tmp_path):
    stats, year = _stats(), _stats().latest
    note = {"force": "sussex", "year": year, "kind": "estimate", "text": "An estimate, said X."}
    plain = card_content.force_card(stats, [], "sussex", year)
    flagged = card_content.force_card(stats, [note], "sussex", year)
    assert plain["flag"] == "" and flagged["flag"] == note["text"]
    context = {**note, "kind": "context"}
    assert card_content.force_card(stats, [context], "sussex", year)["flag"] == ""
    meta = yaml.safe_load(card_content.front_matter(flagged))
    card = cards.card_for(meta, "Sussex", "Site")
    assert note["text"] in card.alt and card.alt.index(note["text"]) < card.alt.index(card.figure)
    path, drawn = cards.ensure(card, tmp_path)
    unflagged, _ = cards.ensure(
        cards.card_for(yaml.safe_load(card_content.front_matter(plain)), "Sussex", "Site"), tmp_path
    )
    assert drawn and path != unflagged and path.read_bytes() != unflagged.read_bytes()


def test_a_drug_card_never_charts_a_flagged_force_year_as_a_highest_rate():
    stats, year = _stats(), _stats().latest
    fy = stats.force_year
    rows = fy[(fy["year"] == year) & (fy["drug"] == "cocaine") & fy["compared"]]
    ranked = rows[rows["force"] != narrative.CITY].dropna(subset=["rate"])
    top = ranked.sort_values("rate", ascending=False).iloc[0]["force"]
    flag = pd.DataFrame([{"force": top, "year": year}]).reindex(columns=stats.breaks.columns)
    flagged = dataclasses.replace(stats, breaks=pd.concat([stats.breaks, flag]))
    chart = card_content.drug_card(flagged, "cocaine", year)["chart"]
    name = FORCE_BY_SLUG[top].name
    assert name not in chart["labels"]
    assert f"{name}, whose figure for {year} is {narrative.BREAK}" in chart["title"]
    # The page's opening sets it aside in the same words, and heads on the card's first bar.
    opening = " ".join(narrative.drug_paragraph(flagged, "cocaine", year))
    assert "leaving aside " in opening
    assert f"{name}, whose figure for {year} is {narrative.BREAK})" in opening
    assert f"{chart['labels'][0]} had the highest rate" in opening
    assert name in card_content.drug_card(stats, "cocaine", year)["chart"]["labels"]


# ------------------------------------------------------------------ chart files and embeds


def _kit_links(page: Path) -> list[tuple[str, dict[str, str], str]]:
    """(figure id, {png, svg, csv, embed}: href, embed code) for each chart on a page."""
    out = []
    for figure in _soup(page).select("figure.chart"):
        block = figure.select_one(".chart-kit")
        assert block is not None, f"{page}: chart {figure['id']} has no downloads"
        hrefs = {}
        for a in block.select(".chart-downloads a"):
            suffix = Path(a["href"]).suffix.lstrip(".") or "embed"
            hrefs[suffix] = a["href"]
        out.append((figure["id"], hrefs, block.select_one(".chart-embed-code code").get_text()))
    return out


def _chart_pages(site: Path) -> list[Path]:
    return [
        site / "index.html",
        *sorted((site / "forces").glob("*/index.html")),
        *sorted((site / "drugs").glob("*/index.html")),
    ]


def test_every_chart_has_files_and_an_embed_page(built_site):
    site, site_url = built_site.site, _site_url(built_site.project)
    charts = 0
    for page in _chart_pages(site):
        for chart_id, hrefs, code in _kit_links(page):
            assert set(hrefs) == {"png", "svg", "csv", "embed"}, (page, hrefs)
            files = {k: (page.parent / v).resolve() for k, v in hrefs.items()}
            name = files["png"].stem
            assert re.fullmatch(r"[a-z0-9-]+-\d{4}-\d{2}", name), name
            assert {files[k].name for k in ("svg", "csv")} == {f"{name}.svg", f"{name}.csv"}
            with Image.open(files["png"]) as picture:
                assert picture.format == "PNG" and picture.width >= 1200, (name, picture.size)
            assert files["svg"].read_text().lstrip().startswith("<svg")
            assert not pd.read_csv(files["csv"]).empty
            embed = files["embed"] / "index.html"
            assert embed.is_file(), embed
            iframe = BeautifulSoup(code, "html.parser").find("iframe")
            address = f"{site_url}{kit.FOLDER}/{name}/"
            assert iframe["src"] == address and iframe["title"].strip(), code
            assert 200 <= int(iframe["height"]) <= 2000
            assert _soup(embed).find("link", rel="canonical")["href"] == address
            back = [a["href"] for a in _soup(embed).select(".links a")]
            assert any(h.endswith(f"#{chart_id}") for h in back), (embed, back)
            charts += 1
    assert charts >= 150, f"only {charts} charts with downloads"


def test_chart_csv_holds_the_charts_figures(built_site):
    """Sussex's ranking CSV: every force's rate, as the statistics give it."""
    stats, year = _stats(), _stats().latest
    csv = built_site.site / kit.FOLDER / f"sussex-ranking-{year}.csv"
    table = pd.read_csv(csv).set_index("Force")
    rows = stats.force_year[
        (stats.force_year["year"] == year) & (stats.force_year["drug"] == "all-drugs")
    ]
    for force, rate in zip(rows["force"], rows["rate"], strict=True):
        name = FORCE_BY_SLUG[force].name
        if FORCE_BY_SLUG[force].kind == "territorial" and name in table.index:
            expected = round(float(rate), 1) if pd.notna(rate) else None
            got = table.loc[name, "Per million people"]
            assert (pd.isna(got) and expected is None) or got == pytest.approx(expected), name


def test_embed_pages_are_small_and_load_nothing_else(built_site):
    folder = built_site.site / kit.FOLDER
    pages = sorted(folder.glob("*/index.html"))
    assert len(pages) >= 150
    css = (folder / "embed.css").read_bytes()
    for page in pages:
        soup = _soup(page)
        assert soup.find("script") is None, page
        assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        image = soup.find("img")
        assert image["alt"].strip() and not re.match(r"\w+:", image["src"])
        svg = (page.parent / image["src"]).resolve()
        assert svg == folder / f"{page.parent.name}.svg"
        for link in soup.find_all("link", rel="stylesheet"):
            assert not re.match(r"\w+:|//", link["href"]), page
        size = sum(len(gzip.compress(b)) for b in (page.read_bytes(), css, svg.read_bytes()))
        assert size <= EMBED_BUDGET, f"{page}: {size} bytes compressed"
        back = soup.select(".links a")
        assert back and all(a["href"].startswith("../../") for a in back)


def test_png_cache_draws_once(tmp_path):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5">'
        '<rect width="10" height="5"/></svg>'
    )
    paths, drawn = png.ensure_all([svg], tmp_path)
    assert drawn == 1 and paths[0].is_file()
    mtime = paths[0].stat().st_mtime_ns
    again, drawn = png.ensure_all([svg, svg.replace('"5"', '"6"', 1)], tmp_path)
    assert drawn == 1 and again[0] == paths[0] and paths[0].stat().st_mtime_ns == mtime
    with Image.open(io.BytesIO(paths[0].read_bytes())) as picture:
        assert picture.size == (10 * png.SCALE, 5 * png.SCALE)


def test_a_kit_with_a_pool_starts_each_png_as_its_chart_is_added(tmp_path):
    """pages.build hands the kit the chart pool: the PNG is drawn before `write`, once."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5">'
        '<rect width="10" height="5"/></svg>'
    )
    cache, started = tmp_path / "kit", []

    def run(function, *args):
        started.append(args)
        return svg_pool.Drawer(None, None, workers=0).run(function, *args)

    charts_kit = kit.Kit(kit.Site("Site", "https://example.org/"))
    charts_kit.prefetch = functools.partial(png.prefetch, cache=cache, run=run)
    table = pd.DataFrame({"Force": ["Kent"], "Seizures": [1]})
    page = charts_kit.page("kent", "forces/kent/", "Kent")
    page.add("trend", "2018-19", "trend", "Title", "Description.", None, svg, table)
    assert len(started) == 1 and len(list(cache.glob("*.png"))) == 1
    written, drawn = kit.write(charts_kit, tmp_path / "charts", cache)
    assert drawn == 1 and len(started) == 1
    png_file = tmp_path / "charts" / "kent-trend-2018-19.png"
    assert png_file in written
    assert png_file.read_bytes() == png.draw(kit.on_white(svg))


# ------------------------------------------------------------------ use these figures


def test_use_these_figures_is_the_lead_with_its_source(built_site):
    site, site_url, year = built_site.site, _site_url(built_site.project), _stats().latest
    boxes = 0
    for page in sorted((site / "forces").glob("*/index.html")):
        box = _soup(page).select_one(".use-figures")
        if box is None:
            continue
        slug = page.parent.name
        has_rates = FORCE_BY_SLUG[slug].kind == "territorial"
        paragraph = text(box.select_one("#use-these-figures-paragraph"))
        assert paragraph == f"{_lead_paragraph(page)} {kit.source_sentence(year, has_rates)}"
        citation = text(box.select_one("#use-these-figures-citation"))
        assert f"{site_url}forces/{slug}/" in citation and "accessed [date]" in citation
        assert kit.SOURCE in citation and kit.LICENCE in citation
        targets = {(page.parent / a["href"]).resolve() for a in box.select("a")}
        assert (site / "data" / "forces" / f"{slug}.csv").resolve() in targets
        assert (site / "data").resolve() in targets
        assert len(box.select("button.kit-copy[data-clipboard-target]")) == 2
        boxes += 1
    assert boxes >= 40
