"""MkDocs hook: every page names its edition; the edition's Atom feed and record.

`python -m build_data pages` writes build/edition.json (build_data/render/editions.py).
From it this hook gives each page's template `edition` (overrides/main.html shows the
edition, links to its "What changed" page, to the force's own changes on a force page,
to the same page in the newest edition, and advertises the feed), writes site/feed.xml,
and copies the record to site/edition.json, which later editions read from the
gh-pages branch for their feed.

When mike builds an edition (MIKE_DOCS_VERSION is set) its plugin has already put the
edition in site_url; the site's root is site_url less the edition.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# MkDocs loads this file by path; the project root makes build_data importable.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from build_data.render import feed as editions  # noqa: E402

VERSION_VARIABLE = "MIKE_DOCS_VERSION"  # set by mike (and publish.py) for an edition's build
ALIAS = "latest"  # the newest edition's address, as build_data/publish.py names it
FORCE_PAGE = re.compile(r"^forces/([a-z-]+)/$")

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    path = Path(config.config_file_path).parent / "build" / editions.RECORD
    _state["record"] = json.loads(path.read_text()) if path.is_file() else None
    # mike's plugin joins the edition onto site_url without a closing "/".
    if config.site_url and not config.site_url.endswith("/"):
        config.site_url += "/"
    _state["urls"] = editions.addresses(config.site_url or "", os.environ.get(VERSION_VARIABLE))
    if _state["urls"].versioned:
        # Only in an edition's build: Material's outdated-edition banner reads mike's
        # versions.json at the root when the page opens; an edition not aliased
        # `latest` shows overrides/main.html's `outdated` block. A build at the root
        # (`make site`) has no versions.json to ask for.
        config.extra["version"] = {"provider": "mike", "default": ALIAS}
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Any) -> Environment:
    # The edition Material's edition selector shows on every page of this build, for
    # its button's accessible name (overrides/partials/languages/custom.html).
    record, urls = _state.get("record"), _state.get("urls")
    versioned = bool(record and urls and urls.versioned)
    env.globals["selector_edition"] = record["edition"] if versioned else None
    return env


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    record = _state.get("record")
    if not record:
        return context
    force = FORCE_PAGE.match(page.url)
    context["edition"] = {
        "name": record["edition"],
        "versioned": _state["urls"].versioned,
        # A force listed on the "What changed" page (not the Welsh forces, absent from the tables).
        "force": force.group(1) if force and force.group(1) in record["forces"] else None,
    }
    return context


def on_post_build(config: MkDocsConfig) -> None:
    record = _state.get("record")
    if not record:
        return
    site = Path(config.site_dir)
    (site / "feed.xml").write_text(editions.feed(record, _state["urls"], config.site_name))
    (site / editions.RECORD).write_text(json.dumps(record, indent=2) + "\n")
