"""Sharing and downloads: social cards, share meta tags, the sitemap and the Downloads page.

The site is built once per test run from a copy of the working tree (shared by
the pytest-xdist workers under a lock), twice in a row, so the second build
shows the card cache at work. One test then changes one page's card figure in
a further copy and builds again.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from bs4 import BeautifulSoup, SoupStrainer
from mkdocs.utils import yaml_load
from PIL import Image
from site_support import run_checked, shared_tmp

from build_data import dictionary
from build_data.render import cards, downloads, kit

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CARD_LOG = re.compile(r"social cards: (\d+) drawn, (\d+) from the cache")


def _card_counts(log: str) -> tuple[int, int]:
    """(cards drawn, cards from the cache), from the social hook's one log line."""
    found = CARD_LOG.findall(log)
    assert len(found) == 1, f"expected one social cards log line, got {found}:\n{log}"
    drawn, cached = found[0]
    return int(drawn), int(cached)


def _card_mtimes(project: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (project / "build" / "cards").glob("*.png")}


def _mkdocs(project: Path, site: Path) -> tuple[int, int]:
    """Build the site; return (cards drawn, cards from the cache)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    return _card_counts(run_checked(command, project))


def _warm_build(project: Path, root: Path) -> dict:
    """Build the same pages again: every card should come from the cache."""
    before = _card_mtimes(project)
    warm = _mkdocs(project, root / "site-warm")
    return {"warm": warm, "before": before, "after": _card_mtimes(project)}


@pytest.fixture(scope="session")
def built(built_site, tmp_path_factory) -> dict:
    """The shared build (cold: its cards were drawn), then a warm rebuild of the same pages."""
    root = shared_tmp(tmp_path_factory) / "sharing-warm"
    with (shared_tmp(tmp_path_factory) / "sharing-warm.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (root / "built.json").exists():
                root.mkdir(exist_ok=True)
                (root / "built.json").write_text(json.dumps(_warm_build(built_site.project, root)))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    report = json.loads((root / "built.json").read_text())
    with (built_site.project / "mkdocs.yml").open(encoding="utf-8") as f:
        config = yaml_load(f)  # MkDocs's own reading: site_url is !ENV SITE_URL or its default
    return {
        **report,
        "cold": _card_counts(built_site.log),
        "root": root,
        "project": built_site.project,
        "site": built_site.site,
        "site_url": config["site_url"],
    }


def _pages(site: Path) -> list[Path]:
    # Not 404.html, nor the charts' embed pages (kit.FOLDER): they are not pages to share.
    pages = sorted(
        p
        for p in site.rglob("*.html")
        if p.relative_to(site) != Path("404.html") and p.relative_to(site).parts[0] != kit.FOLDER
    )
    assert len(pages) > 60, f"only {len(pages)} pages built"
    return pages


def _url(site: Path, site_url: str, page: Path) -> str:
    """The canonical address of a built page: site/forces/kent/index.html -> .../forces/kent/."""
    folder = page.relative_to(site).parent.as_posix()
    return site_url if folder == "." else f"{site_url}{folder}/"


def _local(site: Path, site_url: str, url: str) -> Path:
    assert url.startswith(site_url), f"{url} is not under {site_url}"
    rest = url[len(site_url) :].split("#")[0].split("?")[0]
    path = site / rest
    return path / "index.html" if rest == "" or rest.endswith("/") else path


@functools.cache
def _head(page: Path) -> BeautifulSoup:
    """A page's <head> only: parsing 70 whole pages several times is slow."""
    text = page.read_text()
    return BeautifulSoup(text[: text.index("</head>") + len("</head>")], "html.parser")


@functools.cache
def _anchors(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(), "html.parser", parse_only=SoupStrainer("a"))


def _meta(soup: BeautifulSoup, key: str) -> list[str]:
    attribute = "property" if key.startswith("og:") else "name"
    return [m.get("content", "") for m in soup.find_all("meta", attrs={attribute: key})]


def _one(soup: BeautifulSoup, key: str, page: Path) -> str:
    values = _meta(soup, key)
    assert len(values) == 1, f"{page}: {len(values)} <meta {key}>"
    return values[0]


def _front_matter(path: Path) -> dict:
    text = path.read_text()
    assert text.startswith("---\n"), path
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


# ------------------------------------------------------------------ share tags


