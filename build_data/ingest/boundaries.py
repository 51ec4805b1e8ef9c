"""Police force area boundaries for the map: checked, simplified, written to data/.

The source is the ONS ultra generalised (BUC, 500 m) boundaries of the 43
police force areas of England and Wales, December 2017, in WGS84 longitude
and latitude. Every feature must carry a known force code and every force
must be present; anything else stops the import with a SourceError that
names the file, the feature and the property.

Simplifying works on arcs, not polygons: each ring is cut where three areas
meet (or a border meets the coast), so a border two forces share is one
arc, simplified once (Douglas-Peucker, about a kilometre) and used by both.
Neighbours never gain gaps or overlaps. Positions between junctions are then
rounded to two decimal places; islets smaller than the tolerance go. An arc
that ends up crossing another (or itself) is simplified again, more finely
and unrounded, until none cross.

Rings are written with the exterior clockwise and holes anticlockwise (in
longitude/latitude), the winding d3-geo, and so Vega, expects.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from build_data.ingest.sources import SourceError
from build_data.reference import FORCE_BY_CODE

SOURCE = Path("ons") / "pfa-dec2017-buc.geojson"
TARGET = "boundaries.geojson"
DECIMALS = 2
TOLERANCE = 0.01  # degrees of latitude, about 1 km

Position = tuple[float, float]
Ring = list[Position]


# --- geometry helpers -------------------------------------------------------


def signed_area(ring: Ring) -> float:
    """Shoelace area in square degrees: positive anticlockwise, negative clockwise."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        total += x0 * y1 - x1 * y0
    return total / 2


def _orient(a: Position, b: Position, c: Position) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _within(a: Position, b: Position, p: Position) -> bool:
    """p (collinear with ab) lies on the closed segment ab."""
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def _bad_pair(a: Position, b: Position, c: Position, d: Position) -> bool:
    """Segments ab and cd cross properly, or overlap along a stretch of line.

    Touching at a point (a shared vertex, a pinch) is allowed: renderers and
    the published boundaries both have it.
    """
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    if o1 == 0 and o2 == 0:
        # Collinear: bad if they share more than one point.
        inside = {p for p in (c, d) if _within(a, b, p)} | {p for p in (a, b) if _within(c, d, p)}
        return len(inside) > 1
    return False


def crossings(segments: list[tuple[Position, Position, object]]) -> set[object]:
    """Tags of segments that cross or overlap another segment (sweep over x)."""
    order = sorted(segments, key=lambda s: min(s[0][0], s[1][0]))
    active: list[tuple[Position, Position, object]] = []
    bad: set[object] = set()
    for seg in order:
        a, b, tag = seg
        lo = min(a[0], b[0])
        active = [s for s in active if max(s[0][0], s[1][0]) >= lo]
        ylo, yhi = min(a[1], b[1]), max(a[1], b[1])
        for c, d, other in active:
            if max(c[1], d[1]) < ylo or min(c[1], d[1]) > yhi:
                continue
            if _bad_pair(a, b, c, d):
                bad.add(tag)
                bad.add(other)
        active.append(seg)
    return bad


def ring_segments(ring: Ring, tag: object = None) -> list[tuple[Position, Position, object]]:
    return [(ring[i], ring[i + 1], tag) for i in range(len(ring) - 1) if ring[i] != ring[i + 1]]


def valid_ring(ring: Ring) -> bool:
    """Closed, at least a triangle, some area, and no edge crossing or overlapping another."""
    return (
        len(ring) >= 4
        and ring[0] == ring[-1]
        and signed_area(ring) != 0
        and not crossings(ring_segments(ring, tag=0))
    )


def _clean(points: list[Position]) -> Ring:
    """A closed ring without repeated points or spikes (out and straight back)."""
    pts = list(points[:-1] if len(points) > 1 and points[0] == points[-1] else points)
    changed = True
    while changed and pts:
        changed = False
        out: list[Position] = []
        for p in pts:
            if out and out[-1] == p:
                changed = True
            elif len(out) >= 2 and out[-2] == p:
                out.pop()
                changed = True
            else:
                out.append(p)
        # The ring wraps round: its end may repeat, or spike into, its start.
        if (len(out) >= 2 and out[0] == out[-1]) or (len(out) >= 3 and out[-2] == out[0]):
            out.pop()
            changed = True
        elif len(out) >= 3 and out[-1] == out[1]:
            out.pop(0)
            changed = True
        pts = out
    return [*pts, pts[0]] if len(pts) >= 3 else []


def _perpendicular(p: Position, a: Position, b: Position, kx: float) -> float:
    """Distance of p from segment ab, in degrees of latitude (longitude scaled by kx)."""
    px, py, ax, ay, bx, by = p[0] * kx, p[1], a[0] * kx, a[1], b[0] * kx, b[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(line: list[Position], tolerance: float) -> list[Position]:
    """Douglas-Peucker on an open line; both ends kept."""
    if len(line) <= 2:
        return list(line)
    kx = math.cos(math.radians(sum(p[1] for p in line) / len(line)))
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(line[i], line[first], line[last], kx)
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(line, keep, strict=True) if k]


