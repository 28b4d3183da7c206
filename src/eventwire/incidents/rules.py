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
import re
from collections.abc import Iterable
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache
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
from eventwire.resolve.actors import is_generic
from eventwire.resolve.gazetteer import CityDigest, city_digest, haversine_km, spelling_key

# How far apart two reported places may be and still be the same incident (GeoNames points of one town and
# "near" the town can lie a dozen km apart; neighbouring towns usually lie further).
MAX_KM = 25.0
# A city this large sees several incidents of one kind on a busy day: there the same day and the same city
# are weaker evidence (1 point, not 2), so two bombings in Quetta on one Monday need more to be one.
BIG_CITY_POPULATION = 1_000_000
# Dates may differ by a day (a night attack reported as "Tuesday" by one outlet and "Wednesday" by another).
ADJACENT_DAYS = 1
# Agreement points needed for a match; see `match_score`.
MATCH_THRESHOLD = 4
# A report that gives no date of its own tells of something from the days before it was published.
REPORT_WINDOW_DAYS = 7
# Outlets type one violent incident differently (a car bomb is a "suicide bomb" to one, an "IED" to another;
# an attack on a base is a clash or an attack): such kin types may still be one incident, at a cost in points.
# Strategic developments are different kinds of things (an arrest, an agreement), so they have no kin.
_KIN_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Violence against civilians",),
    "Violence against civilians": ("Battles",),
    "Explosions/Remote violence": (),
    "Protests": ("Riots",),
    "Riots": ("Protests",),
}
SUB_TYPE_COST = 1  # another sub-type of the same event type
EVENT_TYPE_COST = 2  # a kin event type

_REAL = {"actual", "claimed", "suspected", "alleged"}
# The more certain status wins a merge: Status lists them from "actual" to "negated".
_STATUS_ORDER: tuple[str, ...] = get_args(Status)
_DATE_ORDER = ("day", "week", "month", "year", "unknown")
_PLACE_ORDER = ("town", "near town", "region", "country", "unknown")
# Names that say nothing about who did it or to whom: beside the unnamed armed men of
# `resolve.actors.is_generic` ("gunmen", "militants"), the collective nouns any two reports share.
_COLLECTIVE_NOUNS = {
    "unknown",
    "unidentified",
    "civilians",
    "people",
    "residents",
    "villagers",
    "soldiers",
    "troops",
}
_PERPETRATOR_ROLES = {"perpetrator", "claimant"}


# --- The signals ------------------------------------------------------------------------------------


def _published(e: Event) -> Date | None:
    dates = [s.published for s in e.sources if s.published is not None]
    return max(dates) if dates else None


def _report_window(undated: Event, dated: tuple[Date, Date]) -> tuple[str, int]:
    """An undated report cannot tell of a day after it was published, and most likely tells of the week
    before: 'conflict' after publication, 'vague' (1 point) within the window, 'unknown' before it."""
    published = _published(undated)
    if published is None:
        return "unknown", 0
    if dated[0] > published:
        return "conflict", 0
    if dated[1] >= published - timedelta(days=REPORT_WINDOW_DAYS):
        return "vague", 1
    return "unknown", 0


def event_types_kin(event_type: str) -> tuple[str, ...]:
    """The event types a report of `event_type` may be merged with: itself and its kin."""
    return (event_type, *_KIN_EVENT_TYPES.get(event_type, ()))


def _type_cost(a: Event, b: Event) -> int | None:
    """Points a type disagreement costs; None when the types cannot be one incident."""
    if a.sub_event_type == b.sub_event_type:
        return 0
    if a.event_type == b.event_type:
        return SUB_TYPE_COST if a.event_type in _KIN_EVENT_TYPES else None
    return EVENT_TYPE_COST if b.event_type in _KIN_EVENT_TYPES.get(a.event_type, ()) else None


