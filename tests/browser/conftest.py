"""Browser tests: one site build per test run, a local server, one Chromium per session.

The site is built from a copy of the working tree (so the build never races
with `make site` or with the other pytest-xdist worker writing docs/), served
by a threaded http.server on 127.0.0.1, and opened in Debian's chromium
through Playwright (`playwright install` cannot download browsers here, so
the system binary is launched directly). Tests marked `browser` are skipped,
with the reason, when no chromium binary exists: `make chromium` installs it.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, ROOT

# Left out of the copy the site is built from: version control, the virtual
# environment, earlier outputs (top level only) and caches (anywhere).
_TOP_LEVEL_SKIPPED = {".git", ".venv", "site", "build", "screenshots"}
_CACHES = {".pytest_cache", ".ruff_cache", ".hypothesis", "__pycache__"}


def _not_copied(folder: str, names: list[str]) -> set[str]:
    skipped = _CACHES | (_TOP_LEVEL_SKIPPED if Path(folder) == ROOT else set())
    return {name for name in names if name in skipped}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="no chromium binary on PATH or at /usr/bin/chromium (run `make chromium`)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _run(command: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(
            f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}",
            pytrace=False,
        )


def _build(target: Path) -> Path:
    """Copy the project, generate the pages and build the site; return the site folder."""
    project = target / "project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT, project, ignore=_not_copied, symlinks=True)
    site = target / "site"
    if site.exists():
        shutil.rmtree(site)
    _run([sys.executable, "-m", "build_data", "pages"], cwd=project)
    _run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        cwd=project,
    )
    return site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The built site, shared by every xdist worker of this run (built once, under a lock)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder all workers of this run share
    target = base / "browser-site"
    target.mkdir(exist_ok=True)
    done = target / "built.ok"
    with (target / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                _build(target)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return target / "site"


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
def base_url(site_dir: Path):
    """http://127.0.0.1:<free port> serving the built site."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
