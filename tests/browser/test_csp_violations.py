"""The Content-Security-Policy holds: no page, search, palette or chart breaks it.

Chromium reports every blocked script, style, image, font, worker or eval as
a `securitypolicyviolation` event (and a console error); both are recorded
from before the page's first script runs, and any one fails the test. The
charts must draw too: with eval forbidden they draw only through Vega's
expression interpreter, so a chart that falls back to its static image fails.
"""

from __future__ import annotations

import pytest
from browser_checks import RECORD_VIOLATIONS, violations, watch_csp
from browser_support import hover_until_tooltip, wait_for_charts, wait_for_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# One page of each kind, and whether it has interactive charts.
KINDS = {
    "home": ("/", True),
    "force": ("/forces/sussex/", True),
    "region": ("/forces/regions/north-east/", False),
    "drug": ("/drugs/cocaine/", True),
    "about": ("/about/methodology/", False),
    "downloads": ("/data/", False),
}


@pytest.fixture
def watched(new_context):
    """A page whose CSP violations (events and console messages) are collected."""
    context = new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    return page, watch_csp(page)


def test_every_kind_of_page_search_palette_and_tooltip_keep_the_policy(watched, base_url):
    page, console = watched
    for kind, (path, charts) in KINDS.items():
        page.goto(base_url + path, wait_until="networkidle")
        if charts:
            assert page.locator("figure.chart").count() > 0, f"{kind}: no charts"
            assert wait_for_charts(page), f"{kind}: a chart did not draw; {console}"
        assert violations(page, console) == [], kind

    page.goto(base_url + "/forces/sussex/", wait_until="networkidle")
    assert wait_for_charts(page)
    tooltip = page.locator("#vg-tooltip-element")
    assert hover_until_tooltip(page, tooltip), "no tooltip on the force page's charts"
    assert violations(page, console) == [], "tooltip"

    page.locator("input.md-search__input").click()
    page.keyboard.type("cocaine")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator('[data-md-component="palette"] label:visible').first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # Instant navigation to a page with charts, drawn in the dark scheme.
    page.locator('article a[href$="drugs/cocaine/"]').first.click()
    page.wait_for_url("**/drugs/cocaine/")
    assert wait_for_charts(page)
    assert violations(page, console) == [], "search, palette, instant navigation"


def test_the_policy_is_in_force(watched, base_url):
    """It blocks what it should, so the tests above cannot pass for want of a policy."""
    page, console = watched
    page.goto(base_url + "/forces/sussex/", wait_until="networkidle")
    # A string given to setTimeout is compiled like eval, later, by the page itself
    # (page.evaluate's own code is exempt); an injected inline script is not hashed.
    page.evaluate(
        """() => { setTimeout('window.__evaluated = true', 0);
                   const s = document.createElement('script');
                   s.textContent = 'window.__injected = true';
                   document.head.append(s); }"""
    )
    page.wait_for_function("window.__csp.length >= 2")
    assert page.evaluate("[window.__evaluated, window.__injected]") == [None, None]
    found = violations(page, console)
    assert any("blocked eval" in v for v in found), found
    assert any("blocked inline" in v for v in found), found


def test_the_kits_copy_buttons_and_embed_pages_keep_the_policy(new_context, base_url):
    """The "Use these figures" box and the embed code copy through Material's clipboard,
    which the site's policy allows; an embed page's own policy blocks nothing it uses."""
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(base_url + "/forces/sussex/", wait_until="networkidle")
    paragraph = page.locator("#use-these-figures-paragraph").inner_text().strip()
    page.locator('.use-figures [data-clipboard-target="#use-these-figures-paragraph"]').click()
    expect(page.locator(".md-dialog")).to_be_visible()  # Material's "Copied to clipboard"
    wait_for_clipboard(page, paragraph)
    embed = page.locator("figure.chart .chart-embed").first
    embed.locator("summary").click()
    embed.locator(".kit-copy").click()
    code = embed.locator("code").inner_text().strip()
    assert code.startswith("<iframe"), code
    wait_for_clipboard(page, code)
    assert violations(page, console) == [], "copy buttons"
    href = page.locator("figure.chart .chart-downloads a", has_text="embed page").first
    href.click()
    page.wait_for_load_state("networkidle")
    assert "/charts/" in page.url and page.locator("figure img").count() == 1
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 300
    assert violations(page, console) == [], "embed page"
