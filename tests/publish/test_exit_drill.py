"""The exit drill from a frozen MkDocs: ProperDocs builds the same site from the same mkdocs.yml.

MkDocs 1.6.1 is the last 1.x release and the project stays on it (see README,
"Maintenance"). ProperDocs is a drop-in fork of MkDocs 1.x with its own Python
module, pinned in requirements.lock beside mkdocs. This test builds the site
again with it, from the copy `built_site` built with MkDocs, and compares
every page and its main text, so the way out is known to work before it is
needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from site_support import run_checked

pytestmark = pytest.mark.slow

MAIN = SoupStrainer(["title", "article"])


def _pages(site: Path) -> dict[str, tuple[str, str]]:
    """Each page -> its title and the main text (the article), whitespace normalised."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser", parse_only=MAIN)
        article = soup.find("article")
        text = " ".join(article.get_text(" ").split()) if article else ""
        pages[str(path.relative_to(site))] = (soup.title.get_text(), text)
    return pages


def test_properdocs_builds_the_same_pages(built_site, tmp_path: Path) -> None:
    site = tmp_path / "properdocs-site"
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(site)]
    run_checked(command, built_site.project)
    generator = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser").find(
        "meta", attrs={"name": "generator"}
    )
    assert "ProperDocs" in generator["content"]  # not mkdocs under another name

    mkdocs_pages, properdocs_pages = _pages(built_site.site), _pages(site)
    assert len(mkdocs_pages) > 50
    assert sorted(properdocs_pages) == sorted(mkdocs_pages)
    differ = [name for name in mkdocs_pages if properdocs_pages[name] != mkdocs_pages[name]]
    assert differ == []
    other_files = {
        str(p.relative_to(root))
        for root in (built_site.site, site)
        for p in root.rglob("*")
        if p.is_file() and p.suffix != ".html"
    }
    assert all((site / name).is_file() for name in other_files)
    assert all((built_site.site / name).is_file() for name in other_files)
