"""MkDocs hook: a social card for every page, and the values its share tags need.

For each page it finds the card (build_data/render/cards.py, from the front matter),
draws it into build/cards/ unless an identical card is already there (on one of two
threads while MkDocs goes on: Pillow lets go of the GIL as it encodes), and
gives the template `share`: title, description, canonical URL, absolute image
URL, size and alt text. overrides/main.html writes them as Open Graph and
Twitter meta tags. After the build every card is copied from the cache to
site/assets/images/social/<page path>.png.

Material's own social plugin is not used: it downloads its fonts from Google
Fonts during the build (and needs Cairo), which fails offline.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# MkDocs loads this file by path; the project root makes build_data importable.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from build_data.render import cards  # noqa: E402

log = logging.getLogger("mkdocs.hooks.social")

CARD_DIR = PurePosixPath("assets/images/social")
CACHE = Path("build") / "cards"

_state: dict[str, Any] = {}


def card_path(src_uri: str) -> str:
    """A page's card in the site: forces/kent.md -> assets/images/social/forces/kent.png."""
    return str(CARD_DIR / PurePosixPath(src_uri).with_suffix(".png"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if "pool" in _state:  # `mkdocs serve` rebuilding
        _state["pool"].shutdown()
    _state.clear()
    _state.update(
        cache=Path(config.config_file_path).parent / CACHE,
        cards={},  # site path -> the card's (cached file, drawn now, CPU seconds) as a future
        pool=ThreadPoolExecutor(max_workers=2, thread_name_prefix="social-card"),
    )
    return config


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    meta = page.meta or {}
    # The front matter's title first, as Material's <title> does: the nav may
    # call the home page "Overview".
    name = str(meta.get("title") or page.title or "")
    if page.is_homepage and not meta.get("title"):
        name = config.site_name
    card = cards.card_for(meta, name, config.site_name)
    target = card_path(page.file.src_uri)
    _state["cards"][target] = _state["pool"].submit(_ensure, card, _state["cache"])

    # The same description rule as Material's <meta name="description">.
    description = meta.get("description") or config.site_description or ""
    title = name if name == config.site_name else f"{name} - {config.site_name}"
    base = config.site_url or "/"
    context["share"] = {
        "title": title,
        "description": str(description),
        "url": page.canonical_url or urljoin(base, page.url),
        "image": urljoin(base, target),
        "width": cards.WIDTH,
        "height": cards.HEIGHT,
        "alt": card.alt,
    }
    return context


def _ensure(card: cards.Card, cache: Path) -> tuple[Path, bool, float]:
    """`cards.ensure` (on a pool thread), and the CPU seconds it took: its thread's, not
    the clock's, which would count the waits for MkDocs' thread to let go of the GIL."""
    started = time.thread_time()
    cached, drawn = cards.ensure(card, cache)
    return cached, drawn, time.thread_time() - started


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    futures: dict[str, Future[tuple[Path, bool, float]]] = _state.get("cards", {})
    drawn, seconds = 0, 0.0
    for target, future in futures.items():
        cached, now, took = future.result()
        drawn, seconds = drawn + now, seconds + took
        destination = site / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, destination)
    _state["pool"].shutdown()
    log.info(
        "social cards: %d drawn, %d from the cache in %.2f CPU-seconds (on two threads)",
        drawn,
        len(futures) - drawn,
        seconds,
    )
