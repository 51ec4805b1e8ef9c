"""Editions, end to end: publish 2018-19, add 2019-20, publish it, and read the branch.

In a temporary git repository made from the working tree, with a local bare
repository as its remote (as GitHub is to the deploy workflow):

1. `python -m build_data edition` publishes the committed data as 2018-19 on the
   gh-pages branch, which is pushed;
2. the maintainer imports a made-up 2019-20 table (tests/home_office_layout.py's) and
   a 2018-19 table with Sussex's cocaine figure revised (+6), commits and pushes;
3. in a fresh clone, `python -m build_data edition` publishes 2019-20.

SITE_URL is set as the deploy workflow sets it from the Pages settings, to an
address that is not mkdocs.yml's default (a fork's), so the addresses must come
from it. The published branch is then read: git objects, parsed HTML, the feed
through feedparser, and (with Chromium) the outdated-edition banner.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pandas as pd
import pytest
from browser_checks import BLOCKING, RECORD_VIOLATIONS, describe, run_axe, violations, watch_csp
from bs4 import BeautifulSoup
from home_office_layout import (
    CHANGES,
    PREVIOUS,
    SUSSEX_ALL,
    SUSSEX_COCAINE,
    table_rows,
    write_ods,
)
from site_support import rows, table_after, text
from test_maintainer import LEFT_OUT, YEAR

from build_data.analysis import breaks
from build_data.reference import FORCE_BY_SLUG
from build_data.render import editions
from build_data.tidy import read_dataset

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))
FORK = "https://someone.github.io/their-fork/"
REVISION = 6  # the 2018-19 table is published again with Sussex's cocaine figure 6 higher
IDENTITY = ["-c", "user.name=Maintainer", "-c", "user.email=maintainer@example.org"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"git {args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def run(tree: Path, *args: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": FORK}
    done = subprocess.run(
        [PYTHON, "-m", "build_data", *args], cwd=tree, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def tree_of(repo: Path, folder: str) -> dict[str, str]:
    """Every file under a folder of the gh-pages branch -> its git object (its bytes' hash)."""
    listing = git(repo, "ls-tree", "-r", "gh-pages", "--", folder).splitlines()
    return {line.split("\t")[1].removeprefix(folder + "/"): line.split()[2] for line in listing}


def show(repo: Path, path: str) -> str:
    return git(repo, "show", f"gh-pages:{path}")


def page(repo: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup(show(repo, path), "html.parser")


def canonical(soup: BeautifulSoup) -> str:
    return soup.find("link", rel="canonical")["href"]


def copy_caches(source: Path, target: Path) -> None:
    """The SVG and card caches: they change no output, only time."""
    for name in ("charts", "cards"):
        if (source / "build" / name).is_dir():
            shutil.copytree(source / "build" / name, target / "build" / name)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("editions")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT, symlinks=True)
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "The site, with the 2018-19 tables")
    remote = base / "remote.git"
    git(base, "clone", "-q", "--bare", str(source), str(remote))

    # 1. The 2018-19 edition, published and pushed.
    work = base / "work"
    git(base, "clone", "-q", str(remote), str(work))
    copy_caches(ROOT, work)
    first_report = run(work, "edition")
    git(work, "push", "-q", "origin", "gh-pages")
    first = tree_of(work, PREVIOUS)

    # 2. A new year's table, and last year's table published again with one revision.
    table = write_ods(work / "seizures-2019-20.ods", table_rows(CHANGES))
    run(work, "import", "--table", str(table), "--year", YEAR)
    revised = {
        ("sussex", "cocaine"): SUSSEX_COCAINE + REVISION,
        ("sussex", "all-drugs"): SUSSEX_ALL + REVISION,
    }
    again = write_ods(base / "seizures-2018-19-revised.ods", table_rows(revised))
    run(work, "import", "--table", str(again), "--year", PREVIOUS)
    table.unlink()
    git(work, "add", "data")
    git(work, "commit", "-q", "-m", "Add 2019-20; 2018-19 revised")
    git(work, "push", "-q", "origin", "main")

    # 3. A fresh clone publishes 2019-20: its gh-pages comes from the remote.
    fresh = base / "fresh"
    git(base, "clone", "-q", str(remote), str(fresh))
    copy_caches(work, fresh)
    second_report = run(fresh, "edition")
    return {
        "repo": fresh,
        "first": first,
        "reports": (first_report, second_report),
        "data": fresh / "data",
    }


def test_both_editions_are_on_the_branch_and_latest_is_the_newest(published):
    repo = published["repo"]
    assert published["reports"][0].startswith(f"published the {PREVIOUS} edition, the first")
    assert published["reports"][1].startswith(f"published the {YEAR} edition, after {PREVIOUS}")
    versions = {v["version"]: v["aliases"] for v in json.loads(show(repo, "versions.json"))}
    assert versions == {YEAR: ["latest"], PREVIOUS: []}
    # latest/ is a copy of 2019-20/, file for file; the root sends readers to latest/.
    assert tree_of(repo, "latest") == tree_of(repo, YEAR)
    assert 'url=latest/"' in show(repo, "index.html")