def test_every_page_has_share_tags_and_a_card(built):
    site, site_url = built["site"], built["site_url"]
    images: dict[str, str] = {}
    for page in _pages(site):
        soup = _head(page)
        url = _url(site, site_url, page)
        canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
        assert canonical == [url], f"{page}: canonical {canonical}, expected {url}"
        assert _one(soup, "og:url", page) == url
        description = _one(soup, "description", page)
        assert description.strip(), f"{page}: empty meta description"
        assert _one(soup, "og:description", page) == description
        assert _one(soup, "twitter:description", page) == description
        title = _one(soup, "og:title", page)
        assert title.strip()
        assert _one(soup, "twitter:title", page) == title
        assert _one(soup, "og:type", page) == "website"
        assert _one(soup, "twitter:card", page) == "summary_large_image"
        image = _one(soup, "og:image", page)
        assert _one(soup, "twitter:image", page) == image
        assert image.startswith(site_url) and image.endswith(".png"), image
        assert _one(soup, "og:image:width", page) == "1200"
        assert _one(soup, "og:image:height", page) == "630"
        assert _one(soup, "og:image:alt", page).strip()
        png = _local(site, site_url, image)
        assert png.is_file(), f"{page}: og:image {image} is not in the site"
        with Image.open(png) as picture:
            assert picture.format == "PNG" and picture.size == (1200, 630), (png, picture.size)
        assert image not in images, f"{page} shares its card with {images.get(image)}"
        images[image] = str(page)
    digests = {hashlib.sha256(_local(site, site_url, i).read_bytes()).digest() for i in images}
    assert len(digests) == len(images), "two pages have the same card picture"


def test_force_and_drug_pages_share_their_figures(built):
    project, site, site_url = built["project"], built["site"], built["site_url"]
    forces = sorted((project / "docs" / "forces").glob("*.md"))
    drugs = sorted((project / "docs" / "drugs").glob("*.md"))
    with_card = 0
    for source in [*forces, *drugs]:
        if source.stem == "index":
            continue
        meta = _front_matter(source)
        page = site / source.parent.name / source.stem / "index.html"
        soup = _head(page)
        assert _one(soup, "og:description", page) == meta["description"]
        image = _one(soup, "og:image", page)
        assert image == f"{site_url}assets/images/social/{source.parent.name}/{source.stem}.png"
        if "card" not in meta:  # a force with no figures in the source tables
            continue
        with_card += 1
        card = meta["card"]
        alt = _one(soup, "og:image:alt", page)
        for key in ("eyebrow", "figure", "caption"):
            if key not in card:  # a drug with no national figure: its chart leads
                assert key != "eyebrow" and card.get("chart"), f"{page}: card has no {key}"
                continue
            assert str(card[key]) in alt, f"{page}: card {key} {card[key]!r} not in {alt!r}"
        if source.parent.name == "forces":
            assert re.search(r"\d", meta["description"]), f"{page}: no figure in description"
            assert meta["title"] in alt
    assert with_card >= 50


def test_sitemap_lists_every_page(built):
    site, site_url = built["site"], built["site_url"]
    tree = ElementTree.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text.strip() for loc in tree.getroot().iterfind("s:url/s:loc", namespace)}
    pages = {_url(site, site_url, page) for page in _pages(site)}
    assert pages - listed == set(), "pages missing from sitemap.xml"
    assert listed - pages == set(), "sitemap.xml lists pages that were not built"
    assert f"{site_url}forces/kent/" in listed and f"{site_url}drugs/cocaine/" in listed
    assert f"{site_url}data/" in listed


def _download_links(soup: BeautifulSoup) -> list[str]:
    return [
        a["href"]
        for a in soup.find_all("a", href=True)
        if a.has_attr("download") or re.search(r"\.(csv|parquet|zip|json)$", a["href"])
    ]


def test_download_links_on_force_and_drug_pages_resolve(built):
    site, site_url = built["site"], built["site_url"]
    checked = 0
    for page in [site / "index.html", *(site / "forces").rglob("*.html")]:
        checked += _check_links(site, site_url, page)
    for page in (site / "drugs").rglob("*.html"):
        checked += _check_links(site, site_url, page)
    assert checked >= 55, f"only {checked} download links found"


def _check_links(site: Path, site_url: str, page: Path) -> int:
    links = _download_links(_anchors(page))
    base = _url(site, site_url, page)
    for href in links:
        target = _local(site, site_url, urljoin(base, href))
        assert target.is_file() and target.stat().st_size > 0, f"{page}: {href} -> {target}"
    return len(links)


# ------------------------------------------------------------------ downloads page


