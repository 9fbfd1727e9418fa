"""Time expressions, normalised against the report's date, with their precision.

A small regex grammar (month names and abbreviations, ordinal days, weekdays, numbers in words up
to twenty, units day/week/month/year) composed into rules.  Every rule yields candidates; longer
candidates win over the shorter ones they overlap; a relative day directly followed by the date it
names ("earlier today on 3 June", "yesterday, 2 June") becomes one expression with that date.

Conventions (documented choices):

* The reference is the report's publication date.  Relative expressions ("yesterday", "on
  Tuesday", "two weeks ago") need it; with ``reference=None`` they are still found but normalise
  to precision ``unknown``.  So does a day and month without a year ("3 June").
* ``TimeValue.reference`` is set when the value depended on the reference (relative expressions,
  a year inferred for "3 June"), and None for fully absolute dates ("13 December 2014").
* A day and month without a year ("on July 4") are the most recent such date not after the
  reference: the reference's year, or the previous year.  Likewise for "in June" (a month that
  starts after the reference is last year's).
* "on Tuesday" is the most recent Tuesday on or before the reference; "last Tuesday" the most
  recent strictly before it.
* "last week" is the previous Monday-to-Sunday week (a range); "this week"/"earlier this week"
  Monday of the reference's week to the reference; "last month" the previous calendar month
  (month precision); "last year" the previous year (year precision).
* "N days ago" is a day.  "N weeks ago" is a day (reference - 7N) whose interval is widened by
  3 days either side, as such phrases are approximate.  "N months ago" is the month, "N years ago"
  the year.
* "less than N units ago" / "within the last N units" / "in the past N units" are the range
  [reference - N units, reference].  "more than N units ago" has no natural start: it is the range
  [reference - max(5 years, 2N units), reference - N units].
* Numeric dates are day-first ("03/06/2015" is 3 June 2015, as in most of the world outside the
  US) unless only the month-first reading is valid ("06/13/2015").
* Holidays on a fixed date ("New Year's Eve", "Christmas Day", "Halloween", "the Fourth of
  July") are that day, the most recent not after the reference unless a year is given.
* dateparser is not used: its whole-text search reads "We" as Wednesday and it turns
  "December 2014" into a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from khronika.domain.addresses import address_day
from khronika.model import TimeValue

# ---------------------------------------------------------------------- vocabulary
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS: dict[str, int] = {
    word: i
    for i, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
} | {"a": 1, "an": 1, "a couple of": 2, "a few": 3, "several": 3}
PLAUSIBLE_FUTURE = dt.timedelta(days=7)  # a date in next week (an update, a hearing), this year
WEEKS_SLACK = dt.timedelta(days=3)
OPEN_START_YEARS = 5

_MONTH_ALT = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
_WEEKDAY_ALT = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUM_ALT = "|".join(
    sorted((re.escape(w).replace(r"\ ", r"\s+") for w in NUMBER_WORDS), key=len, reverse=True)
)
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PREP = r"(?i:in|on|since|during|until|till|by|throughout|from|of|before|after|at)"
_APOS = r"(?:'s|’s)?"


def _mon(group: str) -> str:
    return rf"(?P<{group}>{_MONTH_ALT})(?![A-Za-z])"


def _day(group: str) -> str:
    return rf"(?<!\d)(?P<{group}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"


def _year(group: str) -> str:
    return rf"(?<![\d.,])(?P<{group}>1[89]\d\d|20\d\d)(?![\d])"


_WD_PREFIX = rf"(?:(?:{_WEEKDAY_ALT}),?\s+(?:the\s+)?)?"
_DAY_MOD = r"(?:(?i:late|early)\s+(?:(?i:on|in)\s+)?(?:the\s+)?|(?i:mid)-?)?"
_MONTH_MOD = r"(?:(?i:late|early|mid|the\s+end\s+of|the\s+beginning\s+of|end\s+of)\s*-?\s*)?"


# ---------------------------------------------------------------------- values
def _day_value(day: dt.date, reference: dt.date | None) -> TimeValue:
    return TimeValue(day.isoformat(), day, day, "day", reference)


def _month_value(year: int, month: int, reference: dt.date | None) -> TimeValue:
    last = calendar.monthrange(year, month)[1]
    return TimeValue(
        f"{year:04d}-{month:02d}",
        dt.date(year, month, 1),
        dt.date(year, month, last),
        "month",
        reference,
    )


def _year_value(year: int, reference: dt.date | None) -> TimeValue:
    return TimeValue(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31), "year", reference)


def _range_value(start: dt.date, end: dt.date, reference: dt.date | None) -> TimeValue:
    return TimeValue(None, min(start, end), max(start, end), "range", reference)


def _unknown() -> TimeValue:
    return TimeValue(None, None, None, "unknown", None)


def _shift(day: dt.date, unit: str, amount: int) -> dt.date:
    """``day`` moved by ``amount`` units (negative = back), months clamped to the month end."""
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "year" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(text: str | None) -> int | None:
    return MONTHS.get(text.lower().rstrip(".")) if text else None


def _number(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _infer_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date with the reference's year, or the year before if that is too far ahead."""
    candidate = _safe_date(reference.year, month, day)
    if candidate is None or candidate > reference + PLAUSIBLE_FUTURE:
        candidate = _safe_date(reference.year - 1, month, day)
    return candidate


