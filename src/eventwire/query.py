"""User input → EventFilter, refusing what cannot match: the one filter parser of the CLI and the API.

An analyst who types "Batles" or "Syira" must be told so, with the values that would work, rather than get an
empty result that reads as "nothing happened". Both `eventwire events` and `GET /api/incidents` hand their raw
strings to `parse_filter`; a FilterError lists every problem at once, each with its allowed values.

Vocabulary fields (type, sub_type, status, country) are checked against the record's vocabularies; free-form
fields with a finite stored set (admin1, actor) against what the database holds; `text` is a free search and
may legitimately match nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, get_args

from eventwire.errors import EventwireError
from eventwire.models import EVENT_TYPES, SUB_EVENT_PARENT, Status
from eventwire.store.base import EventFilter

# Every filter, with its help text: the CLI's option help and the API's parameter docs both come from here.
FILTERS: dict[str, str] = {
    "type": "ACLED event type, e.g. 'Battles' (any case).",
    "sub_type": "ACLED sub-event type, e.g. 'Armed clash' (any case).",
    "status": "Whether it happened: " + ", ".join(get_args(Status)) + ".",
    "actor": "Actor name or mention (substring, any case).",
    "country": "Country: ISO code (IQ) or English name (Iraq).",
    "admin1": "First-level region (province, governorate) as stored, any case.",
    "bbox": "Bounding box WEST,SOUTH,EAST,NORTH in degrees (leaves out unplaced incidents).",
    "since": "Incidents ending on or after YYYY-MM-DD.",
    "until": "Incidents starting on or before YYYY-MM-DD.",
    "min_fatalities": "At least this many killed (best estimate, else lower bound).",
    "max_fatalities": "At most this many killed (best estimate, else lower bound).",
    "min_confidence": "Extraction confidence at least this (0 to 1).",
    "text": "Words in the summary or any evidence sentence (substring, any case).",
    "limit": "At most this many incidents.",
    "offset": "Skip this many incidents first (pagination).",
}
STATUSES: tuple[str, ...] = get_args(Status)
# How many of the stored values of a free-form field a refusal lists (closest first).
_MAX_SUGGESTED = 50


@dataclass(frozen=True)
class Problem:
    """One refused filter value: which parameter, what was given, why, and what would be accepted."""

    field: str
    value: str
    message: str
    allowed: list[str] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "message": self.message, "allowed": self.allowed}


class FilterError(EventwireError):
    """Filter values that cannot match anything; `problems` lists each with the values allowed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(_describe(p) for p in problems))


def _describe(problem: Problem) -> str:
    if not problem.allowed:
        return problem.message
    shown = problem.allowed[:12]
    more = f", ... ({len(problem.allowed) - len(shown)} more)" if len(problem.allowed) > len(shown) else ""
    return f"{problem.message}; allowed: {', '.join(shown)}{more}"


class KnownValues(Protocol):
    """What the store knows of a free-form field: a quick yes/no, and the full list for a refusal."""

    def has_value(self, field: str, value: str) -> bool: ...

    def known_values(self, field: str) -> list[str]: ...


def parse_filter(
    params: Mapping[str, Any], known: KnownValues | None = None, max_limit: int | None = None
) -> EventFilter:
    """An EventFilter from raw parameter values (strings, or numbers from a typed CLI option).

    Args:
        params: parameter name (a key of FILTERS) → value; None or "" means not given.
        known: the store, to refuse an admin1 or actor the database never saw (an indexed look-up; the
            stored names are listed only for a refusal); without it those two are not checked.
        max_limit: the largest `limit` accepted (the API caps a page; the CLI does not).
    Raises:
        FilterError listing every refused value with its allowed values, unknown parameter names included.
    """
    given = {k: str(v).strip() for k, v in params.items() if v is not None and str(v).strip() != ""}
    problems: list[Problem] = []
    unknown = sorted(set(given) - set(FILTERS))
    for name in unknown:
        problems.append(Problem(name, given[name], f"unknown filter {name!r}", list(FILTERS)))
    values: dict[str, Any] = {}

    def vocabulary(name: str, allowed: list[str]) -> str | None:
        if name not in given:
            return None
        by_fold = {a.casefold(): a for a in allowed}
        found = by_fold.get(given[name].casefold())
        if found is None:
            problems.append(Problem(name, given[name], f"unknown {name} {given[name]!r}", allowed))
        return found

    values["type"] = vocabulary("type", list(EVENT_TYPES))
    sub_types = list(EVENT_TYPES[values["type"]]) if values["type"] else list(SUB_EVENT_PARENT)
    values["sub_type"] = vocabulary("sub_type", sub_types)
    values["status"] = vocabulary("status", list(STATUSES))
    if "country" in given:
        values["country"] = _country(given["country"], problems)
    for name in ("admin1", "actor"):
        if name in given:
            values[name] = given[name]
            if known is not None and not known.has_value(name, given[name]):
                _refuse_unknown(name, given[name], known.known_values(name), problems)
    if "text" in given:
        values["text"] = given["text"]
    if "bbox" in given:
        values["bbox"] = _bbox(given["bbox"], problems)
    for name in ("since", "until"):
        if name in given:
            values[name] = _date(name, given[name], problems)
    if values.get("since") and values.get("until") and values["since"] > values["until"]:
        problems.append(Problem("until", given["until"], "until is before since"))
    for name, low, high in (
        ("min_fatalities", 0, None),
        ("max_fatalities", 0, None),
        ("limit", 1, max_limit),
        ("offset", 0, None),
    ):
        if name in given:
            values[name] = _number(name, given[name], int, low, high, problems)
    if "min_confidence" in given:
        values["min_confidence"] = _number("min_confidence", given["min_confidence"], float, 0, 1, problems)
    if problems:
        raise FilterError(problems)
    values = {k: v for k, v in values.items() if v is not None}
    return EventFilter(**values)


def _country(value: str, problems: list[Problem]) -> str | None:
    from eventwire.countries import country_code, country_names

    code = country_code(value)
    if code is None:
        allowed = sorted(country_names())
        problems.append(Problem("country", value, f"unknown country {value!r}", allowed))
    return code


def _refuse_unknown(name: str, value: str, known: list[str], problems: list[Problem]) -> None:
    """No stored admin1 equals `value` (any case), or no stored actor contains it: the closest names."""
    from rapidfuzz import process

    closest = [m[0] for m in process.extract(value, known, limit=_MAX_SUGGESTED)] if known else []
    problems.append(Problem(name, value, f"no stored {name} matches {value!r}", closest))


def _bbox(value: str, problems: list[Problem]) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        problems.append(Problem("bbox", value, "bbox expects WEST,SOUTH,EAST,NORTH, four numbers"))
        return None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        problems.append(
            Problem(
                "bbox", value, "bbox out of range: longitudes -180..180, latitudes -90..90, south ≤ north"
            )
        )
        return None
    return west, south, east, north


def _date(name: str, value: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(name, value, f"{name} expects YYYY-MM-DD, got {value!r}"))
        return None


def _number(
    name: str,
    value: str,
    kind: type[int] | type[float],
    low: float,
    high: float | None,
    problems: list[Problem],
) -> Any:
    try:
        number = kind(value)
    except ValueError:
        problems.append(
            Problem(name, value, f"{name} expects {'a whole number' if kind is int else 'a number'}")
        )
        return None
    if number < low or (high is not None and number > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        problems.append(Problem(name, value, f"{name} must be {bound}"))
        return None
    return number
