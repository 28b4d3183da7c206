"""Date resolution against the publication date: relative weekdays, day-months without a year, months,
weeks and years, and nothing invented when the publication date is unknown."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.resolve.times import relative_day_spans, resolve_date

MON_2020_03_16 = date(2020, 3, 16)
THU_2015_11_12 = date(2015, 11, 12)


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "precision"),
    [
        ("last Sunday", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("Sunday", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("Wednesday", MON_2020_03_16, "2020-03-11", "2020-03-11", "day"),
        ("Friday night", MON_2020_03_16, "2020-03-13", "2020-03-13", "day"),
        ("last night's", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("1930 last night", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("approximately 1700 today", MON_2020_03_16, "2020-03-16", "2020-03-16", "day"),
        ("8 p.m. yesterday", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("Monday", MON_2020_03_16, "2020-03-16", "2020-03-16", "day"),
        ("Thursday", THU_2015_11_12, "2015-11-12", "2015-11-12", "day"),
        ("31 October", THU_2015_11_12, "2015-10-31", "2015-10-31", "day"),
        ("Nov. 12", THU_2015_11_12, "2015-11-12", "2015-11-12", "day"),
        ("December 25", THU_2015_11_12, "2014-12-25", "2014-12-25", "day"),
        ("the early morning hours of Nov. 12", THU_2015_11_12, "2015-11-12", "2015-11-12", "day"),
        ("March 3, 2019", None, "2019-03-03", "2019-03-03", "day"),
        ("12 November 2015", None, "2015-11-12", "2015-11-12", "day"),
        ("yesterday", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("last August", MON_2020_03_16, "2019-08-01", "2019-08-31", "month"),
        ("last August", date(2020, 9, 20), "2020-08-01", "2020-08-31", "month"),
        ("October last year", MON_2020_03_16, "2019-10-01", "2019-10-31", "month"),
        ("January", MON_2020_03_16, "2020-01-01", "2020-01-31", "month"),
        ("October 2019", None, "2019-10-01", "2019-10-31", "month"),
        ("last week", THU_2015_11_12, "2015-11-02", "2015-11-08", "week"),
        ("this week", THU_2015_11_12, "2015-11-09", "2015-11-15", "week"),
        ("last month", MON_2020_03_16, "2020-02-01", "2020-02-29", "month"),
        ("last year", MON_2020_03_16, "2019-01-01", "2019-12-31", "year"),
        ("2017", MON_2020_03_16, "2017-01-01", "2017-12-31", "year"),
        ("in 2014", None, "2014-01-01", "2014-12-31", "year"),
        ("two days ago", MON_2020_03_16, "2020-03-14", "2020-03-14", "day"),
        ("early this morning", MON_2020_03_16, "2020-03-16", "2020-03-16", "day"),
        ("0ll5 this morning", MON_2020_03_16, "2020-03-16", "2020-03-16", "day"),  # a wire copy's typo
        ("late last night", MON_2020_03_16, "2020-03-15", "2020-03-15", "day"),
        ("the last 24 hours", MON_2020_03_16, "2020-03-15", "2020-03-16", "day"),
        ("during the past 48 hours", MON_2020_03_16, "2020-03-14", "2020-03-16", "day"),
        ("during the last few hours", MON_2020_03_16, "2020-03-15", "2020-03-16", "day"),
    ],
)
def test_resolves(text: str, published: date | None, start: str, end: str, precision: str) -> None:
    info = resolve_date(text, published)
    assert (info.start.isoformat(), info.end.isoformat(), info.precision) == (start, end, precision)
    assert info.text == text


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("approximately 1700", MON_2020_03_16),  # a clock time alone is no day (nor the year 1700)
        ("Sunday", None),  # a weekday without a publication date: no day may be invented
        ("31 October", None),
        ("last August", None),
        ("last week", None),
        ("a grim week", MON_2020_03_16),
        ("recent months", MON_2020_03_16),
        ("the early morning hours", MON_2020_03_16),
        ("the last 24 hours", None),
        ("the first day of today", MON_2020_03_16),  # words before "today" that do not place it in the day
        ("", MON_2020_03_16),
    ],
)
def test_stays_unknown(text: str, published: date | None) -> None:
    info = resolve_date(text, published)
    assert info.start is None and info.precision == "unknown"


def test_never_resolves_into_the_future() -> None:
    info = resolve_date("20 November", THU_2015_11_12)
    assert info.start is not None and info.start <= THU_2015_11_12


def test_relative_days_are_found_in_running_text() -> None:
    text = "at approximately 1700 today a bomb exploded; yesterday's attack and last night's were worse"
    assert [text[a:b] for a, b in relative_day_spans(text)] == ["today", "yesterday", "last night"]
