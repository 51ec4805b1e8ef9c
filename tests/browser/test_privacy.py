"""Reading the site asks no other host for anything, and every request it makes succeeds."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_support import PAGES, wait_for_charts

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
INLINE_SCHEMES = {"data", "blob", "about"}


def off_site(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in INLINE_SCHEMES:
        return False
    return parts.hostname not in LOCAL_HOSTS


@pytest.fixture
def recorded(new_context):
    """A fresh page whose every request (workers included) and failed response is recorded."""
    context = new_context()
    requests: list[str] = []
    failures: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    context.on("requestfailed", lambda request: failures.append(f"failed {request.url}"))
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    return page, requests, failures


def load(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    wait_for_charts(page)
    # Charts may fetch once drawn, and hovering may load a tooltip handler.
    for view in page.locator(".chart-interactive").all()[:2]:
        if view.is_visible():
            view.hover()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_loads_only_from_this_site(recorded, base_url, kind):
    page, requests, failures = recorded
    load(page, base_url + PAGES[kind])
    assert requests, "no requests recorded"
    elsewhere = sorted({url for url in requests if off_site(url)})
    assert not elsewhere, f"{PAGES[kind]} asked other hosts for:\n  " + "\n  ".join(elsewhere)
    assert not failures, f"{PAGES[kind]} had failed requests:\n  " + "\n  ".join(failures)


def test_search_and_dark_mode_load_only_from_this_site(recorded, base_url):
    page, requests, failures = recorded
    load(page, base_url + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("cocaine")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.locator('[data-md-component="palette"] label:visible').first.click()
    page.wait_for_load_state("networkidle")
    assert any("search" in urlsplit(url).path for url in requests), "search index never loaded"
    elsewhere = sorted({url for url in requests if off_site(url)})
    assert not elsewhere, "search or the palette asked other hosts for:\n  " + "\n  ".join(
        elsewhere
    )
    assert not failures, "failed requests:\n  " + "\n  ".join(failures)
