"""Dates in reports not in English: a small grammar over the CLDR month and weekday names.

Month and weekday names come from babel's CLDR tables (every form: format and stand-alone,
wide and abbreviated, so Russian "июля" and "июль" both count), plus ``data/months_extra.tsv``
for names CLDR does not give (the Levantine Arabic months). A date is day + month (+ year),
month + year, a numeric day date (15.07.2009, 2009-07-15), a year, a weekday ("в среду",
"el lunes") or yesterday / today. Dates without a year and weekdays are resolved against the
report's reference date: the latest such date not after it. Without a reference a day and
month is kept without its value (precision ``unknown``; :func:`month_day` reads its day of the
year back, which still rules out other days of the year when linking) and a weekday is left
out (a year is never guessed). A reference known only to its month (an address's /2018/6/)
makes a weekday or "yesterday" a range: any such day of that month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ...domain.addresses import address_date
from ...model import UNKNOWN_TIME, TimeValue

DATA = resources.files("khronika.domain") / "data"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
RELATIVE = {  # yesterday / today, by language: days before the reference date
    "ru": {"вчера": 1, "сегодня": 0, "позавчера": 2},
    "es": {"ayer": 1, "hoy": 0, "anteayer": 2},
    "fr": {"hier": 1, "aujourd'hui": 0, "avant-hier": 2},
    "tr": {"dün": 1, "bugün": 0},
    "ar": {"أمس": 1, "الأمس": 1, "اليوم": 0},
}
YEAR_WORDS = r"(?:\s*(?:года|год|г\.|yılında|yılı|م))?"


def western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as 0-9, one character for one (offsets kept)."""
    return text.translate(_DIGITS)


WEEK_DAYS = 6
UNKNOWN = UNKNOWN_TIME


@dataclass(frozen=True)
class Reference:
    """What relative dates are resolved against; ``month_only``: only its month is known
    (the day is the month's last)."""

    date: dt.date
    month_only: bool = False


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    time: TimeValue


@cache
def month_names(code: str) -> dict[str, int]:
    """Every name of every month in a language, lower-cased, to its number."""
    from babel import Locale

    locale = Locale.parse(code)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                key = name.lower().rstrip(".")
                if len(key) >= 3:
                    names.setdefault(key, int(number))
    if code == "ru":  # "в июле", "в марте", "в мае": the prepositional after в
        for name, number in list(names.items()):
            if name[-1] in "яа" and len(name) >= 3:
                names.setdefault(name[:-1] + "е", number)
    for line in (DATA / "months_extra.tsv").read_text(encoding="utf-8").splitlines()[4:]:
        language, number, alternatives = line.split("\t")
        if language == code:
            for name in alternatives.split("|"):
                names.setdefault(name, int(number))
    return names


@cache
def weekday_names(code: str) -> dict[str, int]:
    """Every wide name of every weekday (Monday = 0), lower-cased; Russian accusative too."""
    from babel import Locale

    locale = Locale.parse(code)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in locale.days[context]["wide"].items():
            names.setdefault(name.lower(), int(number))
    if code == "ru":  # "в среду", "в пятницу", "в субботу": the accusative after в
        for name, number in list(names.items()):
            if name.endswith("а"):
                names.setdefault(name[:-1] + "у", number)
    return names


def _alternation(names: dict[str, int]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _patterns(code: str) -> dict[str, re.Pattern[str]]:
    months = _alternation(month_names(code))
    month = rf"(?P<month>{months})(?:\s*/\s*(?:{months}))?"
    of = r"(?:\s+(?:de|del))?"
    year = rf"(?:,?{of}\s+(?P<year>(?:19|20)\d\d)){YEAR_WORDS}"
    days = _alternation(weekday_names(code))
    relative = _alternation({k: v for k, v in RELATIVE.get(code, {}).items()})
    flags = re.IGNORECASE
    return {
        "day_month": re.compile(
            rf"(?<!\d)(?P<day>[0-3]?\d)(?:-?(?:го|ого|er|ª))?{of}\s+{month}\b(?:{year})?", flags
        ),
        "month_year": re.compile(rf"(?<![\w\d]){month}{year}", flags),
        "numeric": re.compile(
            r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)(?!\d)"
            r"|(?<!\d)(?P<iyear>(?:19|20)\d\d)-(?P<imonth>[01]\d)-(?P<iday>[0-3]\d)(?!\d)"
        ),
        "weekday": re.compile(rf"(?<!\w)(?P<weekday>{days})(?!\w)", flags),
        "relative": re.compile(rf"(?<!\w)(?P<relative>{relative})(?!\w)", flags)
        if relative
        else re.compile(r"(?!x)x"),
        "year": re.compile(r"(?<![\d./-])(?P<year>(?:19|20)\d\d)(?![\d./-])"),
    }


