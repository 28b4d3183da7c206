"""Choosing the place a toponym means, in the context of its article.

Why these signals: a population-only lookup is right half the time on US local news (LGL 51% within 161
km); what fixes the rest is what a reader uses: the countries and admin areas the article names (including
demonyms: "Iraqi soldiers" says Iraq), a qualifier right after the name ("Paris, Texas"), the feature type
the text implies ("Kirkuk province", "the town of Sinjar", a "WASHINGTON -" dateline is a city), the other
names' feature type (a name among other states is a state: "Ohio, Montana, Wyoming"), and closeness to the
article's other places, counted over all their candidates weighted by prior (spatial coherence: unambiguous
neighbours vote hard; two ambiguous names with readings at one spot agree on it; a province is close to
what lies inside it). A place that bears the name itself beats one that only has it among GeoNames'
alternate names, and such an alternate-name match in a country the article never points to is dropped
("Boni" is not Bonn in a report about Mali).
Scoring is additive log-population plus bonuses, in two passes: the first fixes the article's focus (its
countries, admin1 areas and points), the second re-scores every toponym against that focus, leaving out
every mention of the toponym's own name so one name cannot confirm itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from eventwire import lexicon
from eventwire.resolve.gazetteer import Gazetteer, Place, fold, haversine_km
from eventwire.resolve.toponyms import Toponym

LEXICON = lexicon.load()

# Weights, tuned on LGL and TR-News (the geo dev sets); GeoVirus and GWN are reported only.
W_KIND = {
    "country": 3.0,
    "continent": 3.0,
    "admin1": 0.7,
    "admin2": -0.5,
    "city": 0.0,
    "region": 3.5,
    "base": 4.0,
    "landmark": 3.0,
}
W_HINT = 5.0
W_QUALIFIER = 8.0
W_COUNTRY = 2.5
W_ADMIN1 = 2.5
W_NEAR = 2.0
W_FAR = 1.0
W_SUPPORT = 3.0
W_SAME_NAME_ADMIN = 1.5
W_ALIAS = 2.5
W_ALIAS_ONLY = 0.5
SUPPORT_K = 8
ADMIN1_CONTAINS = 1.0
COHERE_FLOOR = 0.5
W_SIBLINGS = 1.5
SIBLINGS = 2
SUPPORT_FLAT = 2.0
MAX_CANDIDATES = 60


@dataclass(frozen=True, slots=True)
class Resolved:
    """A toponym and the place chosen for it (None when the gazetteer has no candidate)."""

    toponym: Toponym
    place: Place | None
    score: float = 0.0


CONTINENT_ADJECTIVES = LEXICON.table("continent_adjectives")


def _candidates(gaz: Gazetteer, text: str) -> list[Place]:
    """Gazetteer candidates; a demonym given as a toponym span ("Russian" in TR-News) means its country, and a
    continent's adjective its continent."""
    iso = gaz.demonym_country(text)
    country = gaz.country(iso) if iso else None
    if country is not None:
        return [country]
    key = fold(text)
    continent = CONTINENT_ADJECTIVES.get(key[:-1] if key.endswith("s") else key)
    if continent:
        return [p for p in gaz.lookup(continent) if p.kind == "continent"]
    found = gaz.lookup(text)
    if not found:
        core = _core(key)
        found = gaz.lookup(core) if core != key else []
    return found[:MAX_CANDIDATES]


_PART_PREFIXES = LEXICON.words("part_prefixes")
_PART_SUFFIXES = LEXICON.sequence("part_suffixes")


def _core(key: str) -> str:
    for suffix in _PART_SUFFIXES:
        if key.endswith(suffix):
            key = key[: -len(suffix)]
            break
    words = key.split()
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]) in _PART_PREFIXES:
            return " ".join(words[n:])
    return key


def _prior(p: Place) -> float:
    return math.log10(p.population + 10) + W_KIND.get(p.kind, 0.0)


