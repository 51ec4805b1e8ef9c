"""Force area boundaries: the committed file, the import from ONS, and the simplifier."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from build_data.ingest import boundaries
from build_data.ingest.sources import SourceError
from build_data.reference import FORCE_BY_CODE

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "data" / "boundaries.geojson"


def rings_of(feature: dict) -> list[tuple[int, list[tuple[float, float]]]]:
    """(position in its polygon, ring) for every ring of a feature."""
    return [
        (k, [tuple(p) for p in ring])
        for polygon in boundaries._polygons(feature["geometry"])
        for k, ring in enumerate(polygon)
    ]


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def source(raw_dir: Path) -> dict:
    return json.loads((raw_dir / boundaries.SOURCE).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the committed file


def test_one_feature_for_each_of_the_43_force_areas(committed):
    codes = [f["properties"]["code"] for f in committed["features"]]
    assert len(codes) == 43
    assert set(codes) == set(FORCE_BY_CODE)
    for feature in committed["features"]:
        props = feature["properties"]
        force = FORCE_BY_CODE[props["code"]]
        assert props == {"code": force.code, "force": force.slug, "name": force.name}


def test_file_is_small(committed):
    size = COMMITTED.stat().st_size
    assert size < 80_000, f"data/boundaries.geojson is {size:,} bytes"


def test_rings_are_closed_wound_for_d3_and_have_area(committed):
    for feature in committed["features"]:
        for k, ring in rings_of(feature):
            name = feature["properties"]["name"]
            assert len(ring) >= 4 and ring[0] == ring[-1], name
            area = boundaries.signed_area(ring)
            # Exterior clockwise (negative shoelace area), holes anticlockwise.
            assert (area < 0) if k == 0 else (area > 0), (name, k, area)


def test_no_border_crosses_another(committed):
    segments = {}
    for feature in committed["features"]:
        for _, ring in rings_of(feature):
            for a, b in zip(ring, ring[1:], strict=False):
                segments.setdefault((min(a, b), max(a, b)), feature["properties"]["name"])
    assert boundaries.crossings([(a, b, name) for (a, b), name in segments.items()]) == set()


def test_shared_borders_stay_shared(committed):
    # Where two forces meet, both use the same positions: every edge of an
    # inland border appears in exactly two rings, in opposite directions.
    edges: dict[tuple, list[str]] = {}
    for feature in committed["features"]:
        for _, ring in rings_of(feature):
            for a, b in zip(ring, ring[1:], strict=False):
                edges.setdefault((a, b), []).append(feature["properties"]["force"])
    shared = [(a, b) for (a, b) in edges if (b, a) in edges]
    assert len(shared) > 1000
    # Sussex and Surrey, Surrey and Hampshire, ... share whole borders.
    sussex = {e for e, forces in edges.items() if "sussex" in forces}
    neighbours = {f for (a, b) in sussex for f in edges.get((b, a), [])}
    assert {"surrey", "kent", "hampshire"} <= neighbours
    # The City of London is a hole in the Metropolitan Police area, edge for edge.
    city = [r for _, r in rings_of(_feature(committed, "city-of-london"))]
    met_holes = [r for k, r in rings_of(_feature(committed, "metropolitan-police")) if k > 0]
    assert len(city) == 1 and len(met_holes) == 1
    assert set(city[0]) == set(met_holes[0])


def _feature(collection: dict, slug: str) -> dict:
    return next(f for f in collection["features"] if f["properties"]["force"] == slug)


# ---------------------------------------------------------------- from the ONS file


@pytest.mark.raw
def test_import_reproduces_the_committed_file(raw_dir, tmp_path):
    written = boundaries.write_boundaries(raw_dir, tmp_path)
    assert written == tmp_path / "boundaries.geojson"
    assert written.read_bytes() == COMMITTED.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["boundaries.geojson"]  # no temporaries


@pytest.mark.raw
def test_simplified_shapes_keep_their_extent(source, committed):
    # Every force keeps its place: bounding boxes move by at most the tolerance.
    def box(feature):
        pts = [p for _, ring in rings_of(feature) for p in ring]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    before = {f["properties"]["code"]: box(f) for f in source["features"]}
    for feature in committed["features"]:
        after = box(feature)
        original = before[feature["properties"]["code"]]
        assert all(abs(a - b) < 0.03 for a, b in zip(after, original, strict=True)), (
            feature["properties"]["name"],
            after,
            original,
        )


def _write_raw(tmp_path: Path, collection: dict) -> Path:
    raw = tmp_path / "raw"
    (raw / "ons").mkdir(parents=True)
    (raw / boundaries.SOURCE).write_text(json.dumps(collection), encoding="utf-8")
    return raw


@pytest.mark.raw
def test_unknown_code_stops_with_file_feature_property_and_value(source, tmp_path):
    bad = copy.deepcopy(source)
    bad["features"][5]["properties"]["code"] = "E23000099"
    raw = _write_raw(tmp_path, bad)
    data = tmp_path / "data"
    with pytest.raises(SourceError) as caught:
        boundaries.write_boundaries(raw, data)
    message = str(caught.value)
    assert str(raw / boundaries.SOURCE) in message
    assert "feature 5" in message
    assert "column 'code'" in message
    assert "'E23000099'" in message
    assert not data.exists() or not any(data.iterdir())  # nothing written


@pytest.mark.raw
def test_missing_force_stops_and_names_it(source, tmp_path):
    short = copy.deepcopy(source)
    short["features"] = [
        f for f in short["features"] if f["properties"]["code"] != "E23000033"
    ]  # Sussex
    with pytest.raises(SourceError, match=r"no feature for E23000033 \(Sussex\)"):
        boundaries.write_boundaries(_write_raw(tmp_path, short), tmp_path / "data")


@pytest.mark.raw
def test_duplicate_code_stops(source, tmp_path):
    twice = copy.deepcopy(source)
    twice["features"][7]["properties"]["code"] = twice["features"][3]["properties"]["code"]
    with pytest.raises(SourceError, match="feature 7: force area code already used by feature 3"):
        boundaries.write_boundaries(_write_raw(tmp_path, twice), tmp_path / "data")


def test_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        boundaries.write_boundaries(tmp_path, tmp_path / "data")


# ---------------------------------------------------------------- the simplifier


def _square_pair() -> list[list[tuple[float, float]]]:
    """Two unit-ish squares sharing a wiggly border of many points."""
    border = [(1.0, y / 100) for y in range(0, 101)]
    border = [(x + (0.0004 if i % 2 else 0.0), y) for i, (x, y) in enumerate(border)]
    left = [(0.0, 0.0), *border, (0.0, 1.0), (0.0, 0.0)]
    right = [*border, (2.0, 1.0), (2.0, 0.0), border[0]]
    return [left, right]


def test_shared_border_is_simplified_identically_on_both_sides():
    left, right = boundaries.simplify_rings(_square_pair(), tolerance=0.01)
    assert left is not None and right is not None
    assert len(left) < 10 and len(right) < 10  # the wiggle is gone
    border_left = {p for p in left if 0.5 < p[0] < 1.5}
    border_right = {p for p in right if 0.5 < p[0] < 1.5}
    assert border_left == border_right


def test_islet_smaller_than_the_tolerance_vanishes():
    islet = [(5.0, 5.0), (5.001, 5.0), (5.001, 5.001), (5.0, 5.0)]
    big = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)]
    big_out, islet_out = boundaries.simplify_rings([big, islet], tolerance=0.01)
    assert islet_out is None
    assert big_out is not None and len(big_out) == 5


def test_spikes_and_repeats_are_cleaned():
    ring = [(0, 0), (0, 0), (0, 1), (0.5, 1), (0.5, 2), (0.5, 1), (1, 1), (1, 0), (0, 0)]
    assert boundaries._clean(ring) == [(0, 0), (0, 1), (0.5, 1), (1, 1), (1, 0), (0, 0)]


def test_d3_winding_turns_rfc7946_rings_round():
    # RFC 7946: exterior anticlockwise, hole clockwise; d3 wants the opposite.
    exterior = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]
    out = boundaries.d3_winding({"type": "Polygon", "coordinates": [exterior, hole]})
    ext, hol = ([tuple(p) for p in r] for r in out["coordinates"])
    assert boundaries.signed_area(ext) < 0 < boundaries.signed_area(hol)
    assert set(ext) == {tuple(p) for p in exterior}


def test_crossing_detection():
    bow_tie = [(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)]
    assert boundaries.valid_ring(bow_tie) is False
    assert boundaries.valid_ring([(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]) is True
