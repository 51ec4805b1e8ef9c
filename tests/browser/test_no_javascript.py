"""With JavaScript off, every chart shows its static SVG and the text and tables are there."""

from __future__ import annotations

import io

import pytest
from browser_support import PAGES
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIRST_WORDS = {
    "home": "In 2018-19 police forces and Border Force made",
    "force": "Police in Sussex made",
    "drug": "In 2018-19 police forces and Border Force made",
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
        # Inline, or (the charts of every force on a force page) an image of a shared file;
        # of an inline chart's two drawings (phone, desktop) CSS shows one.
        shown = ".chart-static svg:visible, .chart-static img"
        drawing = chart.locator(shown).first
        if chart.locator(shown).count() == 0:
            missing.append(i)
            continue
        drawing.scroll_into_view_if_needed()  # images load lazily
        if not drawing.is_visible() or not drawing.evaluate(
            "e => e.tagName.toLowerCase() === 'svg' || (e.complete && e.naturalWidth > 0)"
        ):
            missing.append(i)
            continue
        box = drawing.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, f"chart {i} box {box}"
    assert not missing, f"figure.chart #{missing} on {PAGES[kind]} show no static chart without JS"


def _highlight_pixels(png: bytes) -> int:
    """Pixels in the highlight colour (charts.HIGHLIGHT, #D55E00), give or take smoothing."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(
        1
        for r, g, b in image.get_flattened_data()
        if abs(r - 0xD5) < 12 and abs(g - 0x5E) < 12 and abs(b - 0x00) < 12
    )


def test_shared_charts_mark_the_pages_force_without_javascript(no_js, base_url):
    """The ranking and the map on a force page are one file for every force page; the
    address's fragment (#bar-sussex, #area-sussex) marks this page's force."""
    no_js.goto(base_url + PAGES["force"])
    for chart_id, fragment in (("compared", "bar-sussex"), ("map", "area-sussex")):
        img = no_js.locator(f"#chart-{chart_id} .chart-static img")
        assert img.get_attribute("src").endswith(f".svg#{fragment}")
        img.scroll_into_view_if_needed()
        no_js.wait_for_function(
            "id => { const i = document.querySelector(`#chart-${id} .chart-static img`);"
            " return i.complete && i.naturalWidth > 0; }",
            arg=chart_id,
        )
        marked = _highlight_pixels(img.screenshot())
        # The same image without the fragment: nothing in the highlight colour.
        img.evaluate("i => { i.src = i.src.split('#')[0]; }")
        no_js.wait_for_function(
            "id => { const i = document.querySelector(`#chart-${id} .chart-static img`);"
            " return !i.src.includes('#') && i.complete && i.naturalWidth > 0; }",
            arg=chart_id,
        )
        plain = _highlight_pixels(img.screenshot())
        assert plain == 0 and marked > 200, (chart_id, marked, plain)