def test_downloads_page_files_and_dictionary(built):
    site, site_url = built["site"], built["site_url"]
    page = site / "data" / "index.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "Downloads"
    home = _anchors(site / "index.html")
    assert any(urlparse(a["href"]).path.rstrip("/") == "data" for a in home.find_all("a"))
    text = " ".join(soup.get_text(" ").split())
    assert downloads.ATTRIBUTION in text
    assert "Home Office" in text and "Office for National Statistics" in text
    assert soup.find("a", href=downloads.OGL_URL)

    links = {urlparse(h).path.split("/")[-1] for h in _download_links(soup)}
    _check_links(site, site_url, page)
    all_dir = site / "data" / "all"
    assert sorted(t.name for t in dictionary.load().tables) == sorted(
        p.stem for p in DATA.glob("*.csv")
    ), "a table in data/ is missing from the Downloads page"
    for table in dictionary.load().tables:
        csv = all_dir / f"{table.name}.csv"
        assert {csv.name, f"{table.name}.parquet"} <= links, table.name
        assert csv.read_bytes() == (DATA / csv.name).read_bytes(), f"{csv} differs from data/"
        # Every column of the table, in order, in its dictionary section, each with a meaning.
        heading = soup.find(id=table.name)
        assert heading is not None, f"no dictionary section for {table.name}"
        rows = heading.find_next("table").find("tbody").find_all("tr")
        columns = [row.find_all("td")[0].get_text(strip=True) for row in rows]
        assert columns == pd.read_csv(csv, nrows=0).columns.tolist(), table.name
        for row in rows:
            cells = [td.get_text(strip=True) for td in row.find_all("td")]
            assert cells[3], f"{table.name}.{cells[0]} has no meaning"
            if cells[1] != "text":
                assert cells[2] not in {"", "–"}, f"{table.name}.{cells[0]} has no unit"
    assert (all_dir / "provenance.json").read_bytes() == (DATA / "provenance.json").read_bytes()
    with zipfile.ZipFile(all_dir / downloads.ZIP_NAME) as archive:
        for table in dictionary.load().tables:
            name = f"{table.name}.csv"
            assert archive.read(name) == (DATA / name).read_bytes(), name

    # The per-page CSVs' columns are all described.
    section = soup.find(id="per-page")
    described = {
        row.find("td").get_text(strip=True)
        for row in section.find_next("table").find_next("table").find("tbody").find_all("tr")
    }
    for csv in [site / "data" / "index.csv", *(site / "data").glob("*/*.csv")]:
        if csv.parent.name == "all":
            continue
        missing = set(pd.read_csv(csv, nrows=0).columns) - described
        assert not missing, f"{csv}: columns {missing} not described"


def test_parquet_tables_equal_the_csvs(built):
    all_dir = built["site"] / "data" / "all"
    for table in dictionary.load().tables:
        path = all_dir / f"{table.name}.parquet"
        schema = pq.read_schema(path)
        for column in table.columns:
            field = schema.field(column.name)
            assert field.type == downloads.TYPES[column.type][1], (table.name, column.name)
            assert field.metadata[b"description"].decode() == column.meaning
        frame = pd.read_parquet(path)
        as_csv = frame.to_csv(index=False, lineterminator="\n")
        assert as_csv == (DATA / f"{table.name}.csv").read_text(), f"{path} differs from the CSV"
    seizures = pd.read_parquet(all_dir / "seizures.parquet")
    assert str(seizures["seizures"].dtype) == "Int64"


# ------------------------------------------------------------------ the card cache


def test_second_build_draws_no_card(built):
    pages = len(_pages(built["site"]))
    drawn, cached = built["cold"]
    assert drawn + cached == pages
    assert built["warm"] == [0, pages], f"second build: {built['warm']}"
    assert built["before"] == built["after"], "cached cards were rewritten"
    assert len(built["after"]) >= pages


def test_changed_figure_redraws_only_that_card(built, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built["project"], project, symlinks=True)
    before = _card_mtimes(project)
    kent = project / "docs" / "forces" / "kent.md"
    text, changed = re.subn(r"(?m)^  figure: .*$", "  figure: 1,234,567", kent.read_text())
    assert changed == 1
    kent.write_text(text)
    drawn, cached = _mkdocs(project, tmp_path / "site")
    assert (drawn, cached) == (1, len(_pages(built["site"])) - 1)
    after = _card_mtimes(project)
    assert {k: after[k] for k in before} == before, "unchanged cards were rewritten"
    assert len(set(after) - set(before)) == 1
    card = "assets/images/social/forces/kent.png"
    assert (tmp_path / "site" / card).read_bytes() != (built["site"] / card).read_bytes()
    soup = _head(tmp_path / "site/forces/kent/index.html")
    assert "1,234,567" in _one(soup, "og:image:alt", kent)


