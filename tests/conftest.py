"""Shared fixtures: where the committed tables and the raw published tables are.

Keep this small: only fixtures that more than one test module uses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = ROOT.parent / "shared" / "data" / "raw"


def _writable_copy(source: Path, target: Path) -> Path:
    # The raw files and folders are read-only; copies must be editable (and removable).
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw published tables, read in place and never written; skips if absent."""
    if not RAW.is_dir():
        pytest.skip(f"raw tables not found at {RAW}")
    return RAW


@pytest.fixture
def raw_copy(raw_dir: Path, tmp_path: Path) -> Path:
    """An editable copy of the raw folder, for building bad tables from real ones."""
    return _writable_copy(raw_dir, tmp_path / "raw")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """An editable copy of the committed tidy tables (data/)."""
    return _writable_copy(DATA, tmp_path / "data")


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
