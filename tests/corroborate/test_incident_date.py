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


def _year(doc_id: str, start: int, year: int) -> TimeMention:
    value = TimeValue(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    return TimeMention(SourceSpan(doc_id, start, start + 9, "this year"), value, "event")


def test_days_next_to_each_other_support_each_other() -> None:
    """Shot "overnight Monday" and shot "early Tuesday": one event told by two sources;
    a day ten days before, told by one, is background ("the feud began with a shooting on
    15 July")."""
    background = _day("feature", 30, dt.date(2016, 7, 15))
    monday = _day("tv", 40, dt.date(2016, 7, 25))
    tuesday = _day("paper", 20, dt.date(2016, 7, 26))
    best = _best_supported_time([background, monday, tuesday], _publisher)
    assert best is monday


def test_a_whole_year_gives_way_to_a_day_inside_it() -> None:
    """A round-up's "three killings this year" agrees with every day of the year; the day a
    report gives is the incident's, not the year."""
    roundup = _year("roundup", 0, 2016)
    day = _day("news", 80, dt.date(2016, 8, 5))
    other_day = _day("roundup", 300, dt.date(2016, 5, 12))
    follow_up = _day("follow-up", 10, dt.date(2016, 8, 5))
    elsewhere = _day("elsewhere", 10, dt.date(2016, 3, 1))  # agrees with the year only
    times = [roundup, other_day, day, follow_up, elsewhere]
    best = _best_supported_time(times, _publisher)
    assert best.time.value == "2016-08-05"
    assert _best_supported_time([roundup], _publisher) is roundup
