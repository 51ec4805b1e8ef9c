"""The bench's page weight, measured on the built site: what a first view fetches and
what reading to the end adds (the lazily loaded map below the first view)."""

from __future__ import annotations

import pytest

from bench.weight import page_weight

pytestmark = pytest.mark.browser

MAP = "/assets/generated/figures/map-all-drugs-2018-19.svg"
FAVICON = "/assets/images/favicon.png"
RANKING = "/assets/generated/figures/compared-all-drugs-2018-19.svg"


def test_reading_a_force_page_to_the_end_adds_only_the_map_image(site_dir, browser):
    weight = page_weight(site_dir, {"force": "/forces/sussex/"}, browser)["force"]
    first = weight["without_chart_scripts"]
    paths = {r["path"] for r in first["resources"]}
    assert RANKING in paths and MAP not in paths
    end = first["read_to_the_end"]
    # Chromium asks for the favicon whenever it likes, before or after the first view.
    assert set(end["added"]) - {FAVICON} == {MAP}
    assert end["requests"] == first["requests"] + len(end["added"])
    assert first["compressed_kb"] < end["compressed_kb"] < first["compressed_kb"] + 25