def _date_signal(ea: Event, eb: Event) -> tuple[str, int]:
    """('conflict'|'unknown'|'vague'|'exact', points): overlapping or adjacent ranges agree; an undated
    report is placed in the days before its publication."""
    a, b = ea.date, eb.date
    ra, rb = date_range(a), date_range(b)
    if ra is None and rb is None:
        return "unknown", 0
    if ra is None or rb is None:
        return _report_window(ea, rb) if ra is None else _report_window(eb, ra)  # type: ignore[arg-type]
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
            if km > MAX_KM:
                return "conflict", 0
            return ("same city", 1) if _big_city(a) or _big_city(b) else ("same", 2)
        if a.admin1 and b.admin1 and _norm(a.admin1) != _norm(b.admin1):
            return "conflict", 0
        if a.name and b.name:
            return ("same", 2) if _similar(_norm(a.name), _norm(b.name)) else ("conflict", 0)
    if a.name and b.name and _norm(a.name) == _norm(b.name) and a.precision == b.precision != "unknown":
        return "same", 2  # the same named region ("Sinjar district") on both sides
    if a.admin1 and b.admin1 and a.precision != "country" and b.precision != "country":
        # a town and its province, or two towns of one province without coordinates: weaker agreement
        return ("region", 1) if _norm(a.admin1) == _norm(b.admin1) else ("vague", 0)
    return "vague", 0


def _is_dateline(name: str) -> bool:
    """A capitalised word longer than an acronym ("BAGHDAD", not "ISIS" or "ISWAP") is a wire dateline."""
    return any(len(word) > 5 and word.isupper() for word in name.split())


@lru_cache(maxsize=1)
def cities() -> CityDigest:
    """The gazetteer's big cities and demonyms (`CityDigest`: under 1 MB, where the whole index takes about
    160 MB in the process that merges every batch), loaded on first use."""
    return city_digest(BIG_CITY_POPULATION)


def _big_city(loc: Location) -> bool:
    """A town-level place that is a city of BIG_CITY_POPULATION or more (GeoNames' figure)."""
    if not loc.name or loc.precision != "town":
        return False
    return (
        cities().city_population(loc.name, loc.country.upper() if loc.country else None)
        >= BIG_CITY_POPULATION
    )


def _names(actors: Iterable[Actor], places: Iterable[str | None] = ()) -> list[str]:
    """Names that say who acted: not generic words, datelines, or the name of a place of the event."""
    where = {_norm(p) for p in places if p}
    return [
        n
        for n, raw in ((_norm(a.name), a.name) for a in actors)
        if n
        and n not in _COLLECTIVE_NOUNS
        and not is_generic(raw)
        and n not in where
        and not _is_dateline(raw)
    ]


def _places(e: Event) -> tuple[str | None, ...]:
    return (e.location.name, e.location.admin1)


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
    places = (*_places(a), *_places(b))
    na, nb = _names(a.actors, places), _names(b.actors, places)
    if any(_similar(x, y) for x in na for y in nb):
        return "shared", 1
    return "unknown", 0


def _bounds(c: Count) -> tuple[int, float] | None:
    """The range a figure allows. "At least 10" (a low and no high) allows any toll from 10 up: a report
    that says "at least 10 killed" does not contradict, and agrees with, one that later says 17."""
    lows = [v for v in (c.low, c.best) if v is not None]
    highs = [v for v in (c.high, c.best) if v is not None]
    if not lows and not highs:
        return None
    open_ended = c.low is not None and c.high is None
    return (min(lows) if lows else 0, math.inf if open_ended or not highs else max(highs))


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


def _counts_agree(x: Count, y: Count) -> bool:
    """Ranges that overlap, or lie as close as early and later tolls of one incident do (within one death
    or a fifth of the larger figure): 12 and 15 agree, 3 and 1 do not."""
    bx, by = _bounds(x), _bounds(y)
    if bx is None or by is None:
        return False
    gap = max(bx[0], by[0]) - min(bx[1], by[1])
    return gap <= max(1.0, 0.2 * max(bx[0], by[0]))


