"""With JavaScript off, every chart shows its static SVG and the text and tables are there."""

from __future__ import annotations

import pytest
from browser_support import PAGES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIRST_WORDS = {
    "home": "Police forces in England and Wales made",
    "force": "Police in Sussex made",
    "drug": "Police forces in England and Wales made",
}
# Pages whose figures are drawn as charts (the home page may or may not have one).
MUST_HAVE_CHARTS = {"force", "drug"}


@pytest.fixture(scope="module")
def no_js(browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", ["home", "force", "drug"])
def test_text_and_tables_without_javascript(no_js, base_url, kind):
    no_js.goto(base_url + PAGES[kind])
    first = no_js.locator("article.md-content__inner > p").first
    expect(first).to_be_visible()
    assert first.inner_text().startswith(FIRST_WORDS[kind]), first.inner_text()

    tables = no_js.locator("article table")
    if kind != "home":
        assert tables.count() >= 1, f"no table on {PAGES[kind]}"
    for table in tables.all():
        if table.is_visible():  # tables inside a closed <details> are not shown yet
            assert table.locator("tbody tr").count() >= 1
            expect(table.locator("tbody td").first).to_be_visible()


@pytest.mark.parametrize("kind", ["home", "force", "drug"])
def test_every_chart_shows_its_static_svg_without_javascript(no_js, base_url, kind):
    no_js.goto(base_url + PAGES[kind])
    charts = no_js.locator("figure.chart")
    if kind in MUST_HAVE_CHARTS:
        assert charts.count() >= 1, f"no figure.chart on {PAGES[kind]}"
    missing = []
    for i, chart in enumerate(charts.all()):
        svg = chart.locator(".chart-static svg").first
        if chart.locator(".chart-static svg").count() == 0 or not svg.is_visible():
            missing.append(i)
            continue
        box = svg.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, f"chart {i} svg box {box}"
    assert not missing, f"figure.chart #{missing} on {PAGES[kind]} show no static svg without JS"
