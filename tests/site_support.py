"""Building the site once for the tests that read built pages (pages, sharing, browser).

A plain module rather than conftest.py, so test modules can import from it:
pytest loads tests/conftest.py and tests/browser/conftest.py under one name.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent

# Left out of the copy the site is built from: version control, the virtual
# environment, earlier outputs (top level only) and caches (anywhere).
_TOP_LEVEL_SKIPPED = {".git", ".venv", "site", "build", "screenshots", "bench"}
_CACHES = {".pytest_cache", ".ruff_cache", ".hypothesis", "__pycache__"}
# A maintainer's hand-written note on one force, as docs/force-notes/README.md describes.
HAND_NOTE = "Kent Police ran a county lines operation this year ([report](https://example.org/))."


def not_copied(folder: str, names: list[str]) -> set[str]:
    skipped = _CACHES | (_TOP_LEVEL_SKIPPED if Path(folder) == ROOT else set())
    return {name for name in names if name in skipped}


def run_checked(command: list[str], cwd: Path) -> str:
    """Run a build step; fail the test with its output if it fails. Returns the output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode:
        pytest.fail(
            f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}",
            pytrace=False,
        )
    return done.stdout + done.stderr


@dataclass(frozen=True)
class BuiltSite:
    project: Path  # a copy of the working tree, with generated docs/ and build/
    site: Path  # project/site, built with mkdocs build --strict
    log: str  # what the page generator and mkdocs printed


def shared_tmp(tmp_path_factory) -> Path:
    """A temporary folder every pytest-xdist worker of this run shares."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def article(site: Path, url: str) -> BeautifulSoup:
    """The page's content (no navigation or footer) at a site URL such as "forces/sussex/"."""
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    content = page.select_one("article")
    assert content is not None, url
    return content


def text(node) -> str:
    """A node's text as a reader reads it: single spaces."""
    return " ".join(node.get_text(" ").split())


def table_after(content, heading_id: str):
    """The page's own table after a heading, not a chart's data table."""
    heading = content.find(id=heading_id)
    assert heading is not None, heading_id
    table = heading.find_next("table")
    while table is not None and table.find_parent("figure", class_="chart") is not None:
        table = table.find_next("table")
    assert table is not None, heading_id
    return table


def rows(table) -> list[dict[str, str]]:
    """A table's body rows, each keyed by the column headings (a row's heading cell too)."""
    headers = [text(th) for th in table.find("thead").find_all("th")]
    return [
        dict(zip(headers, [text(cell) for cell in tr.find_all(["th", "td"])], strict=True))
        for tr in table.find("tbody").find_all("tr")
    ]
