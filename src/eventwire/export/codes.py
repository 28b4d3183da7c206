"""The code books of ACLED, GTD and UCDP as small functions: precisions, actor and interaction codes,
disorder types, source scales, GTD target and weapon categories. Each mapping lives here once; the
vocabularies behind the word-based ones are data files in `eventwire/data/export/`."""

from __future__ import annotations

import json
import re
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.models import ACLED_ACTOR_TYPES, NONSTATE_ARMED_TYPES, Actor, Event

_DATA = Path(__file__).resolve().parents[1] / "data" / "export"


@lru_cache(maxsize=8)
def _table(name: str) -> dict[str, Any]:
    data = json.loads((_DATA / name).read_text(encoding="utf-8"))
    data.pop("_about", None)
    return data


def _words(text: str | None) -> str:
    """Lower-case words separated by single spaces, padded, so ' word ' finds whole words and phrases."""
    return " " + " ".join(re.findall(r"[\w'-]+", (text or "").casefold())) + " "


# --- precisions ------------------------------------------------------------------------------------------


def acled_geo_precision(precision: str, located: bool = True) -> int | None:
    """ACLED geo_precision: 1 the town itself, 2 near a town or part of it, 3 a larger region (or only the
    country); None for a row with no coordinates, which ACLED would not code at all."""
    if not located:
        return None
    return {"town": 1, "near town": 2}.get(precision, 3)


def gtd_specificity(precision: str, is_admin1: bool = False) -> int:
    """GTD specificity: 1 town with its coordinates, 2 near a town (coordinates of the town), 3 a region
    below the first administrative level, 4 a first-level region (province, governorate), 5 no region
    known (country only or nothing: GTD leaves the coordinates unknown)."""
    if precision == "region":
        return 4 if is_admin1 else 3
    return {"town": 1, "near town": 2}.get(precision, 5)


def acled_time_precision(precision: str) -> int:
    """ACLED time_precision: 1 the day is known, 2 the week, 3 only the month or a longer period."""
    return {"day": 1, "week": 2}.get(precision, 3)


def ucdp_date_prec(precision: str, start: Date | None = None, end: Date | None = None) -> int:
    """UCDP GED date_prec: 1 exact day, 2 a range of 2-6 days, 3 the week, 4 the month (or 8-30 days),
    5 longer or only the year. A day-precision range spanning several days counts by its span."""
    if precision == "day" and start and end and end > start:
        span = (end - start).days + 1
        return 2 if span <= 6 else 4 if span <= 30 else 5
    return {"day": 1, "week": 3, "month": 4}.get(precision, 5)


# --- ACLED actors and event classes ----------------------------------------------------------------------


def _head_type(name: str) -> str | None:
    """The ACLED type an unnamed actor's words imply: the whole name, its last two words, then its last."""
    words = _words(name).split()
    for phrase in (" ".join(words), " ".join(words[-2:]), " ".join(words[-1:])):
        for kind, heads in _table("actor_heads.json").items():
            if phrase and phrase in heads:
                return kind
    return None


def actor_type(actor: Actor) -> str | None:
    """The ACLED actor type of an actor: the resolved type; for armed men the text does not name, a
    political militia (ACLED's "Unidentified Armed Group"); else the type its words imply ("Iraqi
    policemen" → State forces, "protesters" → Protesters, "villagers" → Civilians)."""
    from eventwire.resolve.actors import is_generic

    if actor.type and actor.type.casefold() in {t.casefold() for t in ACLED_ACTOR_TYPES}:
        return next(t for t in ACLED_ACTOR_TYPES if t.casefold() == actor.type.casefold())
    if is_generic(actor.name):
        return "Political militia"
    return _head_type(actor.name)


_POLICE_WORDS = {"police", "policeman", "policemen", "policewoman", "cop", "cops", "gendarme", "gendarmes"}


