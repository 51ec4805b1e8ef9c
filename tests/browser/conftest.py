"""Browser tests: one site build per test run, a local server, one Chromium per session.

The site is the one `built_site` (tests/conftest.py) builds once per run from
a copy of the working tree, served
by a threaded http.server on 127.0.0.1, and opened in Debian's chromium
through Playwright (`playwright install` cannot download browsers here, so
the system binary is launched directly). Tests marked `browser` are skipped,
with the reason, when no chromium binary exists: `make chromium` installs it.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

import pytest
from browser_support import CHROMIUM


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="no chromium binary on PATH or at /usr/bin/chromium (run `make chromium`)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    """The built site (conftest.py's `built_site`, shared with the page and sharing tests)."""
    return built_site.site


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs; that is not a failure.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def edition_root(site_dir: Path, tmp_path_factory) -> tuple[Path, str]:
    """A Pages root with the built site (a `make site` build) as the folder of its
    edition (2018-19/). tests/publish/test_editions.py opens a real published branch, mike's
    versions.json and the outdated-edition banner included, in Chromium."""
    edition = json.loads((site_dir / "edition.json").read_text())["edition"]
    root = tmp_path_factory.mktemp("pages")
    (root / edition).symlink_to(site_dir, target_is_directory=True)
    return root, edition


@pytest.fixture(scope="session")
def base_url(edition_root: tuple[Path, str]):
    """http://127.0.0.1:<free port>/<edition>: the built site, served under its edition's
    path, as readers see it once published (not only at the root)."""
    root, edition = edition_root
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{edition}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def new_context(browser):
    """A factory of browser contexts (light scheme, 1280x900 unless told), closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("color_scheme", "light")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def desktop_page(browser):
    """One desktop page (light scheme, JavaScript on) reused by a module's tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
