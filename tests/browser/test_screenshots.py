"""Screenshots of each kind of page into screenshots/ (git-ignored), for a person to look at.

Each is taken once the page's charts have drawn, and the test says so: a page whose
charts failed, or drew no marks, fails here rather than leaving a screenshot with holes.
"""

from __future__ import annotations

import pytest
from browser_support import MARKS, PAGES, screenshot, wait_for_charts
from PIL import Image

pytestmark = pytest.mark.browser

# The pages with charts of their own (the force page: ranking, map, trend and shares).
WITH_CHARTS = {"force", "drug"}


def charts_drew(page, kind: str) -> None:
    """Every figure.chart on the page drew its interactive view, with data marks in it."""
    figures = page.locator("figure.chart").count()
    assert figures > 0 or kind not in WITH_CHARTS, f"{kind}: no charts on the page"
    assert wait_for_charts(page), f"{kind}: a chart failed to draw"
    for i in range(figures):
        figure = page.locator("figure.chart").nth(i)
        drawn = figure.locator(MARKS).count()
        canvas = figure.locator(".chart-interactive canvas").count()
        assert drawn > 0 or canvas > 0, f"{kind}: chart {i} drew no marks"


def looks_like_a_page(path) -> None:
    with Image.open(path) as image:
        assert image.height >= 400, (path, image.size)
        # Not blank: a rendered page has many colours.
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20, path


def test_desktop_screenshots(desktop_page, base_url):
    for kind in ["home", "force", "drug", "methodology", "welsh-force"]:
        desktop_page.goto(base_url + PAGES[kind])
        charts_drew(desktop_page, kind)
        looks_like_a_page(screenshot(desktop_page, kind))


def test_phone_and_dark_screenshots(new_context, base_url):
    phone = new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True
    ).new_page()
    phone.goto(base_url + PAGES["force"])
    charts_drew(phone, "force")
    looks_like_a_page(screenshot(phone, "phone-force"))

    dark = new_context(color_scheme="dark").new_page()
    dark.goto(base_url + PAGES["force"])
    charts_drew(dark, "force")
    assert dark.locator("body").get_attribute("data-md-color-scheme") == "slate"
    looks_like_a_page(screenshot(dark, "dark-force"))
