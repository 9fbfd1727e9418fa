"""The one reader of the dates web addresses state (ingest, the time steps, the link profile)."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.domain.addresses import AddressDate, address_date, address_day
from khronika.extract.languages.dates import url_reference
from khronika.extract.timex import url_date
from khronika.ingest import date_from_url


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.org/articles/2023/07/04/a-title", dt.date(2023, 7, 4)),
        ("https://example.org/story/2021-07-14/raids", dt.date(2021, 7, 14)),
        ("https://example.org/2021_07_14_raids", dt.date(2021, 7, 14)),
        ("https://example.org/2021.07.14/raids", dt.date(2021, 7, 14)),
        ("https://cnnphilippines.com/news/2019/2/13/Rappler.html", dt.date(2019, 2, 13)),
        ("https://belsat.eu/ru/programs/16-02-2021-operatsiya-obysk", dt.date(2021, 2, 16)),
        ("https://www.france24.com/en/20180227-slovakia-crime", dt.date(2018, 2, 27)),
        ("https://example.org/ct-boy-shot-20160321-story.html", dt.date(2016, 3, 21)),
    ],
)
def test_every_reader_reads_the_day_an_address_states(url: str, day: dt.date) -> None:
    assert address_date(url) == AddressDate(day, month_only=False)
    assert address_day(url) == url_date(url) == date_from_url(url) == day
    found = url_reference(url)
    assert found is not None
    assert (found.date, found.month_only) == (day, False)


def test_a_month_alone_is_its_last_day_for_the_languages_and_no_day_for_the_others() -> None:
    url = "https://example.org/news/2018/6/123.html"
    assert address_date(url) == AddressDate(dt.date(2018, 6, 30), month_only=True)
    assert address_day(url) is None
    assert url_date(url) is None
    assert date_from_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://example.org/news/576927",
        "https://example.org/2021/13/40/x",  # no such month or day
        "https://example.org/2021-02-30/x",
        "https://example.org/2999/01/01/x",  # after today
        "https://example.org/id/120190213",  # digits around: an id, not a date
    ],
)
def test_no_date_where_the_address_states_none(url: str | None) -> None:
    assert address_date(url) is None
    assert url_date(url) is None
    assert date_from_url(url) is None