def test_the_earlier_edition_is_byte_identical(published):
    assert tree_of(published["repo"], PREVIOUS) == published["first"]
    assert len(published["first"]) > 100


def test_addresses_come_from_site_url_and_name_the_edition(published):
    repo = published["repo"]
    old = page(repo, f"{PREVIOUS}/forces/sussex/index.html")
    assert canonical(old) == f"{FORK}{PREVIOUS}/forces/sussex/"
    og = old.find("meta", property="og:url")["content"]
    assert og == f"{FORK}{PREVIOUS}/forces/sussex/"
    assert old.find("meta", property="og:image")["content"].startswith(f"{FORK}{PREVIOUS}/")
    # latest/ shows 2019-20, and says so: its canonical address is the edition's own.
    new = page(repo, "latest/forces/sussex/index.html")
    assert canonical(new) == f"{FORK}{YEAR}/forces/sussex/"
    assert f"You are reading the {YEAR} edition" in text(new.select_one(".edition-line"))
    sitemap = show(repo, f"{YEAR}/sitemap.xml")
    assert f"<loc>{FORK}{YEAR}/forces/sussex/</loc>" in sitemap
    # Every page advertises the feed that always has every edition.
    feed_link = new.find("link", type="application/atom+xml")["href"]
    assert posixpath.normpath(posixpath.join(f"{YEAR}/forces/sussex/", feed_link)) == (
        "latest/feed.xml"
    )


def test_the_old_sussex_page_links_to_the_same_page_in_the_newer_edition(published):
    repo = published["repo"]
    old = page(repo, f"{PREVIOUS}/forces/sussex/index.html")
    banner = old.select_one("[data-md-component=outdated]")
    link = banner.find("a", string=lambda s: s and "newer edition" in s) or banner.find("a")
    assert "A newer edition of these figures is published." in text(link)
    target = posixpath.normpath(posixpath.join(f"{PREVIOUS}/forces/sussex/", link["href"]))
    assert target == "latest/forces/sussex"
    assert canonical(page(repo, f"{target}/index.html")) == f"{FORK}{YEAR}/forces/sussex/"


def test_the_feed_has_one_entry_per_edition(published):
    repo = published["repo"]
    feed = feedparser.parse(show(repo, "latest/feed.xml").encode())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        f"{FORK}{YEAR}/what-changed/",
        f"{FORK}{PREVIOUS}/what-changed/",
    ]
    # Each headline opens with the Home Office's figures for its year, from its own tables.
    assert feed.entries[0].summary.startswith(home_office(published["data"], YEAR))
    # The 2018-19 entry is the sentence that edition published, read from the branch.
    old_record = json.loads(show(repo, f"{PREVIOUS}/{editions.RECORD}"))
    assert feed.entries[1].summary == old_record["headline"]
    assert old_record["headline"].startswith(home_office(ROOT / "data", PREVIOUS))


def home_office(data: Path, year: str) -> str:
    """The headline's opening: England and Wales totals (data/england_and_wales.csv)."""
    national = pd.read_csv(data / "england_and_wales.csv", dtype={"year": str})
    row = national.query(f"year == '{year}' and drug == 'all-drugs'").iloc[0]
    return (
        f"In {year} police forces and Border Force made {int(row['total']):,} drug seizures in "
        "England and Wales, and police forces, including British Transport Police, made "
        f"{int(row['police']):,}"
    )


def test_what_changed_lists_the_revised_figures(published):
    repo = published["repo"]
    changed = page(repo, f"{YEAR}/what-changed/index.html").select_one("article")
    revised = rows(table_after(changed, "revised"))
    before = f"In the {PREVIOUS} edition"
    assert [
        (r["Year"], r["Force"], r["Drug"], r[before], r["In this edition"]) for r in revised
    ] == [
        (PREVIOUS, "Sussex", "All drugs", f"{SUSSEX_ALL:,}", f"{SUSSEX_ALL + REVISION:,}"),
        (PREVIOUS, "Sussex", "Cocaine", f"{SUSSEX_COCAINE:,}", f"{SUSSEX_COCAINE + REVISION:,}"),
    ]
    sussex = changed.find(id="force-sussex")
    assert [text(td) for td in sussex.find_all("td")][-1] == "2"
    # Sussex's page links to its own changes.
    force = page(repo, f"{YEAR}/forces/sussex/index.html")
    hrefs = [a["href"] for a in force.select(".edition-line a")]
    assert "../../what-changed/#force-sussex" in hrefs


