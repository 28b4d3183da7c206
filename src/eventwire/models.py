"""The shared nouns of eventwire: articles, events and the parts of an event record.

Every stage reads and writes these plain pydantic models, so the CLI, the store, the API and a Spark task all
exchange the same shapes. The event record is the contract of ../shared/DESIGN.md: field names and the
literal strings of the vocabularies below are compared by exports and checks, so change them nowhere else.
"""

from __future__ import annotations

import hashlib
from datetime import date as Date
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# --- Vocabularies (ACLED / GTD spelling, compared literally) -------------------------------------------

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
        "Propaganda release",
        "Threat",
    ),
}
SUB_EVENT_PARENT: dict[str, str] = {sub: parent for parent, subs in EVENT_TYPES.items() for sub in subs}
# The event types of armed violence (not protests, riots or strategic developments).
VIOLENT_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})

ATTACK_TYPES: tuple[str, ...] = (
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
)

ACLED_ACTOR_TYPES: tuple[str, ...] = (
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
)
# ACLED's actor types of non-state armed groups.
NONSTATE_ARMED_TYPES = frozenset({"Rebel group", "Political militia", "Identity militia"})

Status = Literal[
    "actual", "claimed", "suspected", "alleged", "foiled", "planned", "threatened", "hypothetical", "negated"
]
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
PlacePrecision = Literal["town", "near town", "region", "country", "unknown"]
# "target" covers physical targets too (an airliner, a base): Actor.type then says "object".
ActorRole = Literal["perpetrator", "target", "victim", "claimant", "actor", "source"]


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, deterministic hex id: the same inputs give the same id on every machine and run."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


# --- Articles ------------------------------------------------------------------------------------------


class Article(_Model):
    """One news report after ingest and cleaning. `text` is the cleaned body that all offsets point into."""

    id: str
    title: str | None = None
    text: str
    url: str | None = None
    outlet: str | None = None
    published: Date | None = None
    language: str | None = "en"
    source_path: str | None = None
    source_format: str | None = None
    # Metadata the input carried but that could not be used ("published '2020-13-45' ..."): reported by the
    # ingest, never stored (exclude=True keeps it out of model_dump and so out of the articles table).
    warnings: list[str] = Field(default_factory=list, exclude=True)

    @staticmethod
    def make_id(text: str) -> str:
        """Content hash of the cleaned text, whitespace-normalised, so the same report is stored once."""
        return stable_id(" ".join(text.split()))


# --- The event record ----------------------------------------------------------------------------------


class DateInfo(_Model):
    start: Date | None = None
    end: Date | None = None
    precision: DatePrecision = "unknown"
    text: str | None = None


def date_range(d: DateInfo) -> tuple[Date, Date] | None:
    """(first day, last day) of a date; None when unknown.

    Either end stands in for a missing other, and a single day given with week, month or year precision
    is widened to that period ("March 2020" stored as 2020-03-01 still overlaps 11 March). The store indexes
    these bounds and the incident stage compares them, so both read a date the same way.
    """
    if d.start is None and d.end is None:
        return None
    start = d.start or d.end
    end = d.end or d.start
    assert start is not None and end is not None
    if start > end:
        start, end = end, start
    if start == end:
        if d.precision == "week":
            end = start + timedelta(days=6)
        elif d.precision == "month":
            start = start.replace(day=1)
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        elif d.precision == "year":
            start, end = start.replace(month=1, day=1), start.replace(month=12, day=31)
    return start, end


class Location(_Model):
    name: str | None = None
    admin1: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: PlacePrecision = "unknown"
    text: str | None = None


Certainty = Literal["suspected", "alleged", "claimed"]


class Actor(_Model):
    """One actor of an event. `certainty` carries the doubt about who did it ("suspected", "alleged",
    "claimed"), so that the event's own status can say plainly whether the incident happened."""

    name: str
    role: ActorRole = "actor"
    type: str | None = None
    text: str | None = None
    certainty: Certainty | None = None


class Weapon(_Model):
    name: str
    text: str | None = None


class Count(_Model):
    """A casualty figure as a UCDP-style range. `best` is None when the text gives only a bound."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    text: str | None = None


class Fatalities(_Model):
    killed: Count = Field(default_factory=Count)
    wounded: Count = Field(default_factory=Count)


class Media(_Model):
    """A propaganda release: medium, producing outlet, platform, length, language, threatened targets."""

    medium: str | None = None
    outlet: str | None = None
    platform: str | None = None
    duration_minutes: float | None = None
    language: str | None = None
    threatened: list[str] = Field(default_factory=list)
    text: str | None = None


class Evidence(_Model):
    """A span of the cleaned article text (`article.text[start:end] == text`)."""

    article_id: str
    start: int
    end: int
    text: str


class Source(_Model):
    article_id: str
    outlet: str | None = None
    url: str | None = None
    published: Date | None = None


class Correction(_Model):
    """An analyst's value for one field of an incident, kept beside the machine's value it replaces.

    `field` is a dotted path into the record ("fatalities.killed.best"); the record carries the analyst's
    value in that field and this entry says so, so no export can pass a correction off as the machine's.
    """

    field: str
    value: Any = None
    machine_value: Any = None
    note: str | None = None
    corrected_at: datetime | None = None


class Event(_Model):
    id: str
    event_type: str
    sub_event_type: str
    attack_type: str | None = None
    status: Status = "actual"
    date: DateInfo = Field(default_factory=DateInfo)
    location: Location = Field(default_factory=Location)
    actors: list[Actor] = Field(default_factory=list)
    weapons: list[Weapon] = Field(default_factory=list)
    fatalities: Fatalities = Field(default_factory=Fatalities)
    media: Media | None = None
    summary: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    confidence: float = 0.5
    corrections: list[Correction] = Field(default_factory=list)

    def actors_with_role(self, role: str) -> list[Actor]:
        return [a for a in self.actors if a.role == role]


# --- Ingest bookkeeping --------------------------------------------------------------------------------


class Skipped(_Model):
    """An input (file, line, record) that was not stored, and the one-line reason why."""

    source: str
    reason: str


class IngestReport(_Model):
    stored: int = 0
    duplicates: int = 0
    events: int = 0
    skipped: list[Skipped] = Field(default_factory=list)
    already_done: int = 0
    warnings: list[str] = Field(default_factory=list)  # "SOURCE: what was dropped", one per line
    retried: int = 0  # sources in the log from an earlier run (skipped or failed then) read again
