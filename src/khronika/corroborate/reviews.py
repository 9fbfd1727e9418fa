"""Analysts' decisions applied to a graded incident, every time it is rebuilt.

A confirmed or rejected fact keeps its sources and status and says who decided; a rejected
victim or perpetrator leaves the incident's role lists; an edited field (type, date, place)
takes the analyst's value, and its facts keep the values their sources state, saying what was
decided. Nothing is silently dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from ..domain.gazetteer import Gazetteer
from ..errors import ConfigError
from ..model import EVENT_TYPES, DateField, Fact, Incident, LocationField
from . import location_field

if TYPE_CHECKING:  # the rows the store gives; corroboration itself does not read the store
    from ..store import Review

EDITABLE_FIELDS = ("event_type", "date", "location")


def parse_date(value: str) -> DateField:
    """An analyst's date: YYYY-MM-DD, YYYY-MM or YYYY."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)  # a real day
            return DateField(value, value, value, "day")
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = dt.date.fromisoformat(value + "-01")
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            end = (last - dt.timedelta(days=1)).isoformat()
            return DateField(value, first.isoformat(), end, "month")
        if re.fullmatch(r"\d{4}", value):
            return DateField(value, f"{value}-01-01", f"{value}-12-31", "year")
    except ValueError:
        pass
    raise ConfigError(f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY.")


def check_edit(field: str, value: str, gazetteer: Gazetteer) -> None:
    if field not in EDITABLE_FIELDS:
        raise ConfigError(f"Only {', '.join(EDITABLE_FIELDS)} can be edited, not {field!r}.")
    if field == "event_type" and value not in EVENT_TYPES:
        raise ConfigError(f"{value!r} is not an event type; use one of {', '.join(EVENT_TYPES)}.")
    if field == "date":
        parse_date(value)
    if field == "location" and gazetteer.lookup(value) is None:
        raise ConfigError(f"{value!r} is not a place khronika knows; check the spelling.")


def apply_reviews(incident: Incident, reviews: list[Review], gazetteer: Gazetteer) -> Incident:
    for r in reviews:
        day = r.at[:10]
        if r.decision == "edited" and r.new_value is not None:
            incident = _edit(incident, r.field, r.new_value, f"edited by {r.author} on {day}")
        else:
            note = f"{r.decision} by {r.author} on {day}"
            incident = _mark(incident, r.field, r.value, r.decision, note)
    return incident


def _mark(incident: Incident, field: str, value: str, decision: str, note: str) -> Incident:
    facts = tuple(
        dataclasses.replace(f, review=note) if (f.field, f.value) == (field, value) else f
        for f in incident.facts
    )
    incident = dataclasses.replace(incident, facts=facts)
    if decision == "rejected" and field == "victim":
        victims = tuple(e for e in incident.victims if e.name != value)
        incident = dataclasses.replace(incident, victims=victims)
    if decision == "rejected" and field == "perpetrator":
        perpetrators = tuple(e for e in incident.perpetrators if e.name != value)
        incident = dataclasses.replace(incident, perpetrators=perpetrators)
    return incident


def _edit(incident: Incident, field: str, new: str, note: str) -> Incident:
    """The field takes the analyst's value; its facts keep what their sources state (a report
    is never shown as the source of a value it does not state) and say what was decided."""
    facts = tuple(
        dataclasses.replace(f, review=f"{note}: set to {new} (was {f.value}, as its sources say)")
        if f.field == field
        else f
        for f in incident.facts
    )
    changes: dict[str, object] = {"facts": facts}
    if field == "event_type":
        changes["event_type"] = new
    elif field == "date":
        date = parse_date(new)
        changes["date"] = dataclasses.replace(date, status=incident.date.status)
    elif field == "location":
        changes["location"] = _location(new, incident.location, Gazetteer.default())
    return dataclasses.replace(incident, **changes)  # type: ignore[arg-type]


def _location(name: str, before: LocationField, gazetteer: Gazetteer) -> LocationField:
    place = gazetteer.lookup(name)
    return before if place is None else location_field(place, before.status)


def find_fact(incident: Incident, field: str, value: str) -> Fact:
    for fact in incident.facts:
        if fact.field == field and fact.value == value:
            return fact
    raise ConfigError(f"Incident {incident.incident_id} has no {field} fact {value!r}.")
