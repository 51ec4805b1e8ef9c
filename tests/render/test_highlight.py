"""The shared ranking and map: `#bar-<slug>` and `#area-<slug>` sit on that force's own mark.

Every force page shows the same SVG and names its force in the address. An id on the
wrong bar or area would mark another force on every page, so each id is checked against
what the mark shows: a bar's length and place in the ranking, an area's colour and place
on the map, each worked out here from the rates (data/seizures.csv and
data/population.csv for the real ranking), never from the SVG's ids.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from build_data.analysis.stats import CITY, compute
from build_data.reference import FORCE_BY_SLUG, FORCES
from build_data.render import charts, page_charts
from build_data.tidy import read_dataset

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BOUNDARIES = json.loads((DATA / "boundaries.geojson").read_text(encoding="utf-8"))
_BAR = re.compile(r"M(-?[\d.]+),(-?[\d.]+)h(-?[\d.]+)v(-?[\d.]+)")
_POINT = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def bars(svg_text: str) -> dict[str, tuple[float, float]]:
    """Each bar's id -> (top, length), read from its path."""
    svg = BeautifulSoup(svg_text, "html.parser")
    out = {}
    for path in svg.find_all("path", id=re.compile("^bar-")):
        _, top, length, _ = map(float, _BAR.match(path["d"]).groups())
        out[path["id"].removeprefix("bar-")] = (top, length)
    return out


def axis_labels(svg_text: str) -> list[str]:
    """The ranking's force names, top to bottom (the y axis's labels)."""
    svg = BeautifulSoup(svg_text, "html.parser")
    names = {f.name for f in FORCES}
    labels = []
    for text in svg.find_all("text"):
        y = re.search(r"translate\(-?[\d.]+,(-?[\d.]+)\)", text.get("transform", ""))
        if text.get_text() in names and y:
            labels.append((float(y.group(1)), text.get_text()))
    return [name for _, name in sorted(labels)]


def check_ranking(svg_text: str, rates: dict[str, float]) -> None:
    """Every bar with a rate; bars top to bottom by rate; lengths in proportion; names beside."""
    drawn = bars(svg_text)
    assert set(drawn) == set(rates)
    by_rate = sorted(rates, key=lambda f: -rates[f])
    assert sorted(drawn, key=lambda f: drawn[f][0]) == by_rate
    # One scale for every bar but the City's, which may be cut short at the scale's end.
    scaled = [f for f in rates if f != CITY and rates[f] > 0]
    per_unit = drawn[scaled[0]][1] / rates[scaled[0]]
    for force in scaled:
        assert drawn[force][1] == pytest.approx(rates[force] * per_unit, abs=0.6), force
    assert axis_labels(svg_text) == [FORCE_BY_SLUG[f].name for f in by_rate]


def _luminance(colour: str) -> float:
    red, green, blue = map(int, re.findall(r"\d+", colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _centre(path_d: str) -> tuple[float, float]:
    points = [(float(x), float(y)) for x, y in _POINT.findall(path_d)]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _lon_lat_centre(feature: dict) -> tuple[float, float]:
    rings = feature["geometry"]["coordinates"]
    if feature["geometry"]["type"] == "Polygon":
        rings = [rings]
    points = [p for polygon in rings for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def check_map(svg_text: str, rates: dict[str, float]) -> None:
    """Each area's outline is on its own shape: coloured by its rate, in its place."""
    svg = BeautifulSoup(svg_text, "html.parser")
    shapes = {p["id"].removeprefix("shape-"): p["d"] for p in svg.select("defs > path")}
    targets = svg.find("g", class_="targets")
    for use in targets.find_all("use"):
        assert use["href"] == "#shape-" + use["id"].removeprefix("area-")
    fills = {
        u["href"].removeprefix("#shape-"): u["fill"]
        for u in svg.find_all("use")
        if u.find_parent("g", class_="targets") is None
    }
    assert set(fills) == set(shapes) == {f.slug for f in FORCES if f.code}
    # Areas without a rate are grey; the rest darker the lower the rate (viridis).
    assert {f for f, fill in fills.items() if not fill.startswith("rgb")} == set(shapes) - set(
        rates
    )
    ranked = sorted((f for f in rates if f != CITY), key=lambda f: rates[f])
    shades = [_luminance(fills[f]) for f in ranked]
    assert shades == sorted(shades) and shades[0] < shades[-1]
    # In its place: the shape's centre is nearest where the force's area projects to (east
    # to the right, north up), judged by rank along each axis among every area.
    by_code = {f["properties"]["code"]: f for f in BOUNDARIES["features"]}
    where = {f.slug: _lon_lat_centre(by_code[f.code]) for f in FORCES if f.code}
    centres = {slug: _centre(d) for slug, d in shapes.items()}
    for axis, sign in ((0, 1), (1, -1)):
        order = sorted(where, key=lambda s: sign * where[s][axis])
        drawn = sorted(centres, key=lambda s: centres[s][axis])
        moved = [s for s in order if abs(order.index(s) - drawn.index(s)) > 6]
        assert not moved, (axis, moved)


@pytest.fixture(scope="module")
def made_up() -> pd.DataFrame:
    # Every force with a distinct rate, the City far off the scale, one Welsh force without.
    rates = {f.slug: 500.0 + 37.5 * i for i, f in enumerate(FORCES) if f.code}
    rates[CITY] = 40_000.0
    rates.pop("gwent")
    return pd.DataFrame(
        {
            "force": list(rates),
            "code": [FORCE_BY_SLUG[f].code for f in rates],
            "name": [FORCE_BY_SLUG[f].name for f in rates],
            "rate": list(rates.values()),
        }
    )


def test_each_bar_id_is_on_its_own_forces_bar(made_up):
    shared = charts.shared_figure(
        charts.force_rates(made_up[["force", "name", "rate"]]),
        "ranking-test",
        "bar",
        {"bar": "force"},
        overlay=False,
    )
    check_ranking(shared.svg, dict(zip(made_up["force"], made_up["rate"], strict=True)))


def test_each_area_id_is_on_its_own_forces_area(made_up):
    shared = charts.shared_figure(
        charts.rate_map(made_up[["code", "name", "rate"]], BOUNDARIES),
        "map-test",
        "area",
        {"geoshape": "properties.force"},
        overlay=True,
    )
    check_map(shared.svg, dict(zip(made_up["force"], made_up["rate"], strict=True)))


def published_rates(year: str) -> dict[str, float]:
    """Territorial forces' rates for any drug, from the tidy tables (mid-year population)."""
    read = {"dtype": {"year": str}, "keep_default_na": False, "na_values": [""]}
    seizures = pd.read_csv(DATA / "seizures.csv", **read)
    population = pd.read_csv(DATA / "population.csv", **read)
    s = seizures[(seizures["year"] == year) & (seizures["drug"] == "all-drugs")]
    people = population[population["year"] == year[:4]].set_index("area")["population"]
    rates = {}
    for row in s.dropna(subset=["seizures"]).itertuples():
        if FORCE_BY_SLUG[row.force].kind == "territorial" and row.force in people.index:
            rates[row.force] = round(row.seizures / people[row.force] * 1e6, 1)
    return rates


def test_the_published_ranking_and_map_mark_each_force_on_its_own_mark():
    stats = compute(read_dataset(DATA).tables)
    comparison = page_charts.comparison(stats, BOUNDARIES)
    rates = published_rates(comparison.year)
    assert len(rates) >= 39
    check_ranking(comparison.ranked.svg, rates)
    check_map(comparison.map.svg, rates)
