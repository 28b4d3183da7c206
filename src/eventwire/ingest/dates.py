"""Publication dates given as strings, numbers or struct_time → datetime.date, or None when unreadable.

A bad date in one record of a news dump should cost that record its date, not the record itself, so every
failure here is None, never an exception. The calendar date is the one written in the source's own time
zone ("2021-05-04T23:30-05:00" is 4 May): that is the day the outlet published, which relative dates in the
text ("on Monday") are resolved against.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_date(value: Any) -> date | None:
    """ISO 8601, RFC 822/2822, epoch seconds or milliseconds, or anything dateparser reads with day, month
    and year all present; None for an empty, relative ("yesterday") or unparseable value or a year outside
    1900-2100."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if isinstance(value, time.struct_time):
        return _safe(lambda: date(value.tm_year, value.tm_mon, value.tm_mday))
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) > 1e11 else value
        return _safe(lambda: datetime.fromtimestamp(seconds, tz=UTC).date())
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    m = _ISO_DAY.match(text)
    if m:
        return _safe(lambda: date(int(m[1]), int(m[2]), int(m[3])))
    for parse in (_rfc822, datetime.fromisoformat, _dateparser):
        parsed = _safe(lambda p=parse: p(text))
        if parsed is not None:
            return parsed
    return None


def read_published(raw: Any, fallback: date | None, warnings: list[str]) -> date | None:
    """`parse_date(raw)`, else `fallback`; a value that was given but cannot be used (a month 13, a year
    2999) adds a line to `warnings`, so the ingest report says the date was dropped."""
    found = parse_date(raw)
    if found is None and raw is not None and str(raw).strip():
        warnings.append(
            f"published date {str(raw)[:40]!r} is no readable date in {_MIN_YEAR}-{_MAX_YEAR}; dropped"
        )
    return found or fallback


def _rfc822(text: str) -> date:
    return parsedate_to_datetime(text).date()


def _dateparser(text: str) -> date | None:
    # A metadata date with no digit is relative ("yesterday", "2 hours ago": relative to what?) or junk.
    if not any(ch.isdigit() for ch in text):
        return None
    # Imported here: dateparser takes about a second to load, and most inputs never need it.
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed else None


def _safe(make: Any) -> date | None:
    try:
        result = make()
    except (ValueError, TypeError, OverflowError, OSError, IndexError):
        return None
    if isinstance(result, datetime):
        result = result.date()
    return _plausible(result) if isinstance(result, date) else None


def _plausible(day: date) -> date | None:
    return day if _MIN_YEAR <= day.year <= _MAX_YEAR else None
