"""Where things live: the project's folders, in one place.

Defaults only: every function that reads or writes takes its folder as an
argument, so tests and the benchmark can point it elsewhere.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"  # the tidy tables the importer writes, and nothing else
DOCS = ROOT / "docs"  # the MkDocs source: hand-written pages and the generated ones
BUILD = ROOT / "build"  # caches and intermediate files, never committed
REFERENCES = ROOT / "references"  # hand-written metadata: notes, errata, data dictionary
RAW = DATA / "raw"  # the published tables, byte for byte, kept in the repository; never edited