def _wind(ring: Ring, clockwise: bool) -> Ring:
    return ring if (signed_area(ring) < 0) == clockwise else ring[::-1]


def _polygons(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _geometry(polygons: list[list[Ring]]) -> dict:
    as_lists = [[[list(p) for p in ring] for ring in polygon] for polygon in polygons]
    if len(as_lists) == 1:
        return {"type": "Polygon", "coordinates": as_lists[0]}
    return {"type": "MultiPolygon", "coordinates": as_lists}


def d3_winding(geometry: dict) -> dict:
    """Exterior rings clockwise, holes anticlockwise: what d3-geo, and so Vega, draws right.

    (RFC 7946 asks for the opposite; d3 would then fill the globe outside the area.)
    """
    return _geometry(
        [
            [_wind([tuple(p) for p in ring], clockwise=(k == 0)) for k, ring in enumerate(polygon)]
            for polygon in _polygons(geometry)
        ]
    )


# --- topology-preserving simplification ---------------------------------------
#
# Each ring is cut into arcs at junctions: points where the ring's neighbour on
# one side changes (where three areas meet, or a coast meets a border). A
# border two forces share is then one arc, simplified once and used by both,
# so neighbours never gain gaps or overlaps between them.


def _junctions(rings: list[Ring]) -> set[Position]:
    neighbours: dict[Position, set[frozenset]] = {}
    for ring in rings:
        pts = ring[:-1]
        n = len(pts)
        for i, p in enumerate(pts):
            neighbours.setdefault(p, set()).add(frozenset((pts[i - 1], pts[(i + 1) % n])))
    return {p for p, pairs in neighbours.items() if len(pairs) > 1}


def _cut(ring: Ring, junctions: set[Position]) -> list[tuple[Position, ...]]:
    """The ring as arcs from junction to junction (one closed arc if it has none)."""
    pts = ring[:-1]
    starts = [i for i, p in enumerate(pts) if p in junctions]
    if not starts:
        return [(*pts, pts[0])]
    rotated = pts[starts[0] :] + pts[: starts[0]] + [pts[starts[0]]]
    arcs, current = [], [rotated[0]]
    for p in rotated[1:]:
        current.append(p)
        if p in junctions:
            arcs.append(tuple(current))
            current = [p]
    return arcs


def _key(arc: tuple[Position, ...]) -> tuple[tuple[Position, ...], bool]:
    """The arc's canonical direction, and whether the arc runs against it."""
    backwards = arc[::-1]
    if arc[0] == arc[-1]:  # a closed arc: canonical start is its smallest point
        pts = arc[:-1]
        i = pts.index(min(pts))
        forwards = (*pts[i:], *pts[:i], pts[i])
        rev = forwards[::-1]
        return (min(forwards, rev), rev < forwards)
    return (min(arc, backwards), backwards < arc)


def _simplify_arc(arc: tuple[Position, ...], tolerance: float) -> list[Position]:
    if arc[0] == arc[-1]:
        # A closed arc: split at the point farthest from its start, keep both.
        far = max(range(len(arc)), key=lambda i: math.dist(arc[0], arc[i]))
        first = douglas_peucker(list(arc[: far + 1]), tolerance)
        return first + douglas_peucker(list(arc[far:]), tolerance)[1:]
    return douglas_peucker(list(arc), tolerance)


def _round(points: list[Position], decimals: int | None) -> list[Position]:
    """Round the positions between an arc's ends; the ends (junctions) stay as published,
    so arcs that meet there still meet whatever happens to each."""
    if decimals is None or len(points) <= 2:
        return list(points)
    inner = [(round(x, decimals), round(y, decimals)) for x, y in points[1:-1]]
    return [points[0], *inner, points[-1]]


def simplify_rings(
    rings: list[Ring], tolerance: float = TOLERANCE, decimals: int | None = DECIMALS
) -> list[Ring | None]:
    """Simplify rings together, keeping shared borders shared. None for a ring that vanishes.

    Each arc (a border, or a coast) is simplified once. Arcs that then cross
    or overlap any other (or themselves) are simplified again with half the
    tolerance and unrounded, until none do; at worst an arc keeps its source
    positions (a handful of source arcs cross themselves by a few metres at
    the source's three decimal places; those stay as published).
    """
    junctions = _junctions(rings)
    cut = [[_key(arc) for arc in _cut(ring, junctions)] for ring in rings]
    settings = {key: (tolerance, decimals) for ring in cut for key, _ in ring}
    for _ in range(16):
        done = {
            key: _round(_simplify_arc(key, tol), dec) if tol > 0 else list(key)
            for key, (tol, dec) in settings.items()
        }
        segments = {}
        for key, pts in done.items():
            for a, b in zip(pts, pts[1:], strict=False):
                if a != b:
                    segments.setdefault((a, b), key)
        # A few source arcs cross themselves at the source's own precision;
        # those are left as published.
        bad = [
            k for k in crossings([(a, b, k) for (a, b), k in segments.items()]) if settings[k][0]
        ]
        if not bad:
            break
        for key in bad:
            tol, _dec = settings[key]
            settings[key] = (tol / 2 if tol > tolerance / 32 else 0, None)
    else:
        raise ValueError("boundaries still cross after simplifying")
    out: list[Ring | None] = []
    for ring in cut:
        pts: list[Position] = []
        for key, backwards in ring:
            part = done[key][::-1] if backwards else done[key]
            pts.extend(part if not pts else part[1:])
        cleaned = _clean(pts)
        out.append(cleaned if len(cleaned) >= 4 and signed_area(cleaned) != 0 else None)
    return out


# --- reading, checking, writing --------------------------------------------


def check(geojson: dict, path: Path | str = SOURCE) -> None:
    """Raise SourceError unless there is exactly one feature for each of the 43 force areas."""
    if geojson.get("type") != "FeatureCollection" or not isinstance(geojson.get("features"), list):
        raise SourceError(path, "not a GeoJSON FeatureCollection", column="type")
    seen: dict[str, int] = {}
    for index, feature in enumerate(geojson["features"]):
        where = f"feature {index}"
        props = feature.get("properties") or {}
        code = props.get("code")
        if code not in FORCE_BY_CODE:
            raise SourceError(
                path,
                f"{where} ({props.get('name')!r}): not a known police force area code",
                column="code",
                value=code,
            )
        if code in seen:
            raise SourceError(
                path,
                f"{where}: force area code already used by feature {seen[code]}",
                column="code",
                value=code,
            )
        seen[code] = index
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            raise SourceError(
                path,
                f"{where} ({code}): geometry must be a Polygon or MultiPolygon",
                column="geometry.type",
                value=geometry.get("type"),
            )
    missing = sorted(set(FORCE_BY_CODE) - set(seen))
    if missing:
        names = ", ".join(f"{c} ({FORCE_BY_CODE[c].name})" for c in missing)
        raise SourceError(path, f"no feature for {names}", column="code")


def simplify(geojson: dict) -> dict:
    """A smaller FeatureCollection: shared borders simplified once; properties code, force, name.

    Islets smaller than the tolerance are dropped; a force always keeps at
    least its largest polygon. Features come out in force code order.
    """
    rings: list[Ring] = []
    layout: list[list[list[int]]] = []  # feature -> polygon -> ring indexes
    for feature in geojson["features"]:
        polygons = []
        for polygon in _polygons(feature["geometry"]):
            indexes = []
            for ring in polygon:
                cleaned = _clean([(float(x), float(y)) for x, y, *_ in ring])
                if len(cleaned) >= 4 and signed_area(cleaned) != 0:
                    indexes.append(len(rings))
                    rings.append(cleaned)
                elif not indexes:
                    break  # a degenerate exterior: the polygon has no area
            if indexes:
                polygons.append(indexes)
        layout.append(polygons)
    simplified = simplify_rings(rings)
    features = []
    for feature, polygons in zip(geojson["features"], layout, strict=True):
        kept = [
            [simplified[i] for i in polygon if simplified[i] is not None]
            for polygon in polygons
            if simplified[polygon[0]] is not None
        ]
        if not kept:
            largest = max(polygons, key=lambda pg: abs(signed_area(rings[pg[0]])))
            kept = [[rings[i] for i in largest]]
        force = FORCE_BY_CODE[feature["properties"]["code"]]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": force.code, "force": force.slug, "name": force.name},
                "geometry": d3_winding(_geometry(kept)),
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    out: dict = {"type": "FeatureCollection"}
    if geojson.get("source"):
        out["source"] = geojson["source"]
    out["note"] = (
        f"Simplified for display (shared borders kept shared; tolerance {TOLERANCE} degrees, "
        f"positions to {DECIMALS} decimal places). Rings wind clockwise outside, "
        "anticlockwise round holes, as d3-geo expects."
    )
    out["features"] = features
    return out


def write_boundaries(raw: Path, data: Path) -> Path:
    """Read, check and simplify the ONS force area boundaries; write data/boundaries.geojson."""
    path = Path(raw) / SOURCE
    if not path.exists():
        raise SourceError(path, "file not found")
    try:
        geojson = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(path, f"not valid JSON: {exc}") from exc
    check(geojson, path)
    simplified = simplify(geojson)
    target = Path(data) / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{TARGET}.tmp")
    try:
        text = json.dumps(simplified, separators=(",", ":"), ensure_ascii=False)
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target