# ---------------------------------------------------------------------- rule handlers
Handler = Callable[[re.Match[str], dt.date | None], TimeValue | None]


def _h_iso(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day_value(day, None) if day else None


def _h_numeric(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    first, second, year = int(m["d"]), int(m["m"]), int(m["y"])
    day = _safe_date(year, second, first) or _safe_date(year, first, second)
    return _day_value(day, None) if day else None


def _h_day_month(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    month = _month_number(m["m"])
    assert month is not None
    return _day_of(month, int(m["d"]), m["y"], ref)


def _day_of(month: int, day: int, year: str | None, ref: dt.date | None) -> TimeValue | None:
    """A day of the year, in the year written, else in the year the reference implies."""
    if year:
        date = _safe_date(int(year), month, day)
        return _day_value(date, None) if date else None
    if ref is None:
        return _unknown()
    date = _infer_year(month, day, ref)
    return _day_value(date, ref) if date else None


def _h_day_range(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    month1 = _month_number(m["m1"]) or _month_number(m["m2"])
    month2 = _month_number(m["m2"]) or month1
    assert month1 is not None and month2 is not None
    year2 = int(m["y2"]) if m["y2"] else None
    year1 = int(m["y1"]) if m["y1"] else year2
    if year2 is None:
        if ref is None:
            return _unknown()
        end = _infer_year(month2, int(m["d2"]), ref)
        year2 = end.year if end else ref.year
        year1 = year2 if month1 <= month2 else year2 - 1
    assert year1 is not None
    start = _safe_date(year1, month1, int(m["d1"]))
    end = _safe_date(year2, month2, int(m["d2"]))
    if start is None or end is None or start > end:
        return None
    return _range_value(start, end, ref if not m["y2"] else None)


def _h_month_year(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    month = _month_number(m["m"])
    assert month is not None
    return _month_value(int(m["y"]), month, None)


def _h_month(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    month = _month_number(m["m"])
    assert month is not None
    if ref is None:
        return _unknown()
    which = (m["which"] or "").lower()
    year = ref.year
    too_late = dt.date(year, month, 1) > ref + PLAUSIBLE_FUTURE
    if (which == "last" and month >= ref.month) or (not which and too_late):
        year -= 1
    return _month_value(year, month, ref)


def _h_year(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    return _year_value(int(m["y"]), None)


HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "fourth of july": (7, 4),
    "july fourth": (7, 4),
}


def _h_holiday(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    name = " ".join(m["h"].lower().replace("’", "'").split()).removeprefix("the ")
    month, day = HOLIDAYS[name]
    return _day_of(month, day, m["y"], ref)


_REL_DAYS = {
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "this": 0,
    "last": -1,
    "earlier": 0,
    "later": 0,
    "the": -2,
}


def _h_relative_day(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    if ref is None:
        return _unknown()
    first = m["x"].split()[0].lower().replace("’", "'").removesuffix("'s")
    return _day_value(ref + dt.timedelta(days=_REL_DAYS[first]), ref)


def _h_weekday(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    if ref is None:
        return _unknown()
    weekday = WEEKDAYS[m["wd"].lower()]
    which = (m["which"] or "").lower()
    if which == "next":
        delta = -((weekday - ref.weekday()) % 7 or 7)
    else:
        delta = (ref.weekday() - weekday) % 7
        if which == "last" and delta == 0:
            delta = 7
    return _day_value(ref - dt.timedelta(days=delta), ref)


def _h_period(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    if ref is None:
        return _unknown()
    which, unit = " ".join(m["which"].lower().split()), m["unit"].lower()
    previous = which in ("last", "previous", "the previous")
    if which in ("past", "the past"):
        return _range_value(_shift(ref, unit if unit != "weekend" else "week", -1), ref, ref)
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday())
        if previous:
            return _range_value(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), ref)
        return _range_value(monday, ref, ref)
    if unit == "weekend":
        saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7 + (7 if previous else 0))
        if saturday > ref:
            saturday -= dt.timedelta(days=7)
        return _range_value(saturday, saturday + dt.timedelta(days=1), ref)
    if unit == "month":
        day = _shift(ref, "month", -1) if previous else ref
        return _month_value(day.year, day.month, ref)
    return _year_value(ref.year - 1 if previous else ref.year, ref)


_LESS = {"less than", "under", "fewer than", "within", "in"}
_MORE = {"more than", "over", "at least", "upwards of"}


def _h_ago(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    if ref is None:
        return _unknown()
    amount, unit = _number(m["num"]), m["unit"].lower()
    point = _shift(ref, unit, -amount)
    comparison = " ".join((m["cmp"] or "").lower().split())
    if comparison in _LESS:
        return _range_value(point, ref, ref)
    if comparison in _MORE:
        start = min(_shift(ref, "year", -OPEN_START_YEARS), _shift(ref, unit, -2 * amount))
        return _range_value(start, point, ref)
    if unit == "day":
        return _day_value(point, ref)
    if unit == "week":
        return TimeValue(point.isoformat(), point - WEEKS_SLACK, point + WEEKS_SLACK, "day", ref)
    if unit == "month":
        return _month_value(point.year, point.month, ref)
    return _year_value(point.year, ref)


def _h_within(m: re.Match[str], ref: dt.date | None) -> TimeValue | None:
    if ref is None:
        return _unknown()
    amount = _number(m["num"]) if m["num"] else 1
    return _range_value(_shift(ref, m["unit"].lower(), -amount), ref, ref)


# ---------------------------------------------------------------------- the grammar
@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    relative_day: bool = False  # may merge with a following absolute date


def _rule(name: str, pattern: str, handler: Handler, relative_day: bool = False) -> _Rule:
    return _Rule(name, re.compile(pattern), handler, relative_day)


_DASH = r"\s*(?:-|–|—|(?i:to|and|until|till|through))\s*"
_RULES: tuple[_Rule, ...] = (
    _rule(
        "iso",
        r"(?<![\d-])(?P<y>1[89]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?![\d-])",
        _h_iso,
    ),
    _rule(
        "numeric",
        r"(?<![\d./])(?P<d>[0-3]?\d)(?P<sep>[./])(?P<m>[0-3]?\d)(?P=sep)"
        r"(?P<y>1[89]\d\d|20\d\d)(?!\d)",
        _h_numeric,
    ),
    _rule(
        "day_month",
        rf"{_DAY_MOD}{_WD_PREFIX}{_day('d')}(?:\s+of)?\s+{_mon('m')}"
        rf"(?:,?\s+{_year('y')})?",
        _h_day_month,
    ),
    _rule(
        "month_day",
        rf"{_DAY_MOD}{_WD_PREFIX}{_mon('m')}\s+(?:the\s+)?{_day('d')}"
        rf"(?:,?\s+{_year('y')})?",
        _h_day_month,
    ),
    _rule(
        "day_range",
        rf"(?:(?i:between|from)\s+)?(?:the\s+)?{_day('d1')}(?:\s+(?:of\s+)?"
        rf"{_mon('m1')})?(?:,?\s+{_year('y1')})?{_DASH}(?:the\s+)?{_day('d2')}(?:\s+of)?\s+"
        rf"{_mon('m2')}(?:,?\s+{_year('y2')})?",
        _h_day_range,
    ),
    _rule(
        "month_day_range",
        rf"(?:(?i:between|from)\s+)?{_mon('m1')}\s+{_day('d1')}{_DASH}"
        rf"(?:{_mon('m2')}\s+)?{_day('d2')}(?:,?\s+{_year('y2')})?(?P<y1>)",
        _h_day_range,
    ),
    _rule("month_year", rf"{_MONTH_MOD}{_mon('m')},?\s+(?:of\s+)?{_year('y')}", _h_month_year),
    _rule(
        "month",
        rf"(?:\b{_PREP}\s+|\b(?P<which>(?i:last|this|past))\s+)(?:the\s+)?"
        rf"(?P<x>{_MONTH_MOD}{_mon('m')})(?![\w-])(?!\s*\d)",
        _h_month,
    ),
    _rule(
        "year",
        rf"(?:\b{_PREP}\s+(?:the\s+(?:year\s+)?)?|\b(?i:year)\s+)(?P<x>"
        rf"(?:(?i:early|late|mid)\s*-?\s*)?{_year('y')})(?![-–/]\d)",
        _h_year,
    ),
    _rule(
        "holiday",
        rf"\b(?P<h>(?i:new\s+year(?:'s|’s)\s+(?:eve|day)|christmas(?:\s+(?:eve|day))?|halloween"
        rf"|valentine(?:'s|’s)\s+day|(?:the\s+)?fourth\s+of\s+july|july\s+fourth))"
        rf"(?:,?\s+{_year('y')})?(?![\w'’])",
        _h_holiday,
    ),
    _rule(
        "relative_day",
        rf"\b(?P<x>(?i:(?:earlier|later)\s+today|(?:yesterday|today|tomorrow)"
        rf"{_APOS}(?:\s+(?:morning|afternoon|evening|night))?|tonight{_APOS}|this\s+(?:morning"
        rf"|afternoon|evening)|last\s+night|the\s+day\s+before\s+yesterday))(?![\w'’])",
        _h_relative_day,
        relative_day=True,
    ),
    _rule(
        "weekday",
        rf"(?:\b(?i:on)\s+)?(?P<x>(?:\b(?P<which>(?i:last|this|past|next))\s+)?"
        rf"\b(?P<wd>{_WEEKDAY_ALT})(?:\s+(?i:morning|afternoon|evening|night))?)(?![\w'’])",
        _h_weekday,
        relative_day=True,
    ),
    _rule(
        "period",
        r"\b(?P<x>(?P<which>(?i:last|this|past|previous|earlier\s+this|"
        r"the\s+previous|the\s+past))\s+(?P<unit>(?i:week|weekend|month|year)))\b",
        _h_period,
    ),
    _rule(
        "ago",
        rf"\b(?P<x>(?:(?P<cmp>(?i:less\s+than|fewer\s+than|under|more\s+than|over|"
        rf"at\s+least|almost|nearly|about|around|some|roughly|approximately))\s+)?"
        rf"(?P<num>\d{{1,3}}|(?i:{_NUM_ALT}))\s+(?i:{_UNIT})\s+(?i:ago))\b",
        _h_ago,
    ),
    _rule(
        "within",
        rf"\b(?P<x>(?P<cmp>(?i:in|within|over|during))\s+the\s+(?i:past|last)\s+"
        rf"(?:(?P<num>\d{{1,3}}|(?i:{_NUM_ALT}))\s+)?(?i:{_UNIT}))\b",
        _h_within,
    ),
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: TimeValue
    relative_day: bool


def _candidates(text: str, reference: dt.date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for rule in _RULES:
        for match in rule.regex.finditer(text):
            value = rule.handler(match, reference)
            if value is None:
                continue
            group = "x" if "x" in rule.regex.groupindex else 0
            start, end = match.span(group)
            found.append(_Candidate(start, end, value, rule.relative_day))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longer ones first, in text order."""
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


_JOIN = re.compile(r"\s*,?\s*(?:(?i:on|at)\s+)?(?:the\s+)?")
_WEEKDAY_AFTER = re.compile(rf"\s*,?\s*\(?(?:{_WEEKDAY_ALT})\)?")


def _merge(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """A relative day followed by the date it names becomes one, more specific, expression."""
    merged: list[_Candidate] = []
    for cand in chosen:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.relative_day
            and not cand.relative_day
            and cand.value.precision == "day"
            and _JOIN.fullmatch(text, prev.end, cand.start)
        ):
            merged[-1] = _Candidate(prev.start, cand.end, cand.value, False)
        elif (
            prev is not None
            and cand.relative_day
            and not prev.relative_day
            and prev.value.precision == "day"
            and _WEEKDAY_AFTER.fullmatch(text, prev.end, cand.end)
        ):  # "13 July 2024, Saturday": the weekday names the same day
            merged[-1] = _Candidate(prev.start, cand.end, prev.value, False)
        else:
            merged.append(cand)
    return merged


def find_times(text: str, reference: dt.date | None) -> list[tuple[int, int, TimeValue]]:
    """Time expressions in ``text`` as (start, end, value), non-overlapping, in text order."""
    chosen = _merge(text, _select(_candidates(text, reference)))
    return [(c.start, c.end, c.value) for c in chosen]


def normalise(expression: str, reference: dt.date | None) -> TimeValue | None:
    """The value of one isolated time expression, or None if it is not one."""
    found = find_times(expression, reference)
    if not found:
        return None
    start, end, value = max(found, key=lambda item: item[1] - item[0])
    covered = expression[:start] + expression[end:]
    return value if len(covered.strip(" ,.")) <= len(expression.strip()) // 2 else None


def month_day(expression: str) -> str | None:
    """``MM-DD`` of a day named without its year ("on 14 July", "July 4"): two reports that
    name different days of the year cannot be about one day, whatever the year."""
    for rule in _RULES:
        if rule.name not in ("day_month", "month_day"):
            continue
        match = rule.regex.search(expression)
        if match is None or match["y"]:
            continue
        month, day = _month_number(match["m"]), int(match["d"])
        if month is not None and _safe_date(2000, month, day) is not None:
            return f"{month:02d}-{day:02d}"
    return None


def url_date(url: str | None) -> dt.date | None:
    """The day a web address names in its path (``/2023/07/04/``, ``/2021-07-14/``,
    ``20230704``): news sites file a page under the day it was published
    (:func:`khronika.domain.addresses.address_day`, the one reader of addresses' dates)."""
    return address_day(url)
