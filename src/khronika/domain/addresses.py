"""The date a web address states: news sites file a page under the day (or the month) it was
published. One reader for ingest (a report's publication date when its page gives none), the
English time step and the other languages' dates (what relative dates are resolved against),
and the link profile.

Written as ``/2017/10/16/``, ``/2021-07-14/``, ``/2021_07_14``, ``/2021.07.14``,
``16-07-2009``, ``20190213``, or ``/2018/6/`` (only the month: the month's last day, marked
``month_only``). A date that does not exist or is after today is no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple


class AddressDate(NamedTuple):
    date: dt.date
    month_only: bool  # the address names only the month (the date is its last day)


_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DAYS = (
    re.compile(rf"(?<!\d){_YEAR}(?P<s>[/_.-])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)"),
    re.compile(rf"(?<!\d)(?P<d>[0-3]\d)-(?P<m>[01]\d)-{_YEAR}(?!\d)"),
    re.compile(rf"(?<!\d){_YEAR}(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)
_MONTH = re.compile(rf"/{_YEAR}/(?P<m>[01]?\d)/")


def address_date(url: str | None) -> AddressDate | None:
    """The first date the address states (a day before a month alone), or None."""
    if not url:
        return None
    for pattern in _DAYS:
        for match in pattern.finditer(url):
            day = past_day(int(match["y"]), int(match["m"]), int(match["d"]))
            if day is not None:
                return AddressDate(day, month_only=False)
    for match in _MONTH.finditer(url):
        year, month = int(match["y"]), int(match["m"])
        if 1 <= month <= 12:
            last = past_day(year, month, calendar.monthrange(year, month)[1])
            if last is not None:
                return AddressDate(last, month_only=True)
    return None


def address_day(url: str | None) -> dt.date | None:
    """The day the address states, or None (None too when it names only a month)."""
    found = address_date(url)
    return found.date if found is not None and not found.month_only else None


def past_day(year: int, month: int, day: int) -> dt.date | None:
    """That day, if it is a day of the calendar and not after today."""
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if value <= dt.date.today() else None
