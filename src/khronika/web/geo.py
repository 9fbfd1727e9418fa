"""Country borders for the maps, from Natural Earth data installed by npm (``world-atlas``).

The TopoJSON file is decoded here (quantized, delta-encoded arcs) once per process, so the
server draws the borders in its SVG map and serves them as GeoJSON to Leaflet: no
``topojson-client`` is needed in the browser. Without the npm assets the maps still work,
with a graticule instead of borders.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import STATIC_DIR

VENDOR_DIR = STATIC_DIR / "vendor"
BORDERS_FILE = VENDOR_DIR / "world-atlas" / "countries-110m.json"
LEAFLET_JS = VENDOR_DIR / "leaflet" / "leaflet.js"
LEAFLET_CSS = VENDOR_DIR / "leaflet" / "leaflet.css"

Point = tuple[float, float]  # (lon, lat)
Ring = list[Point]
BBox = tuple[float, float, float, float]  # (west, south, east, north)


@dataclass(frozen=True)
class Country:
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring then holes
    bbox: BBox


def leaflet_available() -> bool:
    return LEAFLET_JS.is_file() and LEAFLET_CSS.is_file()


def _decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    transform = topology.get("transform")
    (sx, sy), (tx, ty) = (
        (transform["scale"], transform["translate"]) if transform else ((1, 1), (0, 0))
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0.0
        points = []
        for position in arc:
            x, y = (x + position[0], y + position[1]) if transform else (position[0], position[1])
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: Sequence[Ring], indexes: Sequence[int]) -> Ring:
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _bbox(polygons: Sequence[Sequence[Ring]]) -> BBox:
    lons = [p[0] for polygon in polygons for p in polygon[0]]
    lats = [p[1] for polygon in polygons for p in polygon[0]]
    return min(lons), min(lats), max(lons), max(lats)


@lru_cache(maxsize=2)
def _load(path: Path) -> tuple[Country, ...]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        parts = [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", [])
        if kind not in ("Polygon", "MultiPolygon") or not parts:
            continue
        polygons = tuple(tuple(_ring(arcs, ring) for ring in polygon) for polygon in parts)
        name = str((geometry.get("properties") or {}).get("name") or "")
        countries.append(Country(name, polygons, _bbox(polygons)))
    return tuple(countries)


def countries() -> tuple[Country, ...]:
    """Every country's borders, or none if the npm assets are not installed (or unreadable)."""
    if not BORDERS_FILE.is_file():
        return ()
    try:
        return _load(BORDERS_FILE)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return ()


def geojson() -> dict[str, Any]:
    """The borders as a GeoJSON FeatureCollection (empty if not installed)."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": c.name},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [[[round(x, 3), round(y, 3)] for x, y in ring] for ring in polygon]
                    for polygon in c.polygons
                ],
            },
        }
        for c in countries()
    ]
    return {"type": "FeatureCollection", "features": features}


def svg_path(country: Country) -> str:
    """The country as SVG path data in degrees (x = lon, y = -lat: equirectangular)."""
    parts = []
    for polygon in country.polygons:
        for ring in polygon:
            points = " ".join(f"{x:.2f} {-y:.2f}" for x, y in ring)
            parts.append(f"M{points}Z")
    return "".join(parts)


def intersects(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