def _exact(p: Place, text: str) -> bool:
    """The name is the place's own name, not one of its alternate names.

    Countries, admin1 areas, continents and curated entries count their aliases as their own ("B.C.",
    "Britain", "Camp Anaconda"): those lists are short and curated. A city's or county's alternate names in
    GeoNames are not: they include historical, foreign and misattached names (Bonn is "Boni", Swainsboro is
    "Paris", Clinton, Wisconsin is "New York"), so such a match is weaker evidence than a place that bears the
    name itself.
    """
    key = fold(text)
    return p.kind not in {"city", "admin2"} or fold(p.name) in {key, _core(key)}


class _Context:
    """What the article says about where it is: country and admin1 votes, and the points of its places.

    Votes are kept per name, so that scoring a name can leave out every mention of that same name: "Paris"
    said four times must not vote France for itself four times.
    """

    def __init__(self) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.by_name: dict[str, tuple[Counter[str], Counter[tuple[str, str]]]] = {}
        self.points: list[tuple[int, float, float]] = []  # (toponym index, lat, lon)
        self.areas: set[tuple[str, str]] = set()  # (name, country) of the names read as admin1 areas

    def add(self, index: int, name: str, p: Place, weight: float = 1.0) -> None:
        own_c, own_a = self.by_name.setdefault(name, (Counter(), Counter()))
        if p.country:
            self.countries[p.country] += weight
            own_c[p.country] += weight
        if p.country and p.admin1 and p.kind not in {"country", "continent"}:
            self.admin1[(p.country, p.admin1)] += weight
            own_a[(p.country, p.admin1)] += weight
        if p.kind not in {"country", "continent", "region"}:
            self.points.append((index, p.lat, p.lon))
        if p.kind == "admin1" and p.country:
            self.areas.add((name, p.country))

    def sibling_areas(self, name: str, country: str | None) -> int:
        """How many other names of the article are admin1 areas of `country` ("Ohio, Montana, Wyoming")."""
        return sum(1 for n, iso in self.areas if iso == country and n != name)

    def share(self, name: str, p: Place) -> tuple[float, float]:
        """Country and admin1 vote shares for `p` from the article's other names (0..1 each)."""
        own_c, own_a = self.by_name.get(name, (Counter(), Counter()))
        total_c = sum(self.countries.values()) - sum(own_c.values())
        n_c = self.countries.get(p.country or "", 0.0) - own_c.get(p.country or "", 0.0)
        key = (p.country or "", p.admin1 or "")
        total_a = sum(self.admin1.values()) - sum(own_a.values())
        n_a = self.admin1.get(key, 0.0) - own_a.get(key, 0.0)
        c = min(1.0, 2 * n_c / max(1.0, total_c)) if n_c > 0 else 0.0
        a = (
            min(1.0, 2 * n_a / max(1.0, total_a))
            if n_a > 0 and p.kind not in {"country", "continent"}
            else 0.0
        )
        return c, a


def _bare(iso: str) -> Place:
    return Place(-1, iso, "country", iso, None, 0.0, 0.0, 0, None)


def _qualifiers(text: str, toponyms: list[Toponym]) -> dict[int, int]:
    """Index of X -> index of Y where the text reads "X, Y" (or "X (Y)"): Y names the area X lies in."""
    out: dict[int, int] = {}
    for i in range(len(toponyms) - 1):
        gap = text[toponyms[i].end : toponyms[i + 1].start]
        if gap.strip() in {",", "(", ", in"} and len(gap) <= 5:
            out[i] = i + 1
    return out


def _closeness(p: Place, q: Place) -> float:
    if q.kind in {"country", "continent", "region"}:
        return 0.0
    if p.kind == "admin1":  # a province is near what lies inside it, not what lies near its centre point
        return (
            ADMIN1_CONTAINS if q.kind != "admin1" and q.country == p.country and q.admin1 == p.name else 0.0
        )
    if q.kind == "admin1":
        return 0.5 if p.country == q.country and p.admin1 == q.name else 0.0
    d = haversine_km(p.lat, p.lon, q.lat, q.lon)
    return 1.0 if d < 50 else 0.6 if d < 150 else 0.3 if d < 400 else 0.0


