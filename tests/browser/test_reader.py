"""A reader's path through the site: search, a force page, its chart, a drug page, dark mode."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_support import hover_until_tooltip, wait_for_charts
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_search_to_force_page_then_drug_page_then_dark_mode(new_context, base_url):
    page = new_context().new_page()
    page.goto(base_url + "/")

    # Search for a town: the Sussex page lists Brighton and Hove in the area it covers.
    page.locator("input.md-search__input").click()
    page.keyboard.type("Brighton", delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    sussex = page.locator('.md-search-result__item a[href*="forces/sussex/"]')
    expect(sussex.first).to_be_visible()
    sussex.first.click()

    page.wait_for_url(lambda url: path_of(url) == "/forces/sussex/")
    expect(page.locator("article h1")).to_contain_text("Sussex")
    first = page.locator("article.md-content__inner > p").first
    expect(first).to_be_visible()
    assert first.inner_text().startswith("Police in Sussex made"), first.inner_text()

    # A drug named in the force's table leads to that drug's page.
    cocaine = page.locator('article a[href$="drugs/cocaine/"]').first
    expect(cocaine).to_be_visible()
    cocaine.click()
    page.wait_for_url(lambda url: path_of(url) == "/drugs/cocaine/")
    expect(page.locator("article h1")).to_contain_text("Cocaine")

    # The palette toggle switches to the dark scheme.
    page.locator('[data-md-component="palette"] label[title="Switch to dark mode"]:visible').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # ...and the choice is kept on the next page.
    page.goto(base_url + "/forces/sussex/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_force_page_chart_shows_a_tooltip_on_hover(new_context, base_url):
    page = new_context().new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(base_url + "/forces/sussex/")
    charts = page.locator("figure.chart")
    assert charts.count() >= 1, "the force page has no figure.chart"
    drawn = wait_for_charts(page)
    states = page.locator(".chart-interactive").evaluate_all(
        "views => views.map(v => v.dataset.state || '(none)')"
    )
    assert drawn, (
        f"vega-embed did not draw every .chart-interactive (data-state {states}); "
        f"console: {console}"
    )
    interactive = page.locator("figure.chart .chart-interactive").first
    expect(interactive).to_be_visible()

    tooltip = page.locator("#vg-tooltip-element")
    assert hover_until_tooltip(page, tooltip), (
        "no vega tooltip appeared on hovering the chart marks; "
        f"interactive view box {interactive.bounding_box()}; console: {console}"
    )
    expect(tooltip).to_be_visible()
    assert tooltip.inner_text().strip()