def _card(**changes) -> cards.Card:
    fields = {
        "site_name": "Police drug seizures in England and Wales, force by force",
        "title": "Kent",
        "eyebrow": "Police drug seizures, 2018-19",
        "figure": "5,954",
        "caption": "seizures of any drug by Kent in 2018-19",
    }
    return cards.Card(**{**fields, **changes})


@pytest.fixture
def counted(monkeypatch) -> list[cards.Card]:
    calls: list[cards.Card] = []
    render = cards.render

    def counting(card: cards.Card) -> bytes:
        calls.append(card)
        return render(card)

    monkeypatch.setattr(cards, "render", counting)
    return calls


def test_cache_hit_does_not_render(tmp_path, counted):
    first, drawn = cards.ensure(_card(), tmp_path)
    assert drawn and len(counted) == 1
    mtime = first.stat().st_mtime_ns
    again, drawn = cards.ensure(_card(), tmp_path)
    assert (again, drawn) == (first, False)
    assert len(counted) == 1, "the renderer ran for a cached card"
    assert first.stat().st_mtime_ns == mtime
    with Image.open(first) as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)


def test_changed_figure_renders_again(tmp_path, counted):
    first, _ = cards.ensure(_card(), tmp_path)
    second, drawn = cards.ensure(_card(figure="6,001"), tmp_path)
    assert drawn and second != first and len(counted) == 2
    assert second.read_bytes() != first.read_bytes()
    assert first.is_file()


def test_cache_key_covers_content_fonts_and_renderer(monkeypatch):
    key = cards.card_key(_card())
    assert key == cards.card_key(_card())
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    for change in ("title", "eyebrow", "figure", "caption", "site_name"):
        assert cards.card_key(_card(**{change: "other"})) != key, change
    monkeypatch.setattr(cards, "RENDERER_VERSION", cards.RENDERER_VERSION + "-next")
    assert cards.card_key(_card()) != key
    monkeypatch.undo()
    monkeypatch.setattr(cards, "_font_digest", lambda: "another font")
    assert cards.card_key(_card()) != key


def test_card_from_front_matter():
    site = "Site"
    card = cards.card_for({"card": {"eyebrow": "E", "figure": 954, "caption": "C"}}, "Kent", site)
    assert (card.figure, card.title) == ("954", "Kent")
    assert "Kent" in card.alt and "954" in card.alt
    plain = cards.card_for({"description": "D"}, "Glossary", site)
    assert (plain.figure, plain.title, plain.alt) == ("", "Glossary", "Glossary: Site")
    with pytest.raises(ValueError):
        cards.card_for({"card": {"figur": "1"}}, "Kent", site)


def _outside_the_text_box(picture: Image.Image) -> list[tuple]:
    """Every pixel outside the body's box: the margins either side and the bands above
    and below (a few pixels of slack for the glyphs' side bearings)."""
    left, right = cards.MARGIN - 4, cards.WIDTH - cards.MARGIN + 4
    top, bottom = cards.BAND, cards.HEIGHT - cards.FOOT
    rgb = picture.convert("RGB")
    return [
        rgb.getpixel((x, y))
        for y in range(rgb.height)
        for x in range(rgb.width)
        if not (left <= x < right and top <= y < bottom)
    ]


def test_long_text_stays_inside_the_card():
    # A short card draws nothing outside the body's box but the bands; a card with very long
    # text must leave exactly the same pixels there, and still draw its text inside.
    with Image.open(io.BytesIO(cards.render(_card()))) as picture:
        frame = _outside_the_text_box(picture)
    long = " ".join(["Avon and Somerset Constabulary"] * 8)
    word = "-".join(["Avon-and-Somerset-Constabulary"] * 4)  # one word: it must be cut
    for card in (
        _card(title=long, figure="", eyebrow="", caption=""),
        _card(caption=long),
        _card(title=word, figure="", eyebrow="", caption=""),
        _card(title=word),
    ):
        with Image.open(io.BytesIO(cards.render(card))) as picture:
            assert picture.size == (cards.WIDTH, cards.HEIGHT)
            assert _outside_the_text_box(picture) == frame, card
            body = picture.convert("RGB").crop(
                (cards.MARGIN, cards.BAND, cards.WIDTH - cards.MARGIN, cards.HEIGHT - cards.FOOT)
            )
            assert len(body.getcolors(maxcolors=1 << 16) or []) > 20, "no text drawn"
