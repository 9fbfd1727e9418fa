"""The facets of the incident list (type, date range, place, country, region, actor, status),
read once from the query string and shared by every view of a set of incidents: list,
timeline, map."""

from __future__ import annotations

import dataclasses
import urllib.parse
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from ..errors import ConfigError
from ..store import IncidentFilter
from ..webcommon import queries


@dataclass(frozen=True)
class Facets:
    where: IncidentFilter
    status: str | None
    form: dict[str, str]  # the values as typed, to fill the form again

    def params(self, **extra: str) -> dict[str, str]:
        """The non-empty facets as query parameters, with ``extra`` replacing them."""
        kept = {k: v for k, v in self.form.items() if v}
        return {**kept, **extra}

    def query(self, **extra: str) -> str:
        """The facets as a query string (with a leading ``?``), or ``""`` if there are none."""
        params = self.params(**extra)
        return "?" + urllib.parse.urlencode(params) if params else ""

    @property
    def filter(self) -> IncidentFilter:
        """Every facet, the status included, as one store filter."""
        return dataclasses.replace(self.where, status=self.status)


def read_facets(
    event_type: Annotated[str | None, Query(alias="type")] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    country: str | None = None,
    region: str | None = None,
    actor: str | None = None,
    status: str | None = None,
    sort: str | None = None,
) -> Facets:
    start = queries.parse_date("date_from", date_from)
    end = queries.parse_date("date_to", date_to)
    where = queries.incident_filter(
        event_type, start, end, place, actor, country=country, region=region
    )
    wanted = queries.check_status(status)
    order = sort or DEFAULT_ORDER
    if order not in SORTS:
        raise ConfigError(f"Sort by {', '.join(SORTS)}, not {order[:20]!r}.")
    where = dataclasses.replace(where, order=order)
    form = {
        "type": where.event_type or "",
        "date_from": start.isoformat() if start else "",
        "date_to": end.isoformat() if end else "",
        "place": where.place or "",
        "country": where.country or "",
        "region": where.region or "",
        "actor": where.actor or "",
        "status": wanted or "",
        "sort": sort if sort and sort != DEFAULT_ORDER else "",
    }
    return Facets(where, wanted, form)


SORTS = ("newest", "oldest", "reports", "added")
DEFAULT_ORDER = "newest"  # the web list: the latest incidents first


FacetsDep = Annotated[Facets, Depends(read_facets)]
