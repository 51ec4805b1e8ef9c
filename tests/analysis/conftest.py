"""What the analysis tests share: the committed tidy tables and their statistics.

Built once per test module, and once per test under mutmut (tests/scopes.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scopes import shared_but_not_under_mutmut

from build_data.analysis.stats import Stats, compute
from build_data.tidy import read_dataset

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope=shared_but_not_under_mutmut)
def tables() -> dict[str, pd.DataFrame]:
    return read_dataset(DATA).tables


@pytest.fixture(scope=shared_but_not_under_mutmut)
def real(tables) -> Stats:
    return compute(tables)
