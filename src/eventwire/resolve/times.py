"""Dates onto the calendar: a DATE/TIME span of a report, resolved against the report's publication date.

Why rules first and dateparser second: news prose dates events relative to the day the report came out
("on Sunday", "last August", "in October last year"); dateparser resolves some of these forwards or not at
all, and on raw text it reads "we" as Wednesday and "47" as 1947. So the rules below cover the relative forms
(always looking backwards from publication: a report tells what has happened), and dateparser only sees the
short spans spaCy tagged DATE/TIME, cached. Without a publication date nothing is invented: a weekday or a
day-month without a year stays "unknown" (text kept), a bare year stays a year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from eventwire import lexicon
from eventwire.models import DateInfo

LEXICON = lexicon.load()

__all__ = ["relative_day_spans", "resolve_date"]

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE})?\b", re.I
)
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR_RE})?", re.I)
_MONTH_ONLY = re.compile(
    rf"\b(?P<last>last\s+|this\s+past\s+|past\s+)?{_MONTH_RE}(?:\s+(?P<lastyear>last\s+year))?(?:,?\s+{_YEAR_RE})?\b",
    re.I,
)
_WEEKDAY = re.compile(
    r"\b(?P<last>last\s+|this\s+past\s+|past\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_YEAR_ONLY = re.compile(rf"^(?:in\s+|since\s+|during\s+|early\s+|late\s+|mid-?)?{_YEAR_RE}$", re.I)
_RELATIVE_UNIT = re.compile(
    r"\b(?P<which>last|this|past|previous)\s+(?P<unit>week|month|year|weekend)\b", re.I
)
_SIMPLE = LEXICON.table("relative_days")
# A clock time before a relative day ("1930 last night", "at approximately 1700 today", "8 p.m. yesterday")
# says nothing more about the day; wire copy (MUC-4's EFE and Radio reports) writes times this way.
_CLOCK_PREFIX = re.compile(
    r"^(?:at\s+)?(?:approximately\s+|about\s+|around\s+)?"
    r"(?:\d{3,4}(?:\s*(?:hours|hrs|gmt|local time))?|\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?))\s+",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s?$")
# What may stand before a relative day and leave it the day it says ("early this morning", "0115 this
# morning", "late last night"): qualifiers of the time of day, and clock times (digits, as wire copy and its
# typos write them: "0ll5").
_TIME_OF_DAY_WORDS = frozenset(
    {"early", "late", "at", "about", "around", "approximately", "shortly", "before"}
)
# "in the last 24 hours", "during the past 48 hours": the days up to publication that the hours cover.
_LAST_HOURS = re.compile(
    r"^(?:in\s+|during\s+|over\s+|within\s+)?(?:the\s+)?(?:last|past|previous)\s+"
    r"(?P<n>\d{1,2}|twenty-four|forty-eight|seventy-two|few|several)\s+hours$"
)
_HOUR_WORDS = {"twenty-four": 24, "forty-eight": 48, "seventy-two": 72, "few": 24, "several": 24}


def _only_time_of_day(prefix: str) -> bool:
    """Whether the words before a relative day only place it within that day (module constants above)."""
    words = prefix.split()
    return len(words) <= 3 and all(w in _TIME_OF_DAY_WORDS or any(c.isdigit() for c in w) for w in words)


def _hours(n: str) -> int:
    return _HOUR_WORDS.get(n) or int(n)


_VAGUE = re.compile(
    r"\b(recent|coming|next|past few|several|weeks|months|years|decades|era|time|minutes?|hours?|seconds?"
    r"|old|long|-year)\b|\d+-(minute|hour|second|year|day)",
    re.I,
)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day(d: date, text: str) -> DateInfo:
    return DateInfo(start=d, end=d, precision="day", text=text)


def _month(year: int, month: int, text: str) -> DateInfo:
    start, end = _month_range(year, month)
    return DateInfo(start=start, end=end, precision="month", text=text)


def _year(year: int, text: str) -> DateInfo:
    return DateInfo(start=date(year, 1, 1), end=date(year, 12, 31), precision="year", text=text)


def _latest_day_month(month: int, day: int, published: date) -> date | None:
    """The latest `day month` not after publication (a report tells of the past)."""
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _rules(text: str, published: date | None) -> DateInfo | None:
    low = _CLOCK_PREFIX.sub("", _POSSESSIVE.sub("", text.lower().strip()))  # "last night's" -> "last night"
    for phrase, back in _SIMPLE.items():
        if low == phrase or low.endswith(" " + phrase) and _only_time_of_day(low[: -len(phrase)]):
            if published is None:
                return DateInfo(text=text)
            return _day(published - timedelta(days=back), text)
    m = _LAST_HOURS.search(low)
    if m:
        if published is None:
            return DateInfo(text=text)
        days = -(-_hours(m.group("n")) // 24)  # "the last 24 hours" said on 1 April: 31 March to 1 April
        return DateInfo(start=published - timedelta(days=days), end=published, precision="day", text=text)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(text)
        if m:
            month, day = _MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))
            if m.group("year"):
                try:
                    return _day(date(int(m.group("year")), month, day), text)
                except ValueError:
                    return DateInfo(text=text)
            if published is None:
                return DateInfo(text=text)
            found = _latest_day_month(month, day, published)
            return _day(found, text) if found else DateInfo(text=text)
    m = _WEEKDAY.search(text)
    if m:
        if published is None:
            return DateInfo(text=text)
        back = (published.weekday() - _WEEKDAYS[m.group("wd").lower()]) % 7
        return _day(published - timedelta(days=back), text)
    m = _MONTH_ONLY.search(text)
    if m:
        month = _MONTHS[m.group("month").lower().rstrip(".")]
        if m.group("year"):
            return _month(int(m.group("year")), month, text)
        if published is None:
            return DateInfo(text=text)
        if m.group("lastyear"):
            return _month(published.year - 1, month, text)
        if m.group("last"):
            # "last August" said in March 2020 is August 2019; said in September 2020, August 2020.
            year = published.year if month < published.month else published.year - 1
            return _month(year, month, text)
        year = published.year if month <= published.month else published.year - 1
        return _month(year, month, text)
    m = _RELATIVE_UNIT.search(text)
    if m:
        which, unit = m.group("which").lower(), m.group("unit").lower()
        if published is None:
            return DateInfo(text=text)
        shift = 0 if which == "this" else 1
        if unit in ("week", "weekend"):
            monday = published - timedelta(days=published.weekday()) - timedelta(weeks=shift)
            if unit == "weekend":
                return DateInfo(
                    start=monday + timedelta(days=5),
                    end=monday + timedelta(days=6),
                    precision="week",
                    text=text,
                )
            return DateInfo(start=monday, end=monday + timedelta(days=6), precision="week", text=text)
        if unit == "month":
            y, mth = (
                (published.year, published.month - shift)
                if published.month > shift
                else (published.year - 1, 12)
            )
            return _month(y, mth, text)
        return _year(published.year - shift, text)
    m = _YEAR_ONLY.match(low)
    if m:
        return _year(int(m.group("year")), text)
    return None


# What dateparser is trusted with: "3 days ago", "12/03/2020", "2020-03-12" (the named forms are rules above).
_PARSEABLE = re.compile(
    r"\b\d+\s+(day|week)s?\s+ago\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(a|one|two|three|four|five|six|seven)\s+days?\s+ago\b",
    re.I,
)


@lru_cache(maxsize=4096)
def _dateparser(text: str, published: date | None) -> DateInfo:
    """dateparser on one short span; only day-exact answers are trusted, anything else stays unknown."""
    if _VAGUE.search(text) or not _PARSEABLE.search(text):
        return DateInfo(text=text)
    if published is None and not re.search(r"\b(1[89]|20)\d\d\b", text):
        return DateInfo(text=text)  # relative to an unknown day: nothing may be invented
    import dateparser  # imported lazily: it is slow to import and most spans never need it

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month", "year"] if published is None else [],
    }
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return DateInfo(text=text)
    found = parsed.date()
    if published is not None and found > published:
        return DateInfo(text=text)
    return _day(found, text)


_RELATIVE_DAY_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(_SIMPLE, key=len, reverse=True)) + r")\b", re.I
)


def relative_day_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the relative days ("today", "last night") in a text.

    Why: spaCy's NER misses some of them, above all in lower-cased wire copy ("at approximately 1700 today a
    bomb exploded" is tagged "approximately 1700" alone), and a relative day is a date whatever the tagger
    says: the day of the report, or the one before."""
    return [m.span() for m in _RELATIVE_DAY_RE.finditer(text)]


@lru_cache(maxsize=8192)
def resolve_date(text: str, published: date | None = None) -> DateInfo:
    """Resolve the text of one DATE/TIME span against the publication date.

    Args:
        text: the span's text, e.g. "last Sunday", "31 October", "in October last year", "2017".
        published: the report's publication date; None when unknown (then nothing relative is resolved).
    Returns:
        DateInfo with start/end/precision; precision "unknown" (start None) where the span does not say.
    """
    text = " ".join(text.split())
    if not text:
        return DateInfo()
    found = _rules(text, published)
    if found is not None:
        return found
    return _dateparser(text, published)
