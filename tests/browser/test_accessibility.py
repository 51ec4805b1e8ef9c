"""axe-core (vendored, see vendor/README.md) finds no serious or critical violations."""

from __future__ import annotations

import pytest
from browser_checks import BLOCKING, describe, run_axe
from browser_support import PAGES, wait_for_charts

pytestmark = pytest.mark.browser

CHECKED = ["home", "force", "drug", "methodology", "welsh-force"]


def check(page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    wait_for_charts(page)
    # axe checks the page at rest: the click that asked for the charts leaves the pointer
    # where the redrawn page may have put a link, which would then be checked in its
    # hover colour. The heading is no link.
    page.locator("article h1").hover()
    violations = run_axe(page)
    report = describe(violations)
    print(f"axe on {path}:\n{report or '    no violations'}")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core: serious/critical violations on {path}:\n{report}"


@pytest.fixture(scope="module")
def axe_page(browser):
    """A desktop page that lets axe in: it is injected as an inline script, which the
    site's Content-Security-Policy blocks (tests/browser/test_csp_violations.py)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="light", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", CHECKED)
def test_no_serious_violations(axe_page, base_url, kind):
    check(axe_page, base_url, PAGES[kind])


def hovered_contrast(page, base_url: str, path: str, link: str) -> list[dict]:
    """axe's contrast findings with the pointer on the first visible `link`."""
    page.goto(base_url + path)
    page.locator(f"{link} >> visible=true").first.hover()
    page.wait_for_timeout(400)  # Material eases the colour in
    return [v for v in run_axe(page) if v["id"] == "color-contrast"]


def test_a_link_under_the_pointer_keeps_its_contrast(axe_page, base_url):
    """Under the pointer a link takes Material's accent colour, which extra.css darkens:
    Material's indigo is 4.3:1 on white, under the 4.5:1 that text needs."""
    contrast = hovered_contrast(axe_page, base_url, PAGES["methodology"], "article p a")
    assert not contrast, describe(contrast)


def test_a_link_in_a_chart_card_under_the_pointer_keeps_its_contrast_in_dark_scheme(
    new_context, base_url
):
    """A chart card stays light in the dark scheme: Material's light blue accent, a link's
    colour under the pointer, would be 3.4:1 on it."""
    page = new_context(color_scheme="dark", bypass_csp=True).new_page()
    contrast = hovered_contrast(page, base_url, PAGES["force"], "figure.chart a")
    assert not contrast, describe(contrast)


@pytest.mark.parametrize("kind", ["force", "drug"])
def test_no_serious_violations_in_dark_scheme(new_context, base_url, kind):
    page = new_context(color_scheme="dark", bypass_csp=True).new_page()
    page.goto(base_url + "/")
    # Material follows the system scheme until the toggle is used.
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    check(page, base_url, PAGES[kind])
