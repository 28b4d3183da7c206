"""One incident, many reports: decide whether two event records describe the same incident, and merge them.

Two outlets reporting the same rocket attack must give one row in the database with both sources and both
evidence sets, while two attacks of the same kind on the same day in different towns must stay apart. So a
match needs *positive* agreement (the same day and the same place, or several weaker signals together), and
any hard contradiction (another sub-type, a date range far apart, places 25 km apart, different perpetrators,
incompatible death tolls) vetoes it. `merge` is order-insensitive apart from which id survives, so a store
that rebuilds an incident from its reports gets the same record whatever order the outlets arrived in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date as Date
from datetime import timedelta
from typing import get_args

from rapidfuzz import fuzz

from eventwire.models import (
    Actor,
    Count,
    DateInfo,
    Event,
    Evidence,
    Fatalities,
    Location,
    Media,
    Source,
    Status,
    Weapon,
    date_range,
)
from eventwire.resolve.gazetteer import haversine_km

# How far apart two reported places may be and still be the same incident (GeoNames points of one town and
# "near" the town can lie a dozen km apart; neighbouring towns usually lie further).
MAX_KM = 25.0
# Dates may differ by a day (a night attack reported as "Tuesday" by one outlet and "Wednesday" by another).
ADJACENT_DAYS = 1
# Agreement points needed for a match; see `match_score`.
MATCH_THRESHOLD = 4

_REAL = {"actual", "claimed", "suspected", "alleged"}
# The more certain status wins a merge: Status lists them from "actual" to "negated".
_STATUS_ORDER: tuple[str, ...] = get_args(Status)
_DATE_ORDER = ("day", "week", "month", "year", "unknown")
_PLACE_ORDER = ("town", "near town", "region", "country", "unknown")
# Names that say nothing about who did it: they neither confirm nor contradict a named group.
_GENERIC_ACTORS = {
    "unknown",
    "unidentified",
    "gunmen",
    "unidentified gunmen",
    "unknown gunmen",
    "militants",
    "insurgents",
    "attackers",
    "assailants",
    "terrorists",
    "armed men",
    "rebels",
    "civilians",
    "people",
    "residents",
    "villagers",
    "soldiers",
    "troops",
}
_PERPETRATOR_ROLES = {"perpetrator", "claimant"}


# --- The four signals ------------------------------------------------------------------------------------


def _date_signal(a: DateInfo, b: DateInfo) -> tuple[str, int]:
    """('conflict'|'unknown'|'vague'|'exact', points): overlapping or adjacent ranges agree."""
    ra, rb = date_range(a), date_range(b)
    if ra is None or rb is None:
        return "unknown", 0
    slack = timedelta(days=ADJACENT_DAYS)
    if ra[0] > rb[1] + slack or rb[0] > ra[1] + slack:
        return "conflict", 0
    coarse = {"month", "year", "unknown"}
    if a.precision in coarse or b.precision in coarse:
        return "vague", 1
    return "exact", 2


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("-", " ").split())


def _is_local(loc: Location) -> bool:
    return loc.precision in ("town", "near town")


def _place_signal(a: Location, b: Location) -> tuple[str, int]:
    """('conflict'|'vague'|'same', points). Only town-level places can confirm; any level can contradict.

    Coordinates decide where both sides have them (admin1 spellings differ too often to veto a match);
    names decide otherwise, loosely ("Taji" is "Camp Taji").
    """
    if a.country and b.country and a.country.upper() != b.country.upper():
        return "conflict", 0
    if _is_local(a) and _is_local(b):
        if None not in (a.lat, a.lon, b.lat, b.lon):
            km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
            return ("same", 2) if km <= MAX_KM else ("conflict", 0)
        if a.admin1 and b.admin1 and _norm(a.admin1) != _norm(b.admin1):
            return "conflict", 0
        if a.name and b.name:
            return ("same", 2) if _similar(_norm(a.name), _norm(b.name)) else ("conflict", 0)
    if a.name and b.name and _norm(a.name) == _norm(b.name) and a.precision == b.precision != "unknown":
        return "same", 2  # the same named region ("Sinjar district") on both sides
    return "vague", 0


def _names(actors: Iterable[Actor]) -> list[str]:
    return [n for n in (_norm(a.name) for a in actors) if n and n not in _GENERIC_ACTORS]


def _similar(x: str, y: str) -> bool:
    """Equal names up to spelling and extra words: "Kataib Hezbollah" ~ "Kata'ib Hezbollah"."""
    return x == y or fuzz.token_set_ratio(x, y) >= 90


def _actor_signal(a: Event, b: Event) -> tuple[str, int]:
    """('conflict'|'unknown'|'shared', points).

    Only resolved perpetrators (those with an actor type: canonical names from the actor resolver) can
    contradict: two canonical names are two groups, while an unresolved "ISIS" may be "Islamic State".
    """
    pa = _names(x for x in a.actors if x.role in _PERPETRATOR_ROLES and x.type)
    pb = _names(x for x in b.actors if x.role in _PERPETRATOR_ROLES and x.type)
    if pa and pb and not any(_similar(x, y) for x in pa for y in pb):
        return "conflict", 0
    na, nb = _names(a.actors), _names(b.actors)
    if any(_similar(x, y) for x in na for y in nb):
        return "shared", 1
    return "unknown", 0


def _bounds(c: Count) -> tuple[int, float] | None:
    lows = [v for v in (c.low, c.best) if v is not None]
    highs = [v for v in (c.high, c.best) if v is not None]
    if not lows and not highs:
        return None
    return (min(lows) if lows else 0, max(highs) if highs else math.inf)


def _counts_contradict(x: Count, y: Count) -> bool:
    """Disjoint ranges that are also far apart; tolls that rise from 3 to 5 as bodies are found are fine."""
    bx, by = _bounds(x), _bounds(y)
    if bx is None or by is None:
        return False
    (lo_x, hi_x), (lo_y, hi_y) = bx, by
    if lo_x > hi_y:
        big, small = lo_x, hi_y
    elif lo_y > hi_x:
        big, small = lo_y, hi_x
    else:
        return False
    return big - small > 2 and big > 2 * small


def _casualty_signal(a: Fatalities, b: Fatalities) -> tuple[str, int]:
    if _counts_contradict(a.killed, b.killed) or _counts_contradict(a.wounded, b.wounded):
        return "conflict", 0
    if _bounds(a.killed) is not None and _bounds(b.killed) is not None:
        return "agree", 1
    return "unknown", 0


def _media_points(a: Media | None, b: Media | None) -> int:
    """A propaganda release has no place; the same producing outlet stands in for it."""
    if a and b and a.outlet and b.outlet and _norm(a.outlet) == _norm(b.outlet):
        return 2
    return 0


def _status_compatible(a: str, b: str) -> bool:
    return a == b or (a in _REAL and b in _REAL)


# --- Public API ------------------------------------------------------------------------------------------


def match_score(a: Event, b: Event) -> int | None:
    """Agreement points when `a` and `b` may be one incident, None when they are not.

    Points: date exact 2 (vague 1), place same 2 (or the same media outlet), a shared actor 1, casualty
    figures on both sides that agree 1; MATCH_THRESHOLD (4) are needed. So the same day and town match on
    their own; an unknown date needs the same place, a shared actor and agreeing casualties ("everything
    else strong").
    Any contradiction returns None whatever the points.
    """
    if a.sub_event_type != b.sub_event_type or not _status_compatible(a.status, b.status):
        return None
    signals = (
        _date_signal(a.date, b.date),
        _place_signal(a.location, b.location),
        _actor_signal(a, b),
        _casualty_signal(a.fatalities, b.fatalities),
    )
    if any(state == "conflict" for state, _ in signals):
        return None
    place_points = max(signals[1][1], _media_points(a.media, b.media))
    points = signals[0][1] + place_points + signals[2][1] + signals[3][1]
    return points if points >= MATCH_THRESHOLD else None


def match(a: Event, b: Event) -> bool:
    """True when `a` and `b` describe the same incident (see `match_score`)."""
    return match_score(a, b) is not None


def _first_published(e: Event) -> tuple[Date, Date, str]:
    dates = [s.published for s in e.sources if s.published is not None]
    return (min(dates) if dates else Date.max, e.date.start or Date.max, e.id)


def _pick(a: DateInfo | Location, b: DateInfo | Location, order: tuple[str, ...]) -> DateInfo | Location:
    """The more precise of two values; ties go to the one with more detail, then to `a`."""
    ra, rb = order.index(a.precision), order.index(b.precision)
    if ra != rb:
        return a if ra < rb else b
    if isinstance(a, Location) and isinstance(b, Location):
        return b if a.lat is None and b.lat is not None else a
    if isinstance(a, DateInfo) and isinstance(b, DateInfo):
        span_a, span_b = date_range(a), date_range(b)
        if span_a and span_b and (span_b[1] - span_b[0]) < (span_a[1] - span_a[0]):
            return b
    return a


def _width(c: Count) -> float:
    if c.best is not None and c.low in (None, c.best) and c.high in (None, c.best):
        return 0
    if c.low is not None and c.high is not None:
        return c.high - c.low
    return math.inf


def merge_counts(a: Count, b: Count) -> Count:
    """UCDP-style range union: low = max of lows, high = min of highs where consistent, best from the more
    specific figure (the narrower range; on a tie the larger, since tolls rise as reports come in)."""
    lows = [v for v in (a.low, b.low) if v is not None]
    highs = [v for v in (a.high, b.high) if v is not None]
    low = max(lows) if lows else None
    high: int | None = None
    if highs:
        if low is None or min(highs) >= low:
            high = min(highs)
        elif max(highs) >= low:
            high = max(highs)
    with_best = [c for c in (a, b) if c.best is not None]
    chosen = min(with_best, key=lambda c: (_width(c), -(c.best or 0))) if with_best else None
    best = chosen.best if chosen else None
    if best is not None:
        best = max(best, low) if low is not None else best
        best = min(best, high) if high is not None else best
    texts = [c.text for c in ((chosen,) if chosen else ()) + (a, b) if c.text]
    if low is not None and high is not None and best is None and low == high:
        best = low
    return Count(low=low, best=best, high=high, text=texts[0] if texts else None)


def _union(items: Iterable, key) -> list:  # noqa: ANN001 - small generic helper
    seen: set = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _merge_actors(first: list[Actor], second: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for actor in first + second:
        for i, kept in enumerate(out):
            if kept.role == actor.role and _norm(kept.name) == _norm(actor.name):
                if kept.type is None and actor.type is not None:
                    out[i] = kept.model_copy(update={"type": actor.type})
                break
        else:
            out.append(actor)
    return out


def _merge_media(a: Media | None, b: Media | None) -> Media | None:
    if a is None or b is None:
        return a or b
    own = a.model_dump(exclude={"threatened"})
    filled = {k: v if v is not None else getattr(b, k) for k, v in own.items()}
    threatened = _union(a.threatened + b.threatened, _norm)
    return Media(**filled, threatened=threatened)


def merge(a: Event, b: Event) -> Event:
    """One record for two reports of the same incident.

    Sources, evidence, actors and weapons are united; the more precise date and place are kept; casualty
    ranges are combined by `merge_counts`. The id, summary and ties go to the earlier event: the one first
    published (then the earlier date, then the smaller id), so the result does not depend on argument order.
    """
    first, second = (a, b) if _first_published(a) <= _first_published(b) else (b, a)
    status = min(first.status, second.status, key=_STATUS_ORDER.index)
    attack_type = first.attack_type if first.attack_type not in (None, "Unknown") else second.attack_type
    evidence: list[Evidence] = _union(
        first.evidence + second.evidence, lambda e: (e.article_id, e.start, e.end)
    )
    sources: list[Source] = sorted(
        _union(first.sources + second.sources, lambda s: s.article_id),
        key=lambda s: (s.published or Date.max, s.article_id),
    )
    weapons: list[Weapon] = _union(first.weapons + second.weapons, lambda w: _norm(w.name))
    return Event(
        id=first.id,
        event_type=first.event_type,
        sub_event_type=first.sub_event_type,
        attack_type=attack_type or first.attack_type,
        status=status,
        date=_pick(first.date, second.date, _DATE_ORDER),
        location=_pick(first.location, second.location, _PLACE_ORDER),
        actors=_merge_actors(first.actors, second.actors),
        weapons=weapons,
        fatalities=Fatalities(
            killed=merge_counts(first.fatalities.killed, second.fatalities.killed),
            wounded=merge_counts(first.fatalities.wounded, second.fatalities.wounded),
        ),
        media=_merge_media(first.media, second.media),
        summary=first.summary or second.summary,
        evidence=evidence,
        sources=sources,
        confidence=max(first.confidence, second.confidence),
    )