def find_dates(text: str, code: str, reference: dt.date | Reference | None) -> list[FoundDate]:
    """Every date the text states, longest first where two overlap, in text order."""
    if isinstance(reference, dt.date):
        reference = Reference(reference)
    plain = western_digits(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(code).items():
        for match in pattern.finditer(plain):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            time = _value(kind, match, code, reference)
            if time is not None:
                found.append(FoundDate(match.start(), match.end(), time))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _value(kind: str, match: re.Match[str], code: str, known: Reference | None) -> TimeValue | None:
    groups = match.groupdict()
    reference = known.date if known is not None else None
    if kind == "numeric":
        if groups.get("iyear"):
            return _day(int(groups["iyear"]), int(groups["imonth"]), int(groups["iday"]), reference)
        return _day(int(groups["year"]), int(groups["month"]), int(groups["day"]), reference)
    if kind == "year":
        alone = int(groups["year"])
        return TimeValue(
            str(alone), dt.date(alone, 1, 1), dt.date(alone, 12, 31), "year", reference
        )
    if kind in ("weekday", "relative"):
        return _relative(kind, groups, code, known)
    month = month_names(code)[groups["month"].lower()]
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "month_year":
        assert year is not None
        last = calendar.monthrange(year, month)[1]
        return TimeValue(
            f"{year}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last), "month",
            reference,
        )  # fmt: skip
    day = int(groups["day"])
    if year is None:
        year = _latest_year(month, day, reference)
        if year is None:  # kept, without its year: see month_day
            return UNKNOWN if _day(2000, month, day, None) else None
    return _day(year, month, day, reference)


def _day(year: int, month: int, day: int, reference: dt.date | None) -> TimeValue | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return TimeValue(date.isoformat(), date, date, "day", reference)


def _latest_year(month: int, day: int, reference: dt.date | None) -> int | None:
    """The year of the latest such day not after the reference (a day later in the year than
    the reference is last year's)."""
    if reference is None:
        return None
    if (month, day) <= (reference.month, reference.day):
        return reference.year
    return reference.year - 1


def _relative(
    kind: str, groups: dict[str, str], code: str, known: Reference | None
) -> TimeValue | None:
    if known is None:  # a weekday is kept without its value: see weekday_of
        return UNKNOWN if kind == "weekday" else None
    reference = known.date
    if known.month_only:  # some such day of the month (or the week before it)
        first = reference.replace(day=1) - dt.timedelta(days=WEEK_DAYS)
        return TimeValue(None, first, reference, "range", reference)
    if kind == "relative":
        back = RELATIVE[code][groups["relative"].lower()]
    else:
        weekday = weekday_names(code)[groups["weekday"].lower()]
        back = (reference.weekday() - weekday) % 7
    date = reference - dt.timedelta(days=back)
    return TimeValue(date.isoformat(), date, date, "day", reference)


def weekday_of(quote: str, code: str) -> int | None:
    """The weekday (Monday = 0) a quote names alone ("в среду", "الثلاثاء"), else None."""
    if code not in ("ru", "es", "fr", "tr", "ar"):
        return None
    match = _patterns(code)["weekday"].search(quote)
    return weekday_names(code)[match["weekday"].lower()] if match else None


def any_month_day(quote: str) -> str | None:
    """``MM-DD`` of a day written without its year in English or another language."""
    from ..timex import month_day as english

    found = english(quote)
    for code in ("ru", "es", "fr", "tr", "ar"):
        found = found or month_day(quote, code)
    return found


def month_day(quote: str, code: str) -> str | None:
    """``MM-DD`` of a day and month written without a year ("4 июля"), else None."""
    if code not in ("ru", "es", "fr", "tr", "ar"):
        return None
    match = _patterns(code)["day_month"].search(western_digits(quote))
    if match is None or match["year"]:
        return None
    month, day = month_names(code)[match["month"].lower()], int(match["day"])
    return f"{month:02d}-{day:02d}" if _day(2000, month, day, None) else None


def url_date(url: str | None) -> dt.date | None:
    """The date a report's address states (/2017/10/16/, 16-07-2009, 20190213, /2018/6/: the
    month's last day), or None."""
    found = url_reference(url)
    return found.date if found is not None else None


def url_reference(url: str | None) -> Reference | None:
    """:func:`url_date`, and whether the address names only the month
    (:func:`khronika.domain.addresses.address_date`, the one reader of addresses' dates)."""
    found = address_date(url)
    return Reference(found.date, month_only=found.month_only) if found is not None else None


def iter_years(text: str) -> Iterator[int]:
    for match in re.finditer(r"(?<!\d)(?:19|20)\d\d(?!\d)", western_digits(text)):
        yield int(match.group())
