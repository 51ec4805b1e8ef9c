"""The phone reader: Material's bundle, search index and search worker on the first action.

docs/assets/javascripts/md-on-demand.js loads Material for MkDocs' bundle when the
reader first touches, clicks, types, scrolls with a wheel or moves focus, not at
page load (issue 13). What the first view needs without it is done at once: the
page is marked as scripted, so search and the copy buttons show, and the colour
scheme follows the reader's system. The controls the bundle runs still work on
their first use: search, the palette toggle and the copy buttons.
"""

from __future__ import annotations

import re

import pytest
from browser_support import PHONE, wait_for_clipboard
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Material's own files: its bundle, its search worker and the search index.
MATERIAL = re.compile(
    r"/assets/javascripts/(?:bundle\.[0-9a-f]+\.min\.js|workers/search\.[0-9a-f]+\.min\.js)$"
    r"|/search/search_index\.json$"
)


BUNDLE = re.compile(r"/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def _watched(context):
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if MATERIAL.search(r.url) else None)
    return page, fetched


def test_first_view_loads_no_bundle_search_index_or_worker(new_context, base_url):
    page, fetched = _watched(new_context(**PHONE, color_scheme="dark"))
    page.goto(base_url + "/forces/sussex/", wait_until="networkidle")
    page.wait_for_timeout(1_500)  # nor while the page is idle
    assert fetched == []
    # What the first view needs from a script is there without the bundle.
    assert page.evaluate("document.documentElement.className") == "js"
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    expect(page.locator('label.md-header__button[for="__search"]')).to_be_visible()
    expect(page.locator(".kit-copy").first).to_be_attached()


@pytest.mark.parametrize("typed", ["after", "before"])
def test_a_first_tap_on_search_brings_the_bundle_and_results(new_context, base_url, typed):
    """The words are typed after the bundle has started, or before (a slow phone)."""
    page, fetched = _watched(new_context(**PHONE))
    held = []
    if typed == "before":  # the bundle's response waits until the words are in
        page.route(BUNDLE, lambda route: held.append(route))
    page.goto(base_url + "/", wait_until="networkidle")
    page.locator('label.md-header__button[for="__search"]').tap()
    search = page.locator("input.md-search__input")
    expect(search).to_be_visible()
    # Typed key by key, as a reader does: Material's search listens for keyup, which
    # fill() never sends, so fill() found nothing whenever the bundle was there first.
    search.press_sequentially("Brighton", delay=20)
    if typed == "before":
        page.wait_for_timeout(300)
        assert len(held) == 1, "the tap did not ask for the bundle"
        held[0].continue_()
    sussex = page.locator('.md-search-result__item a[href*="forces/sussex/"]')
    expect(sussex.first).to_be_visible()
    kinds = {MATERIAL.search(url).group(0).split("/")[-1].split(".")[0] for url in fetched}
    assert kinds == {"bundle", "search", "search_index"}, fetched


def test_the_palette_toggle_works_on_its_first_use(new_context, base_url):
    page, fetched = _watched(new_context(color_scheme="light"))
    page.goto(base_url + "/", wait_until="networkidle")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    assert fetched == []
    page.locator('[data-md-component="palette"] label:visible').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # Material saved the choice: the next page opens in it before any action.
    page.goto(base_url + "/drugs/cocaine/", wait_until="networkidle")
    assert body.get_attribute("data-md-color-scheme") == "slate"


def test_a_copy_button_copies_on_its_first_click(new_context, base_url):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page, fetched = _watched(context)
    page.goto(base_url + "/forces/sussex/", wait_until="networkidle")
    paragraph = page.locator("#use-these-figures-paragraph").inner_text()
    assert paragraph.startswith("Police in Sussex made"), paragraph
    assert fetched == []
    button = page.locator('.kit-copy[data-clipboard-target="#use-these-figures-paragraph"]')
    button.scroll_into_view_if_needed()
    button.click()
    wait_for_clipboard(page, paragraph)
