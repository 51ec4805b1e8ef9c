"""Shared fixtures: where the committed tables and the raw published tables are.

Keep this small: only fixtures that more than one test module uses. The
built site is one of them: pages, sharing and browser tests all read it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path

import pytest
from allowed_skips import ALLOWED_SKIPS
from site_support import HAND_NOTE, BuiltSite, not_copied, run_checked, shared_tmp

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"  # the published tables, byte for byte, kept in the repository
_SKIPPED: list[str] = []


def pytest_runtest_logreport(report) -> None:
    if report.skipped:
        _SKIPPED.append(report.nodeid)


def _unexpected_skips() -> list[str]:
    return sorted(set(_SKIPPED) - set(ALLOWED_SKIPS))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    unexpected = _unexpected_skips()
    if unexpected and os.environ.get("CI") == "true":
        terminalreporter.section("skipped tests not in tests/allowed_skips.py")
        for nodeid in unexpected:
            terminalreporter.write_line(nodeid)


def pytest_sessionfinish(session, exitstatus) -> None:
    """On CI, a skip that tests/allowed_skips.py does not list fails the run."""
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller decides
        return
    if _unexpected_skips() and os.environ.get("CI") == "true" and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _writable_copy(source: Path, target: Path, ignore=None) -> Path:
    # The raw files and folders may be read-only; copies must be editable (and removable).
    shutil.copytree(source, target, copy_function=shutil.copyfile, ignore=ignore)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw published tables (data/raw), read in place and never written."""
    assert RAW.is_dir(), f"raw tables not found at {RAW}"
    return RAW


@pytest.fixture
def raw_copy(raw_dir: Path, tmp_path: Path) -> Path:
    """An editable copy of the raw folder, for building bad tables from real ones."""
    return _writable_copy(raw_dir, tmp_path / "raw")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """An editable copy of the committed tidy tables (data/, without the raw tables)."""
    return _writable_copy(DATA, tmp_path / "data", shutil.ignore_patterns("raw"))


@pytest.fixture
def snapshot():
    """Every file under a folder (hidden ones included) -> its exact bytes."""

    def take(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(Path(folder).rglob("*"))
            if p.is_file()
        }

    return take


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The whole site, built once per test run from a copy of the working tree.

    A copy, so the build never races with `make site` or writes into docs/;
    built under a lock, so the xdist workers share one build. The SVG cache
    (build/charts) and the PNG cache (build/kit) are copied when present: they change
    no output, only time.
    """
    root = shared_tmp(tmp_path_factory) / "built-site"
    project = root / "project"
    with (shared_tmp(tmp_path_factory) / "built-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (root / "log.txt").exists():
                if root.exists():
                    shutil.rmtree(root)
                shutil.copytree(ROOT, project, ignore=not_copied, symlinks=True)
                for cache in ("charts", "kit"):  # SVGs; the charts' PNGs
                    if (ROOT / "build" / cache).is_dir():
                        shutil.copytree(ROOT / "build" / cache, project / "build" / cache)
                (project / "docs" / "force-notes").mkdir(parents=True, exist_ok=True)
                (project / "docs" / "force-notes" / "kent.md").write_text(HAND_NOTE)
                log = run_checked([sys.executable, "-m", "build_data", "pages"], project)
                log += run_checked([sys.executable, "-m", "mkdocs", "build", "--strict"], project)
                (root / "log.txt").write_text(log)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return BuiltSite(project, project / "site", (root / "log.txt").read_text())


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process: Playwright's sync API runs once per process,
    so the browser tests and the editions test share it rather than each starting one."""
    from playwright.sync_api import sync_playwright

    from bench.headless import CHROMIUM_ARGS, find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no chromium binary (run `make chromium`)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
