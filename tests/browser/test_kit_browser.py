"""The kit in Chromium: an embed page draws its chart, asks no other host for anything
and passes axe; the "Use these figures" box fits a phone; screenshots to look at."""

from __future__ import annotations

import shutil

import pytest
from browser_support import SCREENSHOTS, screenshot
from test_accessibility import BLOCKING, describe, run_axe
from test_privacy import off_site

pytestmark = pytest.mark.browser

EMBEDS = ["sussex-drug-mix", "cocaine-map", "all-drugs-trend"]


def _embed(site_dir, stem: str) -> str:
    (folder,) = [
        p for p in (site_dir / "charts").iterdir() if p.is_dir() and p.name.startswith(stem + "-")
    ]
    return f"/charts/{folder.name}/"


@pytest.mark.parametrize("stem", EMBEDS)
def test_embed_page_draws_its_chart_from_this_site_only(new_context, base_url, site_dir, stem):
    context = new_context(viewport={"width": 680, "height": 700})
    requests, failures = [], []
    context.on("request", lambda r: requests.append(r.url))
    context.on("requestfailed", lambda r: failures.append(r.url))
    context.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    page = context.new_page()
    page.goto(base_url + _embed(site_dir, stem), wait_until="networkidle")
    size = page.evaluate(
        "() => { const i = document.querySelector('figure img');"
        " return [i.complete, i.naturalWidth, i.getBoundingClientRect().width]; }"
    )
    assert size[0] and size[1] > 300 and size[2] > 300, size
    assert not [u for u in requests if off_site(u)], requests
    assert not failures, failures
    assert page.locator("h1").inner_text().strip()
    # axe is injected as a script, which the page's policy rightly refuses: bypass it for axe.
    checked = new_context(viewport={"width": 680, "height": 700}, bypass_csp=True).new_page()
    checked.goto(base_url + _embed(site_dir, stem), wait_until="networkidle")
    violations = run_axe(checked)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, describe(violations)
    if stem == "sussex-drug-mix":
        screenshot(page, "embed-sussex-drug-mix")


def test_use_these_figures_box_on_a_phone(new_context, base_url):
    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.goto(base_url + "/forces/sussex/#use-these-figures")
    box = phone.locator(".use-figures")
    box.scroll_into_view_if_needed()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 390, bounds
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator(".use-figures .kit-copy").first.is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    box.screenshot(path=str(SCREENSHOTS / "phone-use-these-figures.png"))


def test_without_javascript_the_box_is_text_to_select(new_context, base_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(base_url + "/forces/sussex/")
    assert not page.locator(".use-figures .kit-copy").first.is_visible()
    assert page.locator("#use-these-figures-paragraph").inner_text().startswith("Police in Sussex")


def test_card_screenshots(site_dir):
    """The Sussex and cocaine cards, copied beside the other screenshots to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for path in ("forces/sussex", "drugs/cocaine"):
        card = site_dir / "assets/images/social" / f"{path}.png"
        shutil.copyfile(card, SCREENSHOTS / f"card-{path.replace('/', '-')}.png")
