"""The published sources kept in the repository (data/raw) are the files as found."""

from __future__ import annotations

import filecmp
import hashlib
import json
from pathlib import Path

import pytest

from bench.config import RAW_DEFAULT
from build_data import paths
from build_data.cli import main
from build_data.ingest import importer
from build_data.ingest.sources import SourceError

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared" / "data" / "raw"


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_copy_is_identical_to_the_shared_folder():
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found: nothing to compare data/raw with")
    comparison = filecmp.dircmp(SHARED, RAW)
    assert files(RAW) == files(SHARED)  # every file, byte for byte, and no other
    assert not comparison.left_only and not comparison.right_only


def test_the_import_reads_the_repository_copy_by_default(monkeypatch, tmp_path):
    read = []

    def stop(raw: Path, accept=()):
        read.append(Path(raw))
        raise SourceError(raw, "stopped by the test")

    monkeypatch.setattr(importer, "import_raw", stop)
    assert main(["import", "--data", str(tmp_path)]) == 2
    assert read == [RAW] and paths.RAW == RAW and RAW_DEFAULT == RAW
    makefile = (ROOT / "Makefile").read_text()
    assert "\nRAW ?= data/raw\n" in makefile


def test_provenance_names_the_publisher_and_a_file_in_the_repository():
    provenance = json.loads((ROOT / "data" / "provenance.json").read_text())
    for name, entry in provenance.items():
        assert entry["publisher"] in {
            "Home Office",
            "Office for National Statistics",
            "ONS Open Geography Portal",
        }, name
        raw_files = [f for f in entry["files"] if "year" not in f and "mid_year" not in f]
        for record in raw_files:
            path = RAW / record["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"], path


def test_every_allowed_skip_names_a_real_test():
    from allowed_skips import ALLOWED_SKIPS

    for nodeid, reason in ALLOWED_SKIPS.items():
        path, name = nodeid.split("::")
        assert f"\ndef {name}(" in (ROOT / path).read_text(), nodeid
        assert reason
