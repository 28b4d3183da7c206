"""Writing one incident and its rows (actors, place, evidence, sources), with statements compiled once.

An incident is stored twice over: the full Event JSON in `events.record` (the only thing read back, so a
round trip is exact) and the indexed columns and link tables that queries filter on. Everything here keeps
the two in step. Values are bound per call, so SQLAlchemy reuses the compiled SQL: this runs some twenty
statements per stored event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from eventwire.corrections import apply_corrections
from eventwire.models import Correction, Event, Location, date_range
from eventwire.store.schema import (
    actors,
    corrections,
    event_actors,
    event_mentions,
    event_sources,
    events,
    evidence,
    places,
)

# Stored incidents compared with one new event at most; the types and date window keep it far below this.
MAX_CANDIDATES = 500


def now() -> datetime:
    """UTC, without tzinfo: SQLite has no time zones and PostgreSQL's plain TIMESTAMP neither."""
    return datetime.now(UTC).replace(tzinfo=None)


# Statements built once, values bound per call: SQLAlchemy then reuses the compiled SQL, which matters at
# twenty statements per stored event.
_FIND_PLACE = select(places.c.id).where(
    places.c.name == bindparam("name"),
    func.coalesce(places.c.country, "") == bindparam("country_key"),
    func.coalesce(places.c.admin1, "") == bindparam("admin1_key"),
)
_FIND_ACTOR = select(actors.c.id, actors.c.type).where(actors.c.name == bindparam("name"))
_SET_ACTOR_TYPE = update(actors).where(actors.c.id == bindparam("b_id")).values(type=bindparam("type"))
_EVENT_EXISTS = select(events.c.id).where(events.c.id == bindparam("b_id"))
_UPDATE_EVENT = update(events).where(events.c.id == bindparam("b_id"))
_DELETE_CHILDREN = [
    delete(t).where(t.c.event_id == bindparam("b_id")) for t in (event_actors, evidence, event_sources)
]


@lru_cache(maxsize=4)
def candidates_query(dated: bool, placed: bool) -> Any:
    """Stored incidents of the given event types that one article has not reported yet, in the date window
    and country when the new event has them (undated / unplaced incidents are always candidates)."""
    query = select(events.c.id, events.c.record).where(
        events.c.event_type.in_(bindparam("types", expanding=True)),
        ~events.c.id.in_(
            select(event_mentions.c.event_id).where(event_mentions.c.article_id == bindparam("article"))
        ),
    )
    if dated:
        window = and_(events.c.date_start <= bindparam("hi"), events.c.date_end >= bindparam("lo"))
        query = query.where(or_(events.c.date_start.is_(None), window))
    if placed:
        query = query.where(or_(events.c.country.is_(None), events.c.country == bindparam("country")))
    return query.order_by(events.c.id).limit(MAX_CANDIDATES)


def _place_id(conn: Connection, loc: Location) -> int | None:
    if not loc.name:
        return None
    country = loc.country.upper() if loc.country else None
    keys = {"name": loc.name, "country_key": country or "", "admin1_key": loc.admin1 or ""}
    found = conn.execute(_FIND_PLACE, keys).scalar()
    if found is not None:
        return found
    values = loc.model_dump(exclude={"text"})
    values["country"] = country
    return conn.execute(insert(places).returning(places.c.id), values).scalar_one()


def _actor_id(conn: Connection, name: str, type_: str | None) -> int:
    row = conn.execute(_FIND_ACTOR, {"name": name}).first()
    if row is None:
        return conn.execute(insert(actors).returning(actors.c.id), {"name": name, "type": type_}).scalar_one()
    if row.type is None and type_ is not None:
        conn.execute(_SET_ACTOR_TYPE, {"b_id": row.id, "type": type_})
    return row.id


def _event_row(ev: Event, place_id: int | None) -> dict[str, Any]:
    span = date_range(ev.date)
    loc, killed, wounded = ev.location, ev.fatalities.killed, ev.fatalities.wounded
    return {
        "id": ev.id,
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "attack_type": ev.attack_type,
        "status": ev.status,
        "date_start": span[0] if span else None,
        "date_end": span[1] if span else None,
        "date_precision": ev.date.precision,
        "country": loc.country.upper() if loc.country else None,
        "admin1": loc.admin1,
        "location": loc.name,
        "lat": loc.lat,
        "lon": loc.lon,
        "place_id": place_id,
        "killed_low": killed.low,
        "killed_best": killed.best,
        "killed_high": killed.high,
        "wounded_low": wounded.low,
        "wounded_best": wounded.best,
        "wounded_high": wounded.high,
        "confidence": ev.confidence,
        "summary": ev.summary,
        "record": ev.model_dump(mode="json"),
        "updated_at": now(),
    }


def _delete_children(conn: Connection, event_id: str) -> None:
    for statement in _DELETE_CHILDREN:
        conn.execute(statement, {"b_id": event_id})


def delete_event(conn: Connection, event_id: str) -> None:
    _delete_children(conn, event_id)
    conn.execute(delete(event_mentions).where(event_mentions.c.event_id == event_id))
    conn.execute(delete(events).where(events.c.id == event_id))


_FIND_CORRECTIONS = (
    select(corrections).where(corrections.c.event_id == bindparam("b_id")).order_by(corrections.c.id)
)


def stored_corrections(conn: Connection, event_id: str) -> list[Correction]:
    """An incident's corrections, oldest first (the latest per field wins when applied)."""
    rows = conn.execute(_FIND_CORRECTIONS, {"b_id": event_id}).mappings()
    return [
        Correction(field=r["field"], value=r["value"], note=r["note"], corrected_at=r["corrected_at"])
        for r in rows
    ]


def write_event(conn: Connection, ev: Event) -> None:
    """Insert or replace one incident row and its actor, evidence and source rows (mentions untouched).

    The analysts' corrections of the incident are laid over `ev` first, so the indexed columns that filters
    read hold the corrected values and the record says which fields were corrected, and from what.
    """
    ev = apply_corrections(ev, stored_corrections(conn, ev.id))
    row = _event_row(ev, _place_id(conn, ev.location))
    if conn.execute(_EVENT_EXISTS, {"b_id": ev.id}).first() is None:
        conn.execute(insert(events), row)
    else:
        del row["id"]
        conn.execute(_UPDATE_EVENT, {**row, "b_id": ev.id})
        _delete_children(conn, ev.id)
    links: dict[tuple[int, str], str | None] = {}
    for actor in ev.actors:
        links.setdefault((_actor_id(conn, actor.name, actor.type), actor.role), actor.text)
    if links:
        conn.execute(
            insert(event_actors),
            [{"event_id": ev.id, "actor_id": a, "role": r, "text": t} for (a, r), t in links.items()],
        )
    if ev.evidence:
        conn.execute(insert(evidence), [{"event_id": ev.id, **e.model_dump()} for e in ev.evidence])
    sources = {s.article_id: s for s in ev.sources}
    if sources:
        conn.execute(insert(event_sources), [{"event_id": ev.id, **s.model_dump()} for s in sources.values()])
