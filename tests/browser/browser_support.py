"""What the browser tests share: where things are, the pages to open, small helpers.

A module of its own (not conftest.py) so test modules can import it: pytest
loads every conftest.py under the one name "conftest".
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils import yaml_load

from bench.headless import find_chromium

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
# A phone as the issue 13 tests open pages (Chromium at 360 x 800, touch): new_context(**PHONE).
PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
# The data marks of an interactive chart drawn by Vega's SVG renderer.
MARKS = ".chart-interactive svg g.role-mark:not(.mark-group) > *"


CHROMIUM = find_chromium()

# One path of each kind of page. South Wales is a Welsh force (no figures in
# this edition's tables, so a page of its own kind).
PAGES = {
    "home": "/",
    "force": "/forces/sussex/",
    "drug": "/drugs/cocaine/",
    "methodology": "/about/methodology/",
    "welsh-force": "/forces/south-wales/",
}


def site_url() -> str:
    """mkdocs.yml's site_url as MkDocs reads it (!ENV SITE_URL or its default), ending in "/"."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        url = str(yaml_load(f).get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"


def site_url_path() -> str:
    """The path part of site_url ("/drug-seizures/"), which 404.html's links start with."""
    url = site_url()
    return "/" + url.split("://", 1)[-1].partition("/")[2] if url else "/"


# The control charts.js adds under each chart; Vega loads only when it is used.
CONTROL = "figure.chart .chart-explore"


def wait_for_charts(page, timeout: float = 10_000) -> bool:
    """Ask for the interactive charts (the control under the first chart), then wait
    until every figure.chart's interactive view has drawn (an svg or a canvas) or
    given up (charts.js marks it data-state="failed"); True if all drew.

    Does not raise, so a caller that only needs the page settled can go on;
    tests of the charts assert on their own.
    """
    if page.locator("figure.chart").count() == 0:
        return True
    try:
        page.locator(CONTROL).first.wait_for(state="attached", timeout=timeout)
        page.locator(CONTROL).first.click()
    except Exception:
        pass  # already interactive (after instant navigation), or no control
    try:
        return (
            page.wait_for_function(
                """() => {
                 const figures = [...document.querySelectorAll('figure.chart')];
                 const drawn = f => f.querySelector(
                   '.chart-interactive[data-state="ready"] :is(svg, canvas)');
                 const failed = f => f.querySelector('.chart-interactive[data-state="failed"]');
                 if (!figures.every(f => drawn(f) || failed(f))) return null;
                 return figures.every(drawn) ? 'drawn' : 'failed';
               }""",
                timeout=timeout,
            ).json_value()
            == "drawn"
        )
    except Exception:
        return False


def screenshot(page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def hover_until_tooltip(page, tooltip) -> bool:
    """Hover data marks (SVG renderer), then sweep the chart (either renderer)."""
    marks = page.locator(MARKS)
    for i in range(min(marks.count(), 12)):
        mark = marks.nth(i)
        if not mark.is_visible():
            continue
        try:
            mark.hover(timeout=2_000, force=True)
        except Exception:
            continue
        if tooltip.is_visible() and tooltip.inner_text().strip():
            return True
    for view in page.locator(".chart-interactive").all():
        box = view.bounding_box()
        if not box:
            continue
        view.scroll_into_view_if_needed()
        box = view.bounding_box()
        for row in range(1, 8):
            y = box["y"] + box["height"] * row / 8
            for col in range(1, 25):
                page.mouse.move(box["x"] + box["width"] * col / 25, y)
                if tooltip.is_visible() and tooltip.inner_text().strip():
                    return True
    return False


def wait_for_clipboard(page, expected: str, timeout: float = 10_000) -> None:
    """Read the clipboard until it holds `expected` (stripped), or raise after `timeout` ms.

    A copy button's write reaches Chromium's clipboard after its click returns (and
    after Material's "Copied" dialog shows), so a single read right after the click
    can find the clipboard still empty on a busy machine (CI did, once).
    """
    page.wait_for_function(
        "async (expected) => (await navigator.clipboard.readText()).trim() === expected",
        arg=expected.strip(),
        timeout=timeout,
    )
