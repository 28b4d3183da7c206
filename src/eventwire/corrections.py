"""Analysts' corrections: one field of an incident set by hand, the machine's value kept beside it.

A correction is stored apart from the incident (the `corrections` table) and applied whenever the incident is
written, so it survives every later merge: the machine's record is rebuilt from the articles, then the
analyst's values are laid over it, each field's `machine_value` refreshed from the record it replaces.
`check_correction` is the one place a proposed value is validated (API and any future CLI both call it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, get_args

from pydantic import ValidationError

from eventwire.errors import EventwireError
from eventwire.models import (
    ATTACK_TYPES,
    EVENT_TYPES,
    SUB_EVENT_PARENT,
    Correction,
    DatePrecision,
    Event,
    PlacePrecision,
    Status,
)

# The fields an analyst may set, as dotted paths into the record. Lists (actors, weapons, evidence) are not
# here: a correction replaces one value, and a list's items have no stable address across merges.
CORRECTABLE: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "attack_type",
    "status",
    "date.start",
    "date.end",
    "date.precision",
    "location.name",
    "location.admin1",
    "location.country",
    "location.lat",
    "location.lon",
    "location.precision",
    "fatalities.killed.low",
    "fatalities.killed.best",
    "fatalities.killed.high",
    "fatalities.wounded.low",
    "fatalities.wounded.best",
    "fatalities.wounded.high",
    "summary",
)


# The values a vocabulary field takes (the correction form offers them; check_correction enforces them).
CHOICES: dict[str, list[str]] = {
    "event_type": list(EVENT_TYPES),
    "sub_event_type": list(SUB_EVENT_PARENT),
    "attack_type": list(ATTACK_TYPES),
    "status": list(get_args(Status)),
    "date.precision": list(get_args(DatePrecision)),
    "location.precision": list(get_args(PlacePrecision)),
}


class CorrectionError(EventwireError):
    """A proposed correction names an unknown field or a value the record cannot hold."""

    def __init__(self, field: str, message: str, allowed: list[str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.allowed = allowed


def _get(record: dict[str, Any], path: str) -> Any:
    node: Any = record
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = record
    for part in parents:
        if node.get(part) is None:
            node[part] = {}
        node = node[part]
    node[last] = value


def machine_record(ev: Event) -> Event:
    """The record as the machine made it: every corrected field back to its machine value."""
    if not ev.corrections:
        return ev
    record = ev.model_dump(mode="json")
    for correction in ev.corrections:
        _set(record, correction.field, correction.machine_value)
    record["corrections"] = []
    return Event.model_validate(record)


def apply_corrections(ev: Event, corrections: list[Correction]) -> Event:
    """`ev` (a machine record, or one already corrected) with `corrections` laid over it, the latest per
    field winning; each applied correction records the machine value it replaced."""
    base = machine_record(ev)
    if not corrections:
        return base
    latest: dict[str, Correction] = {}
    for correction in corrections:
        latest.pop(correction.field, None)  # keep the order of the latest corrections
        latest[correction.field] = correction
    record = base.model_dump(mode="json")
    applied = []
    for field, correction in latest.items():
        machine = _get(record, field)
        _set(record, field, correction.value)
        applied.append(correction.model_copy(update={"machine_value": machine}).model_dump(mode="json"))
    record["corrections"] = applied
    return Event.model_validate(record)


def check_correction(ev: Event, field: str, value: Any, note: str | None = None) -> list[Correction]:
    """The corrections that setting `field` to `value` makes (a sub-event type brings its event type along),
    or CorrectionError saying why the value cannot stand, with the allowed values where there is a list."""
    if field not in CORRECTABLE:
        raise CorrectionError(field, f"field {field!r} cannot be corrected", list(CORRECTABLE))
    if isinstance(value, str):
        value = value.strip() or None
    choices = CHOICES.get(field)
    nullable = field == "attack_type"  # an event that is not an attack has none
    if choices is not None and value not in choices and not (nullable and value is None):
        raise CorrectionError(field, f"unknown {field} {value!r}", choices)
    when = datetime.now().replace(microsecond=0)
    made = [Correction(field=field, value=value, note=note, corrected_at=when)]
    if field == "sub_event_type":
        parent = SUB_EVENT_PARENT[value]
        if parent != ev.event_type:
            made.append(Correction(field="event_type", value=parent, note=note, corrected_at=when))
    elif field == "event_type":
        if SUB_EVENT_PARENT.get(ev.sub_event_type) != value:
            allowed = list(EVENT_TYPES[value])
            raise CorrectionError(
                field,
                f"sub_event_type {ev.sub_event_type!r} is not a kind of {value!r}: "
                "correct sub_event_type instead, which sets its event type",
                allowed,
            )
    try:
        trial = apply_corrections(ev, [*ev.corrections, *made])
    except ValidationError as exc:
        first = exc.errors()[0]
        allowed = _literal_choices(first)
        raise CorrectionError(field, f"{field}: {first['msg']} (got {value!r})", allowed) from None
    return [c for c in trial.corrections if c.field in {m.field for m in made}]


def _literal_choices(error: Any) -> list[str] | None:
    expected = (error.get("ctx") or {}).get("expected")
    if not expected:
        return None
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip(" '")]
