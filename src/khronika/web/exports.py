"""Exports of exactly what the list shows: ``/incidents.csv``, ``/incidents.json`` and
``/incidents.geojson`` take the list's filters (``?type=&date_from=...&sort=``) and give every
matching incident, not one page. A viewer's export is redacted like every answer (the
middleware), and each download is written to the server's log with who asked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import export as exporting
from ..export import Export
from ..webcommon.account import must_withhold
from ..webcommon.deps import OpenStore
from ..webcommon.downloads import log_download
from ..webcommon.responses import safe_dumps
from .facets import FacetsDep

router = APIRouter(include_in_schema=False)


def _download(request: Request, body: str, fmt: str, media_type: str) -> Response:
    log_download(request, Export(f"filtered {fmt}", body, must_withhold(request), None))
    name = f"khronika-incidents.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media_type, headers=headers)


@router.get("/incidents.csv")
def incidents_csv(request: Request, open_store: OpenStore, facets: FacetsDep) -> Response:
    with open_store() as store:
        body = exporting.incidents_csv(store.incidents(facets.filter))
    return _download(request, body, "csv", "text/csv; charset=utf-8")


@router.get("/incidents.json")
def incidents_json(request: Request, open_store: OpenStore, facets: FacetsDep) -> Response:
    with open_store() as store:
        data = exporting.incidents_json(store.incidents(facets.filter))
    data["filters"] = facets.params()
    return _download(request, safe_dumps(data), "json", "application/json")


@router.get("/incidents.geojson")
def incidents_geojson(request: Request, open_store: OpenStore, facets: FacetsDep) -> Response:
    with open_store() as store:
        data = exporting.incidents_geojson(store.incidents(facets.filter))
    return _download(request, safe_dumps(data), "geojson", "application/geo+json")
