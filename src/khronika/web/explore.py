"""Views over sets of incidents: the timeline, the map, one actor's and one place's pages."""

from __future__ import annotations

import dataclasses
import urllib.parse
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import NotFoundError
from ..store import IncidentFilter
from ..webcommon import queries
from ..webcommon.deps import OpenStore
from ..webcommon.responses import SafeJSONResponse
from . import geo
from .facets import Facets, FacetsDep
from .mapview import Located, build_map
from .pages import list_link
from .render import render
from .timeline import LinkFor, build_timeline

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def fixed_link(**params: str) -> LinkFor:
    """Links from timeline bars to the incident list with these parameters and that bar's dates."""

    def link(first: str, last: str) -> str:
        query = urllib.parse.urlencode({**params, "date_from": first, "date_to": last})
        return "/incidents?" + query

    return link


@router.get("/timeline")
def timeline_page(request: Request, open_store: OpenStore, facets: FacetsDep) -> Response:
    with open_store() as store:  # the chart needs only types and dates
        dates = store.incident_dates(facets.filter)
        areas = store.incident_areas()
    timeline = build_timeline(dates, list_link(facets))
    context: dict[str, Any] = {
        "timeline": timeline,
        "form": facets.form,
        "areas": areas,
        "facets_query": facets.query(),
    }
    return render(request, "timeline.html", **context)


@router.get("/map")
def map_page(request: Request, open_store: OpenStore, facets: FacetsDep) -> Response:
    with open_store() as store:  # ids, types, dates and locations only
        oldest_first = dataclasses.replace(facets.filter, order="oldest")  # the latest kept
        found = [Located.of(row) for row in store.incident_places(oldest_first)]
        areas = store.incident_areas()
    view = build_map(found)
    linked = [dataclasses.replace(c, href=cluster_link(facets, c.place)) for c in view.clusters]
    context: dict[str, Any] = {
        "map": dataclasses.replace(view, clusters=tuple(linked)),
        "form": facets.form,
        "areas": areas,
        "facets_query": facets.query(),
        "leaflet": geo.leaflet_available(),
    }
    return render(request, "map.html", **context)


def cluster_link(facets: Facets, place: str) -> str:
    """The list of a cluster's incidents: these facets, at the place most of them are."""
    return "/incidents" + (facets.query(place=place) if place else facets.query())


@router.get("/map/countries.geojson")
def borders() -> Response:
    """The country borders for Leaflet (an empty collection if they are not installed)."""
    headers = {"Cache-Control": "public, max-age=86400"}
    return SafeJSONResponse(geo.geojson(), media_type="application/geo+json", headers=headers)


@router.get("/places/{name}")
def place_page(request: Request, name: str, open_store: OpenStore) -> Response:
    where = IncidentFilter(place=name.strip())
    with open_store() as store:  # ids, types, dates and locations only
        found = [Located.of(row) for row in store.incident_places(where)]
        dates = store.incident_dates(where)
    if not found:
        raise NotFoundError(
            f"No incident is recorded at a place, region or country named {name!r}."
        )
    context: dict[str, Any] = {
        "place": name,
        "matches": [(item, queries.matched_as(item.location, name)) for item in found],
        "timeline": build_timeline(dates, fixed_link(place=name)),
        "map": build_map(found),
    }
    return render(request, "place.html", **context)
