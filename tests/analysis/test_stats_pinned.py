"""build_data.analysis.stats pinned: each function on a hand-made table, at its edges."""

from __future__ import annotations
