"""How the project starts headless Chromium: Debian's binary, never a downloaded one.

`playwright install` cannot download browsers here, so Playwright is pointed
at the system chromium (installed by `make chromium`). The flags keep it from
reaching any other host while it starts.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The chromium binary on PATH, or Debian's at /usr/bin/chromium; None if neither."""
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@contextmanager
def launched(chromium: str | None = None) -> Iterator[Any]:
    """A headless Chromium (Playwright) for the bench's page measurements, closed after."""
    from playwright.sync_api import sync_playwright

    chromium = chromium or find_chromium()
    if chromium is None:
        raise RuntimeError("no chromium found (make chromium installs Debian's)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