def acled_actor_name(actor: Actor, country: str | None) -> str:
    """The actor as ACLED names it: a recognised actor keeps its canonical name; an unnamed one gets ACLED's
    generic name with the country ("Unidentified Armed Group (Iraq)", "Civilians (Nigeria)",
    "Protesters (Pakistan)", "Police Forces of Kenya", "Military Forces of Somalia")."""
    from eventwire.resolve.actors import is_generic

    where = f" ({country})" if country else ""
    if actor.type:
        return actor.name
    if is_generic(actor.name):
        return f"Unidentified Armed Group{where}"
    kind = _head_type(actor.name)
    if kind == "State forces" and country:
        police = _POLICE_WORDS & set(_words(actor.name).split())
        return f"{'Police' if police else 'Military'} Forces of {country}"
    if kind in ("Civilians", "Protesters", "Rioters"):
        return f"{kind}{where}"
    return actor.name


def acled_inter_code(actor_type_name: str | None) -> int | None:
    """ACLED's inter code (1 State forces ... 8 External/Other forces) for an actor type, None if not one."""
    if not actor_type_name:
        return None
    lowered = [t.lower() for t in ACLED_ACTOR_TYPES]
    try:
        return lowered.index(actor_type_name.lower()) + 1
    except ValueError:
        return None


def acled_interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction: the two inter codes, smaller first (12 = state vs rebels); 10*code for one actor."""
    if inter1 is None:
        return None if inter2 is None else inter2 * 10
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def disorder_type(ev: Event) -> str:
    """ACLED's disorder_type: political violence, demonstrations, or strategic developments (2023 codebook:
    violent demonstrations are demonstrations, mob violence is political violence, and excessive force
    against protesters is both)."""
    if ev.sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if ev.event_type == "Protests" or ev.sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if ev.event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def civilian_targeting(ev: Event, side2_types: list[str | None]) -> str | None:
    """ACLED's civilian_targeting: "Civilian targeting" when civilians are the primary target of violence."""
    if ev.event_type in {"Violence against civilians", "Explosions/Remote violence", "Riots"}:
        if side2_types and side2_types[0] == "Civilians":
            return "Civilian targeting"
        if ev.event_type == "Violence against civilians":
            return "Civilian targeting"  # ACLED: in this event type civilians are always the target
    return None


def source_scale(outlets: list[str | None]) -> str | None:
    """ACLED's source_scale of a row: the scales of its known outlets joined by '-' (National-International),
    local to international; None when no outlet's scale is known."""
    order = ("Subnational", "National", "Regional", "International", "New media")
    found: set[str] = set()
    for outlet in outlets:
        for scale, names in _table("outlet_scale.json").items():
            if outlet and outlet.casefold() in {n.casefold() for n in names}:
                found.add(scale)
    return "-".join(s for s in order if s in found) or None


# --- GTD categories --------------------------------------------------------------------------------------


def gtd_target_type(actors: list[Actor]) -> str:
    """GTD targtype1_txt of the first target or victim: by the words of its name, else by its actor type."""
    for actor in actors:
        words = _words(actor.name)
        for category, keys in _table("gtd_targets.json").items():
            if any(f" {k} " in words for k in keys):
                return category
        kind = actor_type(actor)
        if kind == "State forces":
            return "Military"
        if kind in {"Civilians", "Protesters"}:
            return "Private Citizens & Property"
        if kind in NONSTATE_ARMED_TYPES:
            return "Terrorists/Non-State Militia"
    return "Unknown"


def gtd_weapon_type(ev: Event) -> str:
    """GTD weaptype1_txt: from the weapon names, else from the sub-event type, else Unknown."""
    words = _words(" ; ".join(w.name for w in ev.weapons))
    table = _table("gtd_weapons.json")
    for category, keys in table["by_word"].items():
        if any(f" {k} " in words for k in keys):
            return category
    return table["by_sub_event_type"].get(ev.sub_event_type, "Unknown")
