"""Screenshots of each kind of page into screenshots/ (git-ignored), for a person to look at."""

from __future__ import annotations

import pytest
from browser_support import PAGES, screenshot, wait_for_charts
from PIL import Image

pytestmark = pytest.mark.browser


def looks_like_a_page(path, width: int) -> None:
    with Image.open(path) as image:
        assert image.width == width, (path, image.size)
        assert image.height >= 400, (path, image.size)
        # Not blank: a rendered page has many colours.
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20, path


def test_desktop_screenshots(desktop_page, base_url):
    for kind in ["home", "force", "drug", "methodology", "welsh-force"]:
        desktop_page.goto(base_url + PAGES[kind])
        wait_for_charts(desktop_page)
        looks_like_a_page(screenshot(desktop_page, kind), 1280)


def test_phone_and_dark_screenshots(new_context, base_url):
    phone = new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True
    ).new_page()
    phone.goto(base_url + PAGES["force"])
    wait_for_charts(phone)
    looks_like_a_page(screenshot(phone, "phone-force"), 390)

    dark = new_context(color_scheme="dark").new_page()
    dark.goto(base_url + PAGES["force"])
    wait_for_charts(dark)
    assert dark.locator("body").get_attribute("data-md-color-scheme") == "slate"
    looks_like_a_page(screenshot(dark, "dark-force"), 1280)