def test_what_changed_lists_the_breaks_in_series_the_new_tables_flag_or_unflag(published):
    """Flags computed by the break rule from each edition's published tables, compared."""
    before = read_dataset(ROOT / "data").tables  # what the 2018-19 edition published
    after = read_dataset(published["data"]).tables
    old = breaks.flagged(breaks.breaks(before["seizures"], before["england_and_wales"]))
    new = breaks.flagged(breaks.breaks(after["seizures"], after["england_and_wales"]))
    assert old, "the 2018-19 tables flag breaks (Thames Valley, Merseyside)"
    changed = page(published["repo"], f"{YEAR}/what-changed/index.html").select_one("article")
    heading = changed.find(id="series-breaks")
    section = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        section.append(sibling)
    said = " ".join(text(s) for s in section)
    assert f"This edition flags {len(new)} force-years" in said
    assert f"the {PREVIOUS} edition flagged {len(old)}" in said
    listed = {
        (r["Force"], r["Year"])
        for table in (s for s in section if s.name == "table")
        for r in rows(table)
    }
    names = {(FORCE_BY_SLUG[f].name, y) for f, y in new ^ old}
    assert listed == names
    if not new ^ old:
        assert "No force-year was newly flagged or unflagged" in said


def test_the_root_404_page_is_the_newest_editions_and_its_links_work_from_anywhere(published):
    """mike writes no 404.html at the root, where GitHub Pages looks for it; it serves that
    page at whatever address was asked for, so its links must not depend on the address."""
    repo = published["repo"]
    assert show(repo, "404.html") == show(repo, f"{YEAR}/404.html")
    files = set(git(repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    soup = BeautifulSoup(show(repo, "404.html"), "html.parser")
    checked = 0
    for asked in (FORK + "no-such-page", FORK + f"{PREVIOUS}/forces/no/such/page/"):
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src")):
            for element in soup.find_all(tag, attrs={attribute: True}):
                url = urljoin(asked, element[attribute])
                if urlsplit(url).netloc != urlsplit(FORK).netloc:
                    continue
                assert url.startswith(FORK), (element, url)
                path = unquote(urlsplit(url).path).removeprefix(urlsplit(FORK).path)
                path = path + "index.html" if path.endswith("/") or not path else path
                assert path in files, (element, url)
                checked += 1
    assert checked > 20


@pytest.mark.browser
def test_the_old_edition_shows_the_newer_one_in_chromium(published, tmp_path, browser):
    pages = tmp_path / "pages"
    archive = tmp_path / "pages.tar"
    git(published["repo"], "archive", "-o", str(archive), "gh-pages")
    with tarfile.open(archive) as tar:
        tar.extractall(pages, filter="data")
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(pages)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = server.stdout.readline().split("port ")[1].split()[0]
        root = f"http://127.0.0.1:{port}/"
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        context.add_init_script(RECORD_VIOLATIONS)
        tab = context.new_page()
        console = watch_csp(tab)
        old = f"{root}{PREVIOUS}/forces/sussex/"
        tab.goto(old, wait_until="networkidle")
        banner = tab.locator("[data-md-component=outdated]")
        banner.wait_for(state="visible")
        assert tab.locator(".md-version__current").inner_text() == PREVIOUS
        # Reloaded, the banner is shown by Material's early script (session storage).
        tab.reload(wait_until="networkidle")
        banner.wait_for(state="visible")
        for path in (f"{PREVIOUS}/what-changed/", f"{YEAR}/what-changed/", "latest/"):
            tab.goto(root + path, wait_until="networkidle")
        assert violations(tab, console) == []
        check_axe(browser, old)
        tab.goto(old, wait_until="networkidle")
        banner.get_by_role("link").click()
        tab.wait_for_url("**/latest/forces/sussex/")
        assert f"{YEAR} edition" in tab.locator(".edition-line").inner_text()
        assert tab.locator("[data-md-component=outdated]").is_hidden()
        assert violations(tab, console) == []
        # The newest edition's first view needs no bundle (md-on-demand.js); the
        # old one's needs it at once, for its banner.
        fresh = browser.new_context(viewport={"width": 360, "height": 800})
        fetched = _bundles_fetched(fresh, f"{root}latest/forces/sussex/")
        assert fetched == [], fetched
        assert len(_bundles_fetched(fresh, old)) == 1
        context.close()
        fresh.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _bundles_fetched(context, url: str) -> list[str]:
    """Material bundles a page fetches in its first view, no action taken."""
    tab = context.new_page()
    fetched: list[str] = []
    tab.on("request", lambda r: fetched.append(r.url) if "/javascripts/bundle." in r.url else None)
    tab.goto(url, wait_until="networkidle")
    tab.wait_for_timeout(500)
    tab.close()
    return fetched


def check_axe(browser, url: str) -> None:
    """axe-core on an edition's page with the outdated banner and the edition selector."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto(url, wait_until="networkidle")
    tab.locator("[data-md-component=outdated]").wait_for(state="visible")
    tab.locator(".md-version__current").wait_for(state="visible")
    found = run_axe(tab)
    context.close()
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {url}:\n{describe(found)}"
