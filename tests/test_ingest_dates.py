"""Publication dates from metadata strings: parsed where they can be, None (never an error) where not."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from eventwire.ingest.dates import parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2020-03-16", date(2020, 3, 16)),
        ("2021-07-08T22:10:00Z", date(2021, 7, 8)),
        ("2021-05-04T23:30:00-05:00", date(2021, 5, 4)),  # the publisher's calendar day, not UTC's
        ("2018-04-20 06:15:00", date(2018, 4, 20)),
        ("Mon, 12 Jul 2021 10:00:00 GMT", date(2021, 7, 12)),
        ("Sun, 14 Aug 2022 18:45:00 +0500", date(2022, 8, 14)),
        ("12 March 2020", date(2020, 3, 12)),
        ("Nov. 12, 2015", date(2015, 11, 12)),
        (1_600_000_000, date(2020, 9, 13)),
        (1_600_000_000_000, date(2020, 9, 13)),
        (datetime(2019, 1, 2, 3, 4), date(2019, 1, 2)),
        (time.struct_time((2017, 6, 5, 0, 0, 0, 0, 156, 0)), date(2017, 6, 5)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        None,
        "not a date at all",
        "sometime last spring",
        "yesterday",
        "2020-13-45",
        "March 2020",
        "0001-01-01",
        True,
        [2020, 1, 1],
    ],
)
def test_unparseable_date_is_none(value):
    assert parse_date(value) is None
