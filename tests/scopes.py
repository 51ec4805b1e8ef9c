"""Fixture scopes that stay honest under mutation testing."""

from __future__ import annotations

import os


def shared_but_not_under_mutmut(fixture_name: str, config) -> str:
    """Module scope normally; one per test under mutmut.

    mutmut credits a function only to the tests that called it while it gathered its
    stats, so statistics built once per module are credited to the first test alone and
    a mutant in compute() is never shown to the tests that would kill it. Computing the
    statistics takes a fraction of a second, so under mutmut each test builds its own.
    """
    return "function" if "MUTANT_UNDER_TEST" in os.environ else "module"