def _support(toponyms: list[Toponym], cands: list[list[Place]]) -> list[dict[int, float]]:
    """Spatial coherence: for each candidate, how strongly the article's other names could lie near it.

    Each other distinct name votes with its candidates weighted by their prior share (a unique name votes
    with full weight, "Springfield" with little), so a candidate near unambiguous neighbours wins.
    """
    names = [fold(t.text) for t in toponyms]
    distinct: dict[str, list[tuple[Place, float]]] = {}
    for name, cs in zip(names, cands, strict=True):
        if name in distinct or not cs:
            continue
        top = sorted(cs, key=_prior, reverse=True)[:SUPPORT_K]
        weights = [10 ** (_prior(q) / SUPPORT_FLAT) for q in top]
        total = sum(weights)
        distinct[name] = [(q, w / total) for q, w in zip(top, weights, strict=True)]
    out: list[dict[int, float]] = []
    memo: dict[str, dict[int, float]] = {}
    for name, cs in zip(names, cands, strict=True):
        if name not in memo:
            scores: dict[int, float] = {}
            for p in cs[:MAX_CANDIDATES]:
                if p.kind in {"country", "continent", "region"}:
                    continue
                total = 0.0
                for other, votes in distinct.items():
                    if other != name:
                        total += max((_vote(w, _closeness(p, q)) for q, w in votes), default=0.0)
                scores[p.row] = min(total, 2.0)
            memo[name] = scores
        out.append(memo[name])
    return out


def _vote(weight: float, closeness: float) -> float:
    """One candidate's vote: its prior share times closeness, but a namesake right there (or the county
    around it) votes at least COHERE_FLOOR whatever its size: that two ambiguous names both have a reading
    at the same spot (Paris, Tennessee in Henry County, Tennessee) is rarely chance."""
    if closeness >= 1.0:
        return max(weight, COHERE_FLOOR) * closeness
    return weight * closeness


def _within(p: Place, area: Place) -> bool:
    if area.kind == "country":
        return p.country == area.country
    if area.kind == "admin1":
        return p.country == area.country and p.admin1 == area.name
    if area.kind == "continent":
        return True
    return haversine_km(p.lat, p.lon, area.lat, area.lon) < 100


# The document context of one toponym is at most this many place names around it (about 50 KB of news).
# Why: every name is scored against every other name of its context, so an unbounded context makes a long
# article cost the square of its length; no ordinary report has this many place names, so for them the
# whole article is still the context.
CONTEXT_TOPONYMS = 250


def resolve_toponyms(
    gaz: Gazetteer, text: str, toponyms: list[Toponym], context_countries: Iterable[str] = ()
) -> list[Resolved]:
    """Resolve the toponyms of one article; `context_countries`: ISO2 codes it implies (demonyms).

    A very long article is resolved in consecutive windows of CONTEXT_TOPONYMS names, so its cost is linear.
    """
    countries = list(context_countries)
    out: list[Resolved] = []
    for start in range(0, len(toponyms), CONTEXT_TOPONYMS):
        out += _resolve_window(gaz, text, toponyms[start : start + CONTEXT_TOPONYMS], countries)
    return out


