"""The browser colours the page's own force's bar in the shared ranking, not just some bar.

tests/render/test_highlight.py checks the SVG's ids against the rates; here Chromium draws the
force page's image (`....svg#bar-<slug>`, JavaScript off, so only the static image shows)
and the highlighted pixels must lie on the bar that the tidy tables put at this force's
place in the ranking.
"""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from render.test_highlight import published_rates

pytestmark = pytest.mark.browser

_TRANSLATE = re.compile(r"translate\((-?[\d.]+),\s*(-?[\d.]+)\)")
_BAR = re.compile(r"M-?[\d.]+,(-?[\d.]+)h-?[\d.]+v(-?[\d.]+)")


def bar_bands(svg_text: str) -> tuple[list[tuple[float, float]], float]:
    """Every bar's (top, bottom) in the SVG's own units, top to bottom, and its height.

    Read from the bars' shapes and their groups' offsets, not from their ids.
    """
    svg = BeautifulSoup(svg_text, "html.parser")
    bands = []
    for path in svg.find_all("path", attrs={"aria-roledescription": "bar"}):
        top, height = map(float, _BAR.match(path["d"]).groups())
        for parent in path.parents:
            moved = _TRANSLATE.search(parent.get("transform", "") if parent.name else "")
            top += float(moved.group(2)) if moved else 0.0
        bands.append((top, top + height))
    return sorted(bands), float(svg.find("svg")["height"])


def highlighted_rows(png: bytes) -> tuple[list[int], int]:
    """The pixel rows with the highlight colour (#D55E00, give or take smoothing); height."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width = image.width
    rows = set()
    for i, (r, g, b) in enumerate(image.get_flattened_data()):
        if abs(r - 0xD5) < 12 and abs(g - 0x5E) < 12 and abs(b - 0x00) < 12:
            rows.add(i // width)
    return sorted(rows), image.height


@pytest.mark.parametrize("force", ["sussex", "merseyside"])
def test_the_highlighted_bar_is_the_forces_own(browser, base_url, site_dir, force):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    try:
        page = context.new_page()
        page.goto(f"{base_url}/forces/{force}/")
        img = page.locator("#chart-compared .chart-static img")
        src = img.get_attribute("src")
        assert src.endswith(f".svg#bar-{force}")
        img.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => { const i = document.querySelector('#chart-compared .chart-static img');"
            " return i.complete && i.naturalWidth > 0; }"
        )
        rows, height = highlighted_rows(img.screenshot())
    finally:
        context.close()
    year = re.search(r"(\d{4}-\d{2})\.svg", src).group(1)
    svg_file = site_dir / "assets" / "generated" / "figures" / src.split("/")[-1].split("#")[0]
    bands, svg_height = bar_bands(svg_file.read_text(encoding="utf-8"))
    rates = published_rates(year)
    ranking = sorted(rates, key=lambda f: -rates[f])
    assert len(bands) == len(ranking)
    top, bottom = bands[ranking.index(force)]
    scale = height / svg_height
    assert len(rows) > 5, f"no highlighted bar drawn for {force}"
    # Every highlighted row within the force's own bar (a pixel of smoothing either side).
    assert top * scale - 1.5 <= rows[0] and rows[-1] <= bottom * scale + 1.5, (
        force,
        (rows[0], rows[-1]),
        (top * scale, bottom * scale),
    )
