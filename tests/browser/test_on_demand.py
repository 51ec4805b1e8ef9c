"""The phone reader: chart text legible without JavaScript; Vega only when the reader asks.

Text size: every static chart's smallest text, from the SVG's font sizes and the
width it is drawn at on the page (bench/textsize.py), at 360 and 1280 pixels
wide with JavaScript off. Loading: no Vega script on load; the control under a
chart brings the interactive charts, with tooltips, and after instant
navigation the next page's charts come interactive without asking again.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import (
    CONTROL,
    PHONE,
    hover_until_tooltip,
    site_url,
    site_url_path,
    wait_for_charts,
)
from playwright.sync_api import expect

from bench.config import CHART_SCRIPTS, LIGHTHOUSE_PAGES, MIN_CHART_TEXT_PX
from bench.textsize import chart_text

pytestmark = pytest.mark.browser

VEGA = "vega-bundle.js"


def _as_published(context, site_dir) -> str:
    """Answer the site's published address (site_url) from the built files in `context`.

    Material's instant navigation follows only its sitemap's addresses, with their
    path and default port: a local server on another path or port gets full loads.
    """
    published = site_url()

    def answer(route) -> None:
        path = unquote(urlsplit(route.request.url).path)[len(site_url_path()) :]
        file = site_dir / path
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            route.fulfill(status=404, path=site_dir / "404.html")
            return
        kind = "text/javascript" if file.suffix == ".js" else mimetypes.guess_type(file.name)[0]
        route.fulfill(path=file, content_type=kind or "application/octet-stream")

    context.route(published + "**", answer)
    return published


@pytest.mark.parametrize("width", [360, 1280])
def test_chart_text_is_legible_without_javascript(new_context, base_url, edition_root, width):
    page = new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    page = page.new_page()
    pages_root = edition_root[0]  # the site is served under its edition's path (conftest.py)
    small, seen = [], 0
    for kind, path in LIGHTHOUSE_PAGES.items():
        page.goto(base_url + path)
        for row in chart_text(page, pages_root):
            seen += 1
            where = f"{kind} {path}#{row['chart']}"
            assert row["shown_px"] > 0 and row["drawings_shown"] == 1, (where, row)
            if row["smallest_px"] is None or row["smallest_px"] < MIN_CHART_TEXT_PX:
                small.append(f"{where}: {row}")
    assert seen >= 6, f"only {seen} charts on {list(LIGHTHOUSE_PAGES.values())}"
    assert not small, f"chart text under {MIN_CHART_TEXT_PX} px at {width} px wide:\n" + "\n".join(
        small
    )


def _phone(new_context, site_dir=None):
    context = new_context(**PHONE)
    if site_dir is not None:
        context.published = _as_published(context, site_dir)
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if CHART_SCRIPTS.search(r.url) else None)
    return page, scripts


def test_no_vega_on_load_and_a_control_on_every_chart(new_context, base_url):
    page, scripts = _phone(new_context)
    page.goto(base_url + "/forces/sussex/", wait_until="networkidle")
    page.wait_for_timeout(1_500)  # nothing fetched while the page is idle either
    assert not [url for url in scripts if VEGA in url], scripts
    figures = page.locator("figure.chart")
    assert figures.count() >= 3
    assert page.locator(CONTROL).count() == figures.count()
    expect(page.locator(CONTROL).first).to_be_visible()
    assert page.locator(".chart-interactive:visible").count() == 0


def test_the_control_brings_interactive_charts_also_after_instant_navigation(new_context, site_dir):
    page, scripts = _phone(new_context, site_dir)
    page.goto(page.context.published + "forces/sussex/", wait_until="networkidle")
    page.evaluate("window.__stayed = true")  # gone if the next page is a full load
    assert wait_for_charts(page), page.locator(".chart-interactive").evaluate_all(
        "vs => vs.map(v => v.dataset.state)"
    )
    assert page.locator(CONTROL).count() == 0
    assert page.locator(".chart-static:visible").count() == 0
    tooltip = page.locator("#vg-tooltip-element")
    assert hover_until_tooltip(page, tooltip), "no tooltip on the interactive chart"

    # Instant navigation to a drug page: its charts are drawn without asking again.
    link = page.locator('article a[href$="drugs/cocaine/"]').first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/drugs/cocaine/"))
    assert page.evaluate("window.__stayed === true"), "the navigation was a full page load"
    page.wait_for_function(
        """() => { const f = [...document.querySelectorAll('figure.chart')];
                   return f.length && f.every(x => x.querySelector('.chart-interactive svg')); }"""
    )
    assert page.locator(CONTROL).count() == 0
    assert hover_until_tooltip(page, tooltip), "no tooltip after instant navigation"
    assert len([url for url in scripts if VEGA in url]) == 1, scripts