def _casualty_signal(a: Fatalities, b: Fatalities) -> tuple[str, int]:
    if _counts_contradict(a.killed, b.killed) or _counts_contradict(a.wounded, b.wounded):
        return "conflict", 0
    if _counts_agree(a.killed, b.killed):
        return "agree", 1
    return "unknown", 0


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w'’-]*")
_CALENDAR = {
    *(d.casefold() for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")),
    *(m.casefold() for m in ("January", "February", "March", "April", "May", "June", "July", "August")),
    *(m.casefold() for m in ("September", "October", "November", "December", "Sept", "Oct", "Nov", "Dec")),
    *(m.casefold() for m in ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug")),
}


def _own_place(e: Event) -> set[str]:
    return {w for part in (e.location.name, e.location.admin1) for w in _norm(part).split()}


@lru_cache(maxsize=65536)
def _is_country_word(word: str) -> bool:
    """A country's name or demonym ("Somalia", "Somali"): it says which country, never which incident."""
    from eventwire.countries import country_code

    return country_code(word) is not None or cities().demonym_country(word) is not None


def specific_names(e: Event) -> set[str]:
    """Capitalised words inside the evidence sentences, lower-cased: a market, a road, a mosque, a district,
    a town the place resolver missed ("Sadr City", "Sariab Road", "Konduga"). Sentence-initial words, day
    and month names, country names and demonyms, and the names of the event's perpetrators are left out (the
    actor signal compares those); see `_text_signal` for the place. A target's name stays: a target named
    after its place ("Sadr City's Mraidi bird market") must not hide the place words another report shares."""
    actors = frozenset(w for a in e.actors if a.role in _PERPETRATOR_ROLES for w in _norm(a.name).split())
    return set(_names_in(tuple(span.text for span in e.evidence), actors))


@lru_cache(maxsize=65536)
def _names_in(texts: tuple[str, ...], actors: frozenset[str]) -> frozenset[str]:
    """`specific_names` of some sentences, cached: a stored incident is compared with many new reports."""
    found: set[str] = set()
    for text in texts:
        for match in _NAME.finditer(text):
            for part in _name_parts(match.group(0)):
                word = part.casefold()
                if word not in _CALENDAR and word not in actors and not _is_country_word(word):
                    found.add(word)
    return frozenset(found)


def _name_parts(name: str) -> list[str]:
    """The capitalised parts of a hyphenated name ("Kasindi-Lubiriha" -> Kasindi, Lubiriha; "Al-Shabaab" ->
    Shabaab; "Kurdish-held" -> Kurdish): one outlet writes the compound, another only its first part."""
    name = re.sub(r"['’]s?$", "", name)
    parts = [p for p in name.split("-") if len(p) >= 3 and p[0].isupper()] if "-" in name else [name]
    return [p for p in parts if p]


def _shared_names(x: set[str], y: set[str]) -> set[str]:
    """The names of `x` that `y` also holds, in any spelling (`spelling_key`)."""
    keys = {spelling_key(w) for w in y}
    return {w for w in x if spelling_key(w) in keys}


def _text_signal(a: Event, b: Event) -> tuple[str, int]:
    """('shared'|'unknown', points): 1 point for one specific name in common, 2 for two or more. A place both
    records resolved to is left out (the place signal counted it), but a spot one report resolved as its
    place and the other only names (Sadr City for one, Baghdad for the other) counts."""
    both_places = _shared_names(_own_place(a), _own_place(b))
    shared = _shared_names(specific_names(a), specific_names(b)) - _shared_names(
        specific_names(a), both_places
    )
    return ("shared", min(len(shared), 2)) if shared else ("unknown", 0)


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

    Points: date exact 2 (vague 1, or 1 for an undated report published within REPORT_WINDOW_DAYS after
    the other's date), place same 2 (or the same media outlet; the same province 1), a shared actor 1,
    casualty figures on both sides that agree 1; a kin sub-type costs SUB_TYPE_COST and a kin event type
    EVENT_TYPE_COST; MATCH_THRESHOLD (4) are needed. So the same day and town match on their own; an
    unknown date needs the same place, a shared actor and agreeing casualties ("everything else strong").
    Any contradiction returns None whatever the points.
    """
    cost = _type_cost(a, b)
    if cost is None or not _status_compatible(a.status, b.status):
        return None
    signals = (
        _date_signal(a, b),
        _place_signal(a.location, b.location),
        _actor_signal(a, b),
        _casualty_signal(a.fatalities, b.fatalities),
        _text_signal(a, b),
    )
    if any(state == "conflict" for state, _ in signals):
        return None
    place_points = max(signals[1][1], _media_points(a.media, b.media))
    points = signals[0][1] + place_points + signals[2][1] + signals[3][1] + signals[4][1] - cost
    return points if points >= MATCH_THRESHOLD else None


# Kinds of report that are never a detail of another incident: a release, a threat, an arrest, a deal.
_STANDALONE_SUB_TYPES = {"Propaganda release", "Threat", "Arrests", "Agreement", "Change to group/activity"}


def _undated_or_same_day(fragment: Event, host: Event) -> bool:
    """Whether time cannot tell `fragment` apart from `host`: it has no date, or it is dated to the host's
    day (narrative time gives an undated incident told after its article's dated one that day:
    `extract.narrative_time`)."""
    own = date_range(fragment.date)
    if own is None:
        return True
    return fragment.date.precision == host.date.precision == "day" and own == date_range(host.date)


def fragment_of(fragment: Event, host: Event) -> bool:
    """True when `fragment`, an event of one article, is more detail of `host`, the article's main event
    (its dated event, or its lead event when it gives no date at all; `stage.fold_fragments` picks the host).

    A wire report is one story: an undated mention of violence (or one dated to the main incident's day)
    beside its main incident (the car bomb at the gate of a raided base, the houses torched in a raid, "some
    of the victims were beheaded") is that incident unless its place, actors or casualty figures contradict
    it. Releases, threats, arrests and deals stand
    alone, except that what a propaganda release threatens is the release's content, not an incident of its
    own (`threat_of`)."""
    if fragment is host or not _undated_or_same_day(fragment, host):
        return False
    if fragment.sub_event_type in _STANDALONE_SUB_TYPES or host.sub_event_type in _STANDALONE_SUB_TYPES:
        return False
    if fragment.status != host.status and not _status_compatible(fragment.status, host.status):
        return False
    signals = (
        _place_signal(fragment.location, host.location),
        _actor_signal(fragment, host),
        _casualty_signal(fragment.fatalities, host.fatalities),
    )
    return all(state != "conflict" for state, _ in signals)


def restates(detail: Event, lead: Event) -> bool:
    """True when `detail`, a dated event told after `lead` in the same article, is the lead retold: the same
    sub-type within a day, with no casualty figure and no perpetrator of its own, and nothing that
    contradicts ("The missile struck a gas station on Saturday" after "A missile attack by the Houthis on
    Marib killed 14"). A second incident in one report comes with its own toll, attacker or another place."""
    if detail is lead or detail.sub_event_type != lead.sub_event_type:
        return False
    if detail.sub_event_type in _STANDALONE_SUB_TYPES or not _status_compatible(detail.status, lead.status):
        return False
    own_figures = _bounds(detail.fatalities.killed) or _bounds(detail.fatalities.wounded)
    if own_figures or any(a.role in _PERPETRATOR_ROLES for a in detail.actors):
        return False
    signals = (
        _date_signal(detail, lead),
        _place_signal(detail.location, lead.location),
        _actor_signal(detail, lead),
    )
    return signals[0][0] == "exact" and all(state != "conflict" for state, _ in signals)


def threat_of(threat: Event, release: Event) -> bool:
    """True when `threat`, a threatened attack told by the same article as the propaganda `release`, is what
    the release threatens ("a video in which a fighter threatens attacks in France"): it belongs in the
    release's `media.threatened`, not in an incident of its own, and another outlet's account of the same
    video then joins the release rather than a separate threat."""
    return (
        threat is not release
        and threat.status == "threatened"
        and threat.sub_event_type != "Propaganda release"
        and release.sub_event_type == "Propaganda release"
        and _date_signal(threat, release)[0] != "conflict"
    )


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
    """UCDP-style ranges. Figures that agree narrow the range (low = max of lows, high = min of highs:
    "at least 12" and "15" give 15); figures that conflict widen it to span every source (14, 17 and 21
    killed give low 14, high 21). `best` comes from the more specific figure (the narrower range; on a tie
    the larger, since tolls rise as reports come in). Each source's own figure stays in its mention
    (`stage.source_figures`)."""
    lows = [v for v in (a.low, b.low) if v is not None]
    highs = [v for v in (a.high, b.high) if v is not None]
    low = max(lows) if lows else None
    high: int | None = min(highs) if highs else None
    if low is not None and high is not None and high < low:  # the sources disagree: span them all
        open_ended = any(c.high is None and c.low is not None for c in (a, b))
        low, high = min(lows), None if open_ended else max(highs)
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
