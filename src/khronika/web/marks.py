"""What each row of an incident page says about its review, and the rows with their forms.

A fact is *confirmed by NAME*, *rejected by NAME* or *automatic* (nobody decided yet); a
field an analyst set by hand (type, date, place) is *set by an analyst*. The marks come from
the analysts' decisions the store keeps (:meth:`Store.reviews`), never from parsing text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Fact, Incident
from ..store import Review
from .formtoken import fact_key


def author_name(author: str) -> str:
    """The person behind a history author: ``user:maria`` and ``web:Maria`` -> the name."""
    prefix, _, name = author.partition(":")
    return name if name and prefix in ("user", "web", "cli") else author


@dataclass(frozen=True)
class Mark:
    state: str  # confirmed | rejected | edited | automatic
    by: str = ""
    at: str = ""
    value: str | None = None  # the analyst's value of an edited field


AUTOMATIC = Mark("automatic")


class Marks:
    """The marks of one incident's facts and fields, from its reviews (latest wins)."""

    def __init__(self, reviews: list[Review]) -> None:
        self.facts: dict[tuple[str, str], Mark] = {}
        self.fields: dict[str, Mark] = {}
        for r in reviews:
            if r.decision == "edited":
                self.fields[r.field] = Mark("edited", author_name(r.author), r.at, r.new_value)
            else:
                self.facts[(r.field, r.value)] = Mark(r.decision, author_name(r.author), r.at)

    def of(self, fact: Fact) -> Mark:
        return self.facts.get((fact.field, fact.value), AUTOMATIC)

    def field(self, name: str) -> Mark | None:
        return self.fields.get(name)


@dataclass(frozen=True)
class Row:
    """One fact as its row shows it: the fact, its form key, its mark."""

    fact: Fact
    key: str
    mark: Mark


def fact_rows(incident: Incident, marks: Marks) -> list[Row]:
    return [Row(f, fact_key(f, i), marks.of(f)) for i, f in enumerate(incident.facts)]


def rows_by_field(rows: list[Row], fields: tuple[str, ...]) -> dict[str, Any]:
    """Rows of each summary field, and the rows of every other field (details)."""
    return {
        "by_field": {name: [r for r in rows if r.fact.field == name] for name in fields},
        "details": [r for r in rows if r.fact.field not in fields],
    }
