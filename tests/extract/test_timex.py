"""Time expressions normalised against the report's date, with precision and interval."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.extract.timex import find_times, normalise
from khronika.model import TimeValue

REF = dt.date(2015, 6, 4)  # a Thursday
D = dt.date


def _one(text: str, reference: dt.date | None = REF) -> tuple[str, TimeValue]:
    found = find_times(text, reference)
    assert len(found) == 1, found
    start, end, value = found[0]
    return text[start:end], value


def _norm(expression: str, reference: dt.date | None = REF) -> TimeValue:
    value = normalise(expression, reference)
    assert value is not None, expression
    return value


@pytest.mark.parametrize(
    "text", ["3 June", "June 3", "3rd of June", "the 3rd of June", "Wednesday, 3 June", "June 3rd"]
)
def test_day_month_takes_the_reference_year(text: str) -> None:
    value = _norm(text)
    assert (value.value, value.precision) == ("2015-06-03", "day")
    assert value.earliest == value.latest == D(2015, 6, 3)
    assert value.reference == REF


def test_day_month_is_the_most_recent_not_after_the_reference() -> None:
    assert _norm("20 November").value == "2014-11-20"
    assert _norm("20 July").value == "2014-07-20"  # after the reference: last year's
    assert _norm("4 June").value == "2015-06-04"  # the reference's own day
    assert _norm("on July 4", D(2016, 7, 5)).value == "2016-07-04"
    assert _norm("3 June", D(2016, 1, 10)).value == "2015-06-03"


@pytest.mark.parametrize(
    "text",
    [
        "13th December 2014",
        "December 13, 2014",
        "13 Dec. 2014",
        "Saturday, 13 December 2014",
        "13 of December 2014",
    ],
)
def test_full_dates_are_absolute(text: str) -> None:
    value = _norm(text)
    assert (value.value, value.precision, value.reference) == ("2014-12-13", "day", None)


def test_late_on_a_day() -> None:
    span, value = _one("The office burned late on December 13, the group said.")
    assert span == "late on December 13"
    assert value.value == "2014-12-13"


def test_month_precision() -> None:
    value = _norm("December 2014")
    assert (value.value, value.precision) == ("2014-12", "month")
    assert (value.earliest, value.latest) == (D(2014, 12, 1), D(2014, 12, 31))
    assert _norm("in late February 2015").value == "2015-02"
    in_december = _norm("in December")
    assert (in_december.value, in_december.reference) == ("2014-12", REF)
    assert _norm("last December").value == "2014-12"


def test_year_precision() -> None:
    span, value = _one("Activists were threatened in 2014 and fled.")
    assert span == "2014"
    assert (value.value, value.precision) == ("2014", "year")
    assert (value.earliest, value.latest) == (D(2014, 1, 1), D(2014, 12, 31))
    assert _norm("since 2009").value == "2009"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", D(2015, 6, 3)),
        ("yesterday's", D(2015, 6, 3)),
        ("today", REF),
        ("today's", REF),
        ("Today", REF),
        ("earlier today", REF),
        ("tonight", REF),
        ("this morning", REF),
        ("last night", D(2015, 6, 3)),
        ("yesterday evening", D(2015, 6, 3)),
        ("the day before yesterday", D(2015, 6, 2)),
        ("three days ago", D(2015, 6, 1)),
        ("a day ago", D(2015, 6, 3)),
    ],
)
def test_relative_days(text: str, expected: dt.date) -> None:
    value = _norm(text)
    assert (value.value, value.precision) == (expected.isoformat(), "day")
    assert value.reference == REF


def test_relative_day_spans_in_a_sentence() -> None:
    span, value = _one("In yesterday's statement the NGO asked for protection.")
    assert span == "yesterday's"
    assert value.value == "2015-06-03"


def test_weekdays() -> None:
    assert _norm("on Tuesday").value == "2015-06-02"
    assert _norm("on Thursday").value == "2015-06-04"  # the reference day itself
    assert _norm("last Thursday").value == "2015-05-28"
    assert _norm("on Friday").value == "2015-05-29"
    assert _norm("Sunday night").value == "2015-05-31"
    span, _ = _one("Police came on Tuesday but left.")
    assert span == "Tuesday"


def test_last_and_this_periods() -> None:
    week = _norm("last week")
    assert (week.precision, week.value) == ("range", None)
    assert (week.earliest, week.latest) == (D(2015, 5, 25), D(2015, 5, 31))
    this_week = _norm("earlier this week")
    assert (this_week.earliest, this_week.latest) == (D(2015, 6, 1), REF)
    month = _norm("last month")
    assert (month.value, month.precision) == ("2015-05", "month")
    assert _norm("last month", D(2015, 1, 15)).value == "2014-12"
    assert _norm("last year").value == "2014"
    assert _norm("this year").value == "2015"


def test_weeks_ago_is_an_approximate_day() -> None:
    for text in ("two weeks ago", "2 weeks ago"):
        value = _norm(text)
        assert (value.value, value.precision) == ("2015-05-21", "day")
        assert (value.earliest, value.latest) == (D(2015, 5, 18), D(2015, 5, 24))


def test_months_and_years_ago() -> None:
    assert _norm("six months ago").value == "2014-12"
    assert _norm("a year ago").value == "2014"


def test_less_than_and_more_than_ago() -> None:
    less = _norm("less than six months ago")
    assert (less.precision, less.earliest, less.latest) == ("range", D(2014, 12, 4), REF)
    more = _norm("more than a year ago")
    assert (more.precision, more.earliest, more.latest) == ("range", D(2010, 6, 4), D(2014, 6, 4))
    past = _norm("in the past two weeks")
    assert (past.earliest, past.latest) == (D(2015, 5, 21), REF)


def test_day_ranges() -> None:
    value = _norm("between 1 and 5 March 2015")
    assert (value.precision, value.value) == ("range", None)
    assert (value.earliest, value.latest) == (D(2015, 3, 1), D(2015, 3, 5))
    value = _norm("from 1 to 5 March")
    assert (value.earliest, value.latest, value.reference) == (D(2015, 3, 1), D(2015, 3, 5), REF)
    value = _norm("from 30 April to 2 May 2015")
    assert (value.earliest, value.latest) == (D(2015, 4, 30), D(2015, 5, 2))
    value = _norm("March 30 - April 2, 2015")
    assert (value.earliest, value.latest) == (D(2015, 3, 30), D(2015, 4, 2))


@pytest.mark.parametrize("text", ["03.06.2015", "03/06/2015", "3/6/2015", "2015-06-03"])
def test_numeric_dates_are_day_first(text: str) -> None:
    value = _norm(text)
    assert (value.value, value.precision, value.reference) == ("2015-06-03", "day", None)


def test_numeric_date_month_first_when_only_that_is_valid() -> None:
    assert _norm("06/13/2015").value == "2015-06-13"
    assert normalise("45/13/2015", REF) is None


def test_relative_day_with_its_date_is_one_expression() -> None:
    text = "Masked men came earlier today on 3 June, witnesses said."
    span, value = _one(text)
    assert span == "earlier today on 3 June"
    assert (value.value, value.precision) == ("2015-06-03", "day")
    span, value = _one("It happened yesterday, 2 June.")
    assert (span, value.value) == ("yesterday, 2 June", "2015-06-02")


def test_several_expressions_in_text_order() -> None:
    text = (
        "The office was set on fire on 13 December 2014; six months later, on Tuesday, "
        "armed men returned. A statement followed yesterday."
    )
    found = find_times(text, REF)
    assert [text[s:e] for s, e, _ in found] == ["13 December 2014", "Tuesday", "yesterday"]
    assert [v.value for _, _, v in found] == ["2014-12-13", "2015-06-02", "2015-06-03"]
    starts = [s for s, _, _ in found]
    assert starts == sorted(starts)


def test_without_reference_relative_is_unknown() -> None:
    for text in ("yesterday", "on Tuesday", "two weeks ago", "3 June", "last month"):
        value = _norm(text, None)
        assert (value.precision, value.value, value.known) == ("unknown", None, False)
    assert _norm("13 December 2014", None).value == "2014-12-13"


@pytest.mark.parametrize(
    "text",
    [
        "You may be detained if you go there.",
        "They will March on the capital.",
        "The Secretary general spoke.",
        "We said the Sun was out.",
        "Two staff members fled.",
        "He received 2 staff members and 2015 leaflets.",
        "The office is at 13 Main Street.",
        "Sept members of the sept met.",
        "Article 5 of the code",
        "It costs 12.50 today?",
    ],
)
def test_false_positives(text: str) -> None:
    found = find_times(text, REF)
    assert all(
        value.precision == "day" and text[s:e].lower() == "today" for s, e, value in found
    ), found


def test_normalise_rejects_non_expressions() -> None:
    assert normalise("the masked men", REF) is None
    assert normalise("2015", REF) is None
    assert normalise("May", REF) is None


@pytest.mark.parametrize(
    ("text", "reference", "day"),
    [
        ("on New Year's Eve", D(2017, 1, 17), "2016-12-31"),
        ("on Christmas Day", D(2015, 12, 26), "2015-12-25"),
        ("on the Fourth of July", D(2016, 7, 5), "2016-07-04"),
        ("on Halloween 2014", D(2016, 7, 5), "2014-10-31"),
    ],
)
def test_fixed_holidays(text: str, reference: dt.date, day: str) -> None:
    value = _norm(text, reference)
    assert (value.value, value.precision) == (day, "day")


def test_a_day_without_its_year_and_the_day_a_web_address_names() -> None:
    from khronika.extract.timex import month_day, url_date

    assert month_day("On July 4") == "07-04"
    assert month_day("on 14 July") == "07-14"
    assert month_day("14 July 2021") is None
    assert month_day("February 30") is None
    assert month_day("last Tuesday") is None
    assert url_date("https://example.org/articles/2023/07/04/a-title") == dt.date(2023, 7, 4)
    assert url_date("https://example.org/story/2021-07-14/raids") == dt.date(2021, 7, 14)
    assert url_date("https://example.org/news/576927") is None
    assert url_date("https://example.org/2021/13/40/x") is None
    assert url_date(None) is None