def _resolve_window(
    gaz: Gazetteer, text: str, toponyms: list[Toponym], context_countries: list[str]
) -> list[Resolved]:
    cands = [_candidates(gaz, t.text) for t in toponyms]
    quals = _qualifiers(text, toponyms)
    support = _support(toponyms, cands)
    # A province named after its city ("Kirkuk", "Idlib"): the bare name means the city unless told otherwise.
    capitals = [
        {(p.country, p.admin1) for p in cs if p.kind == "city" and p.admin1 and p.population >= 1000}
        for cs in cands
    ]
    names = [fold(t.text) for t in toponyms]
    exact_points = [
        [(p.lat, p.lon) for p in cs if _exact(p, t.text)] for t, cs in zip(toponyms, cands, strict=True)
    ]
    prior_ctx = _Context()
    for iso in context_countries:
        prior_ctx.add(-1, "", gaz.country(iso) or _bare(iso), 0.5)

    def score(i: int, p: Place, ctx: _Context | None) -> float:
        return sum(_parts(i, p, ctx).values())

    def _parts(i: int, p: Place, ctx: _Context | None) -> dict[str, float]:
        t = toponyms[i]
        s = {"prior": _prior(p)}
        if not _exact(p, t.text):
            # Weak when no place bears the name itself or one that does is the same place ("Cotabato City",
            # the city, and the independent city's district); strong when a namesake lies elsewhere.
            elsewhere = any(haversine_km(p.lat, p.lon, la, lo) > 50 for la, lo in exact_points[i])
            s["alias"] = -(W_ALIAS if elsewhere else W_ALIAS_ONLY)
        if t.hint == "admin" and p.kind in {"admin1", "admin2", "region"}:
            s["hint"] = W_HINT
        elif t.hint in {"town", "dateline"} and p.kind in {"city", "base"}:
            s["hint"] = W_HINT
        if p.kind == "admin1" and t.hint != "admin" and (p.country, p.name) in capitals[i]:
            s["same_name_admin"] = -W_SAME_NAME_ADMIN
        if i in quals:
            q = cands[quals[i]]
            if any(_within(p, a) for a in q[:5]):
                s["qualifier"] = W_QUALIFIER
        # An unqualified dateline is the well-known city of that name in the article's country: the places the
        # story is about (a pastor from North Carolina) say nothing about where it was filed.
        local = t.hint != "dateline" or i in quals
        if local:
            s["support"] = W_SUPPORT * support[i].get(p.row, 0.0)
        if ctx is None:
            return s
        # Every mention of the same name is left out, so one name cannot confirm itself.
        c, a = ctx.share(names[i], p)
        if c:
            s["country"] = W_COUNTRY * c
        if a and local:
            s["admin1"] = W_ADMIN1 * a
        if p.kind == "admin1" and ctx.sibling_areas(names[i], p.country) >= SIBLINGS:
            s["siblings"] = W_SIBLINGS
        if local and p.kind in {"city", "admin2", "base", "landmark"}:
            dists = [haversine_km(p.lat, p.lon, la, lo) for j, la, lo in ctx.points if names[j] != names[i]]
            if dists:
                d = min(dists)
                s["near"] = W_NEAR if d < 50 else W_FAR if d < 200 else 0.0
        return s

    # Pass 1: priors, hints and qualifiers, plus the countries that demonyms imply.
    first: list[Place | None] = []
    for i, cs in enumerate(cands):
        first.append(max(cs, key=lambda p, i=i: score(i, p, prior_ctx)) if cs else None)
    ctx = _Context()
    for iso in context_countries:
        ctx.add(-1, "", gaz.country(iso) or _bare(iso), 0.5)
    for i, p in enumerate(first):
        if p is not None:
            ctx.add(i, names[i], p)
    # Pass 2: each toponym against the article's focus.
    out: list[Resolved] = []
    for i, cs in enumerate(cands):
        if not cs:
            out.append(Resolved(toponyms[i], None))
            continue
        best = max(cs, key=lambda p, i=i: score(i, p, ctx))
        if _stray_alias(best, toponyms[i].text, names[i], ctx):
            out.append(Resolved(toponyms[i], None))
            continue
        out.append(Resolved(toponyms[i], best, score(i, best, ctx)))
    return out


def _stray_alias(p: Place, text: str, name: str, ctx: _Context) -> bool:
    """An alternate-name match in a country the rest of the article never points to ("Boni" -> Bonn in a
    report about Mali): the name is most likely a place the gazetteer lacks, and no place beats a wrong
    one."""
    if _exact(p, text) or p.country is None:
        return False
    own_c, _ = ctx.by_name.get(name, (Counter(), Counter()))
    others = sum(ctx.countries.values()) - sum(own_c.values())
    return others > 0 and ctx.share(name, p)[0] == 0.0
