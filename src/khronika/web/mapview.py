"""The map of incidents as server-side SVG: an equirectangular view (x = lon, y = -lat, in
degrees) fitted around the markers, with the borders of the countries in view.

Geometry only; ``charts.html`` draws it. Leaflet, when installed, enhances the same page.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import DateField, Incident, LocationField
from ..store import IncidentPlace
from . import geo

MIN_LON_SPAN, MIN_LAT_SPAN, MARGIN = 16.0, 9.0, 0.25
MAX_MARKERS = 2000  # a page stays light on a slow connection; the most recent are drawn
WORLD: geo.BBox = (-180.0, -85.0, 180.0, 85.0)


@dataclass(frozen=True)
class Located:
    """What the map page needs of an incident (read without its facts); an
    :class:`~khronika.model.Incident` has the same attributes and serves as well."""

    incident_id: str
    event_type: str
    date: DateField
    location: LocationField

    @classmethod
    def of(cls, row: IncidentPlace) -> Located:
        """From a row of :meth:`Store.incident_places`."""
        return cls(row.incident_id, row.event_type, DateField(value=row.date), row.location)


Mappable = Incident | Located


@dataclass(frozen=True)
class Marker:
    incident_id: str
    lat: float
    lon: float
    label: str  # id, type, date, place
    inferred: bool  # the place is inferred (where the victims are based), not stated
    precise: bool = False  # a city or place, not only a region or country


@dataclass(frozen=True)
class Cluster:
    """Markers drawn on top of one another at this map's scale: one badge with their count."""

    lat: float
    lon: float
    incident_ids: tuple[str, ...]
    place: str  # the place most of them are at, for a link to them as a list
    href: str = ""

    @property
    def count(self) -> int:
        return len(self.incident_ids)


@dataclass(frozen=True)
class MapView:
    markers: tuple[Marker, ...]
    unplaced: tuple[Mappable, ...]  # incidents without coordinates
    bbox: geo.BBox
    borders: tuple[str, ...]  # SVG path data of the countries in view
    graticule: tuple[float, ...]  # longitudes then latitudes are drawn when no borders
    omitted: int = 0  # incidents with a location not drawn (over MAX_MARKERS: the oldest)
    clusters: tuple[Cluster, ...] = ()

    @property
    def view_box(self) -> str:
        west, south, east, north = self.bbox
        return f"{west:.3f} {-north:.3f} {east - west:.3f} {north - south:.3f}"

    @property
    def radius(self) -> float:
        west, south, east, north = self.bbox
        return round(max(east - west, north - south) * 0.009, 4)


def marker_label(incident: Mappable) -> str:
    loc = incident.location
    place = ", ".join(p for p in (loc.place, loc.region, loc.country) if p) or "unknown place"
    if loc.inferred:
        place += " (inferred)"
    kind = incident.event_type.replace("_", " ")
    return f"{incident.incident_id} · {kind} · {incident.date.value or 'undated'} · {place}"


def _fit(markers: Sequence[Marker]) -> geo.BBox:
    """The markers' extent with a margin, at least a region wide, about 2:1, within the world."""
    if not markers:
        return WORLD
    lons, lats = [m.lon for m in markers], [m.lat for m in markers]
    lon_span = max(max(lons) - min(lons), MIN_LON_SPAN) * (1 + 2 * MARGIN)
    lat_span = max(max(lats) - min(lats), MIN_LAT_SPAN) * (1 + 2 * MARGIN)
    lon_span, lat_span = max(lon_span, lat_span * 1.6), max(lat_span, lon_span / 2.4)
    lon_span, lat_span = min(lon_span, 360.0), min(lat_span, 170.0)
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    west = min(max(mid_lon - lon_span / 2, -180.0), 180.0 - lon_span)
    south = min(max(mid_lat - lat_span / 2, -85.0), 85.0 - lat_span)
    return west, south, west + lon_span, south + lat_span


def _graticule(bbox: geo.BBox) -> tuple[float, ...]:
    step = 30.0 if bbox[2] - bbox[0] > 90 else 5.0
    return tuple(float(v) for v in range(-180, 181, int(step)))


def build_map(incidents: Sequence[Mappable]) -> MapView:
    markers: list[Marker] = []
    unplaced: list[Mappable] = []
    for incident in incidents:
        lat, lon = incident.location.lat, incident.location.lon
        if lat is None or lon is None:
            unplaced.append(incident)
            continue
        label = marker_label(incident)
        loc = incident.location
        markers.append(Marker(incident.incident_id, lat, lon, label, loc.inferred, bool(loc.place)))
    omitted = max(0, len(markers) - MAX_MARKERS)
    markers = markers[omitted:]  # incidents come oldest first: the most recent are kept
    # Drawn last, on top where markers overlap: stated before inferred, cities before regions.
    markers.sort(key=lambda m: (not m.inferred, m.precise))
    bbox = _fit(markers)
    borders = tuple(geo.svg_path(c) for c in geo.countries() if geo.intersects(c.bbox, bbox))
    view = MapView(tuple(markers), tuple(unplaced), bbox, borders, _graticule(bbox), omitted)
    places = {i.incident_id: _place_name(i.location) for i in incidents}
    return dataclasses.replace(view, clusters=clusters(view.markers, view.radius, places))


def _place_name(loc: LocationField) -> str:
    return loc.place or loc.region or loc.country or ""


def clusters(
    markers: Sequence[Marker], radius: float, places: dict[str, str]
) -> tuple[Cluster, ...]:
    """Markers that would overlap (within a grid cell of a few marker radii) as clusters,
    each at the mean position of its markers; a marker alone is no cluster."""
    cell = max(radius * 3, 1e-6)
    cells: dict[tuple[int, int], list[Marker]] = {}
    for marker in markers:
        cells.setdefault((round(marker.lon / cell), round(marker.lat / cell)), []).append(marker)
    found = []
    for group in cells.values():
        if len(group) < 2:
            continue
        names = Counter(places.get(m.incident_id, "") for m in group if places.get(m.incident_id))
        lat = sum(m.lat for m in group) / len(group)
        lon = sum(m.lon for m in group) / len(group)
        place = names.most_common(1)[0][0] if names else ""
        found.append(Cluster(lat, lon, tuple(m.incident_id for m in group), place))
    return tuple(sorted(found, key=lambda c: -c.count))
