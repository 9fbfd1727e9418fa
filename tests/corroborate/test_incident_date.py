"""Which day an incident takes when its sources disagree and none has more support."""

from __future__ import annotations

import datetime as dt

from khronika.corroborate import _best_supported_time
from khronika.model import SourceSpan, TimeMention, TimeValue


def _day(doc_id: str, start: int, day: dt.date) -> TimeMention:
    quote = day.strftime("%d %B %Y")
    value = TimeValue(day.isoformat(), day, day, "day")
    return TimeMention(SourceSpan(doc_id, start, start + len(quote), quote), value, "event")


def _publisher(doc_id: str) -> str:
    return doc_id  # every report its own publisher: one source each


def test_a_tie_goes_to_the_earlier_day() -> None:
    later = _day("update", 10, dt.date(2017, 3, 29))
    first = _day("first", 200, dt.date(2017, 3, 25))
    best = _best_supported_time([later, first], _publisher)
    assert best is first


def test_a_tie_never_goes_to_a_day_decades_before() -> None:
    """A day the report gives as background ("like the attack of 1 August 1966")."""
    event = _day("news", 50, dt.date(2016, 9, 8))
    background = _day("feature", 20, dt.date(1966, 8, 1))
    assert _best_supported_time([background, event], _publisher) is event


def test_more_sources_beat_an_earlier_day() -> None:
    one = _day("a", 0, dt.date(2017, 3, 25))
    two = [_day("b", 0, dt.date(2017, 3, 27)), _day("c", 0, dt.date(2017, 3, 27))]
    assert _best_supported_time([one, *two], _publisher).time.value == "2017-03-27"
