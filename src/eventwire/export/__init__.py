"""Events out to the files researchers' tools read: JSON, JSON Lines, CSV (ACLED-shaped), GTD-shaped CSV,
GeoJSON and Parquet.

JSON and JSONL carry the event record exactly (`Event.model_dump(mode="json")`). CSV, GeoJSON properties and
Parquet carry one flat row per incident: every column of ACLED's public export first, in ACLED's order and
filled as ACLED's codebook defines them, so an ACLED workflow reads the file unchanged; then eventwire's own
columns (ranges, precisions, evidence). GeoJSON and Parquet keep list columns as lists; CSV joins them. The
`gtd` format is a second CSV with GTD's column names and category strings. docs/export.md is the codebook.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import IO, Any

from eventwire.countries import (  # noqa: F401 - country_code re-exported (API)
    acled_region,
    country_code,
    country_name,
    gtd_region,
    iso3,
    iso_numeric,
)
from eventwire.errors import EventwireError
from eventwire.export.codes import (
    acled_actor_name,
    acled_geo_precision,
    acled_inter_code,
    acled_interaction,
    acled_time_precision,
    actor_type,
    civilian_targeting,
    disorder_type,
    gtd_specificity,
    gtd_target_type,
    gtd_weapon_type,
    source_scale,
    ucdp_date_prec,
)
from eventwire.models import Actor, Event
from eventwire.resolve.actors import is_generic

__all__ = [
    "ACLED_COLUMNS",
    "COLUMNS",
    "COLUMN_NAMES",
    "FORMATS",
    "GTD_COLUMNS",
    "acled_event_id",
    "acled_geo_precision",
    "acled_inter_code",
    "acled_interaction",
    "acled_time_precision",
    "country_code",
    "country_name",
    "fatalities",
    "flatten",
    "gtd_row",
    "gtd_specificity",
    "parquet_schema",
    "safe_cell",
    "ucdp_date_prec",
    "write_events",
]

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "gtd", "geojson", "parquet")

# --- The flat row ----------------------------------------------------------------------------------------

# ACLED's public export, every column in ACLED's order (docs/export.md gives each one's meaning here).
ACLED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "string"),
    ("event_date", "date"),
    ("year", "int"),
    ("time_precision", "int"),
    ("disorder_type", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1", "string"),
    ("assoc_actor_1", "string"),
    ("inter1", "int"),
    ("actor2", "string"),
    ("assoc_actor_2", "string"),
    ("inter2", "int"),
    ("interaction", "int"),
    ("civilian_targeting", "string"),
    ("iso", "int"),
    ("region", "string"),
    ("country", "string"),
    ("admin1", "string"),
    ("admin2", "string"),
    ("admin3", "string"),
    ("location", "string"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("geo_precision", "int"),
    ("source", "string"),
    ("source_scale", "string"),
    ("notes", "string"),
    ("fatalities", "int"),
    ("tags", "string"),
    ("timestamp", "int"),
)
# (column, type) in output order: ACLED's columns, then eventwire's. "list" columns are lists of strings in
# GeoJSON and Parquet and joined with LIST_SEP (evidence with EVIDENCE_SEP) in CSV.
COLUMNS: tuple[tuple[str, str], ...] = (
    *ACLED_COLUMNS,
    ("event_id", "string"),
    ("status", "string"),
    ("attack_type", "string"),
    ("date_start", "date"),
    ("date_end", "date"),
    ("date_precision", "string"),
    ("date_text", "string"),
    ("country_code", "string"),
    ("location_precision", "string"),
    ("location_text", "string"),
    ("geonames_id", "int"),
    ("gtd_specificity", "int"),
    ("ucdp_date_prec", "int"),
    ("actors", "list"),
    ("killed_low", "int"),
    ("killed_best", "int"),
    ("killed_high", "int"),
    ("killed_text", "string"),
    ("wounded_low", "int"),
    ("wounded_best", "int"),
    ("wounded_high", "int"),
    ("wounded_text", "string"),
    ("weapons", "list"),
    ("media_medium", "string"),
    ("media_outlet", "string"),
    ("media_platform", "string"),
    ("media_duration_minutes", "float"),
    ("media_language", "string"),
    ("media_threatened", "list"),
    ("confidence", "float"),
    ("evidence_text", "list"),
    ("article_ids", "list"),
    ("source_urls", "list"),
    ("corrections", "list"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
LIST_SEP = "; "  # between items of a list column in CSV (actors, outlets, article ids), as ACLED joins
EVIDENCE_SEP = " | "  # between evidence sentences, which contain semicolons themselves
_CSV_SEPARATORS = {"evidence_text": EVIDENCE_SEP, "corrections": EVIDENCE_SEP}

# GTD's columns this export fills, in GTD's order.
GTD_COLUMNS: tuple[str, ...] = (
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "country_txt",
    "region_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "success",
    "suicide",
    "attacktype1_txt",
    "targtype1_txt",
    "target1",
    "gname",
    "claimed",
    "weaptype1_txt",
    "nkill",
    "nwound",
    "summary",
    "scite1",
)


def _distinct_list(items: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _join(items: Iterable[str | None], sep: str = LIST_SEP) -> str | None:
    kept = _distinct_list(items)
    return sep.join(kept) if kept else None


def _sides(ev: Event) -> tuple[list[Actor], list[Actor]]:
    """ACLED's two sides: actor1 the perpetrators (claimants, else any actor), actor2 the targets/victims.

    Protests follow ACLED's own convention instead: actor1 is the protesters (whatever role extraction gave
    them), actor2 the force that intervened, which extraction marks with the plain role "actor". A group that
    both did and claimed an attack is one actor on its side, not an associate of itself.
    """
    if ev.event_type == "Protests":
        interveners = ev.actors_with_role("actor")
        side1, side2 = [a for a in ev.actors if a not in interveners], interveners
    else:
        side1 = ev.actors_with_role("perpetrator") + ev.actors_with_role("claimant")
        side2 = ev.actors_with_role("target") + ev.actors_with_role("victim")
        if not side1:
            side1 = [a for a in ev.actors if a not in side2]
    return _distinct(side1), _distinct(side2)


def _distinct(actors: list[Actor]) -> list[Actor]:
    """One actor per name, first role kept."""
    first: dict[str, Actor] = {}
    for actor in actors:
        first.setdefault(actor.name, actor)
    return list(first.values())


def corrections_note(ev: Event) -> list[str]:
    """Which fields an analyst corrected, each with the machine's value: the other columns hold the
    corrected values, and this one says so ("fatalities.killed.best=4 (machine: 2; AP: four)")."""
    parts = []
    for c in ev.corrections:
        note = f"; {c.note}" if c.note else ""
        parts.append(f"{c.field}={json.dumps(c.value)} (machine: {json.dumps(c.machine_value)}{note})")
    return parts


def fatalities(ev: Event) -> int:
    """ACLED's single figure: the best estimate, else the lower bound, else 0."""
    killed = ev.fatalities.killed
    return killed.best if killed.best is not None else killed.low if killed.low is not None else 0


def acled_event_id(ev: Event) -> str:
    """ACLED-style event_id_cnty: the country's ISO alpha-3 code and a number ("IRQ482915730291"). The number
    is derived from the event id, so it is stable across exports; XXX stands for an unknown country."""
    number = int(hashlib.sha1(ev.id.encode("utf-8")).hexdigest()[:12], 16) % 10**12
    return f"{iso3(ev.location.country) or 'XXX'}{number}"


def _timestamp(ev: Event) -> int | None:
    """ACLED's timestamp (when the row last changed, in Unix seconds): the newest source's publication."""
    published = [s.published for s in ev.sources if s.published is not None]
    if not published:
        return None
    return int(datetime.combine(max(published), datetime.min.time(), tzinfo=UTC).timestamp())


def _tags(ev: Event) -> str | None:
    """ACLED's tags: a crowd size is reported for every demonstration; eventwire has none to give."""
    if ev.event_type in {"Protests", "Riots"} and ev.sub_event_type != "Mob violence":
        return "crowd size=no report"
    return None


def flatten(ev: Event) -> dict[str, Any]:
    """One flat row (COLUMNS, in order), typed, lists as lists; None where the record has nothing."""
    side1, side2 = _sides(ev)
    types2 = [actor_type(a) for a in side2]
    inter1 = acled_inter_code(actor_type(side1[0])) if side1 else None
    inter2 = acled_inter_code(types2[0]) if side2 else None
    where = country_name(ev.location.country, "acled")
    names1 = _distinct_list(acled_actor_name(a, where) for a in side1)
    names2 = _distinct_list(acled_actor_name(a, where) for a in side2)
    loc, date, killed, wounded, media = (
        ev.location,
        ev.date,
        ev.fatalities.killed,
        ev.fatalities.wounded,
        ev.media,
    )
    start = date.start or date.end
    located = loc.lat is not None and loc.lon is not None
    return {
        "event_id_cnty": acled_event_id(ev),
        "event_date": start,
        "year": start.year if start else None,
        "time_precision": acled_time_precision(date.precision),
        "disorder_type": disorder_type(ev),
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": names1[0] if names1 else None,
        "assoc_actor_1": _join(names1[1:]),
        "inter1": inter1,
        "actor2": names2[0] if names2 else None,
        "assoc_actor_2": _join(names2[1:]),
        "inter2": inter2,
        "interaction": acled_interaction(inter1, inter2),
        "civilian_targeting": civilian_targeting(ev, types2),
        "iso": iso_numeric(loc.country),
        "region": acled_region(loc.country),
        "country": country_name(loc.country, "acled"),
        "admin1": loc.admin1,
        "admin2": None,
        "admin3": None,
        "location": loc.name,
        "latitude": loc.lat,
        "longitude": loc.lon,
        "geo_precision": acled_geo_precision(loc.precision, located),
        "source": _join(s.outlet for s in ev.sources),
        "source_scale": source_scale([s.outlet for s in ev.sources]),
        "notes": ev.summary or None,
        "fatalities": fatalities(ev),
        "tags": _tags(ev),
        "timestamp": _timestamp(ev),
        "event_id": ev.id,
        "status": ev.status,
        "attack_type": ev.attack_type,
        "date_start": date.start,
        "date_end": date.end,
        "date_precision": date.precision,
        "date_text": date.text,
        "country_code": loc.country,
        "location_precision": loc.precision,
        "location_text": loc.text,
        "geonames_id": loc.geonames_id,
        "gtd_specificity": gtd_specificity(
            loc.precision, is_admin1=bool(loc.name and loc.admin1 and loc.name == loc.admin1)
        ),
        "ucdp_date_prec": ucdp_date_prec(date.precision, date.start, date.end),
        "actors": _distinct_list(f"{a.name} ({a.role})" for a in ev.actors),
        "killed_low": killed.low,
        "killed_best": killed.best,
        "killed_high": killed.high,
        "killed_text": killed.text,
        "wounded_low": wounded.low,
        "wounded_best": wounded.best,
        "wounded_high": wounded.high,
        "wounded_text": wounded.text,
        "weapons": _distinct_list(w.name for w in ev.weapons),
        "media_medium": media.medium if media else None,
        "media_outlet": media.outlet if media else None,
        "media_platform": media.platform if media else None,
        "media_duration_minutes": media.duration_minutes if media else None,
        "media_language": media.language if media else None,
        "media_threatened": _distinct_list(media.threatened) if media else [],
        "confidence": ev.confidence,
        "evidence_text": _distinct_list(e.text for e in ev.evidence),
        "article_ids": _distinct_list(s.article_id for s in ev.sources),
        "source_urls": _distinct_list(s.url for s in ev.sources),
        "corrections": corrections_note(ev),
    }


def _count(c: Any) -> int | None:
    return c.best if c.best is not None else c.low


def gtd_row(ev: Event) -> dict[str, Any]:
    """One GTD-shaped row (GTD_COLUMNS): GTD's names, codes (0 for an unknown month or day, as GTD writes)
    and category strings."""
    side1, side2 = _sides(ev)
    start = ev.date.start or ev.date.end
    loc = ev.location
    perpetrators = [
        a for a in side1 if a.role in ("perpetrator", "claimant", "actor") and not is_generic(a.name)
    ]
    claimed = ev.status == "claimed" or any(
        a.role == "claimant" or a.certainty == "claimed" for a in ev.actors
    )
    suicide = ev.sub_event_type == "Suicide bomb" or "suicide" in " ".join(w.name for w in ev.weapons).lower()
    return {
        "eventid": acled_event_id(ev),
        "iyear": start.year if start else None,
        "imonth": start.month if start and ev.date.precision in ("day", "week", "month") else 0,
        "iday": start.day if start and ev.date.precision == "day" else 0,
        "country_txt": country_name(loc.country, "gtd"),
        "region_txt": gtd_region(loc.country),
        "provstate": loc.admin1,
        "city": loc.name if loc.precision in ("town", "near town") else "Unknown",
        "latitude": loc.lat,
        "longitude": loc.lon,
        "specificity": gtd_specificity(
            loc.precision, is_admin1=bool(loc.name and loc.admin1 and loc.name == loc.admin1)
        ),
        "success": 1 if ev.status in ("actual", "claimed", "suspected", "alleged") else 0,
        "suicide": int(suicide),
        "attacktype1_txt": ev.attack_type or "Unknown",
        "targtype1_txt": gtd_target_type(side2),
        "target1": side2[0].name if side2 else None,
        "gname": perpetrators[0].name if perpetrators else "Unknown",
        "claimed": int(claimed),
        "weaptype1_txt": gtd_weapon_type(ev),
        "nkill": _count(ev.fatalities.killed),
        "nwound": _count(ev.fatalities.wounded),
        "summary": ev.summary or None,
        "scite1": _join(s.url or s.outlet for s in ev.sources),
    }


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with =, +, -, @, a tab or a
    carriage return gets a leading apostrophe (OWASP's advice for CSV injection). Article text is untrusted,
    and every CSV this package writes passes through here. Numbers are left alone, negative ones included."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_value(name: str, value: Any) -> Any:
    if isinstance(value, list):
        value = _CSV_SEPARATORS.get(name, LIST_SEP).join(value) if value else None
    if isinstance(value, Date):
        return value.isoformat()
    return safe_cell(value)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, Date) else v for k, v in row.items()}


# --- Writers ---------------------------------------------------------------------------------------------


def _write_json(events: Iterable[Event], fh: IO[str]) -> int:
    n = 0
    fh.write("[")
    for n, ev in enumerate(events, 1):  # noqa: B007 - n is the count written
        fh.write(",\n" if n > 1 else "\n")
        fh.write(json.dumps(ev.model_dump(mode="json"), ensure_ascii=False))
    fh.write("\n]\n" if n else "]\n")
    return n


def _write_jsonl(events: Iterable[Event], fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(ev.model_dump(mode="json"), ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_csv_rows(rows: Iterable[dict[str, Any]], fieldnames: tuple[str, ...], fh: IO[str]) -> int:
    """The one CSV writer: every cell through `safe_cell`, lists joined."""
    writer = csv.DictWriter(fh, fieldnames=fieldnames)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _csv_value(k, v) for k, v in row.items()})
        n += 1
    return n


def _write_csv(events: Iterable[Event], fh: IO[str]) -> int:
    return _write_csv_rows((flatten(ev) for ev in events), COLUMN_NAMES, fh)


def _write_gtd(events: Iterable[Event], fh: IO[str]) -> int:
    """GTD's columns, then eventwire's `corrections`: an analyst's value never passes as the machine's."""
    rows = ({**gtd_row(ev), "corrections": corrections_note(ev)} for ev in events)
    return _write_csv_rows(rows, (*GTD_COLUMNS, "corrections"), fh)


def _feature(ev: Event) -> dict[str, Any]:
    loc = ev.location
    geometry = None
    if loc.lat is not None and loc.lon is not None:
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]}  # GeoJSON order: lon, lat
    return {"type": "Feature", "id": ev.id, "geometry": geometry, "properties": _jsonable(flatten(ev))}


def _write_geojson(events: Iterable[Event], fh: IO[str]) -> int:
    n = 0
    fh.write('{"type": "FeatureCollection", "features": [')
    for n, ev in enumerate(events, 1):  # noqa: B007 - n is the count written
        fh.write(",\n" if n > 1 else "\n")
        fh.write(json.dumps(_feature(ev), ensure_ascii=False))
    fh.write("\n]}\n" if n else "]}\n")
    return n


def parquet_schema() -> Any:
    """The pyarrow schema of the Parquet export: COLUMNS with their types, so empty exports keep them."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def _write_parquet(events: Iterable[Event], out: str | IO[bytes], batch_size: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        rows: list[dict[str, Any]] = []
        for ev in events:
            rows.append(flatten(ev))
            n += 1
            if len(rows) >= batch_size:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return n


@contextmanager
def _text_stream(out: IO[Any] | Path | str) -> Iterator[IO[str]]:
    """A text stream for `out`: a path is opened (and closed), a binary stream wrapped, a text one used."""
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8", newline="") as fh:
            yield fh
    elif isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        yield out
    else:
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()  # leave the caller's stream open


def write_events(events: Iterable[Event], fmt: str, out: IO[Any] | Path | str) -> int:
    """Write `events` as `fmt` (one of FORMATS) to a path or an open stream; returns how many were written.

    Parquet is binary: give a path or a binary stream. Streams are flushed but not closed. Events are
    consumed one at a time, so an iterator over a large store is written without holding it in memory.
    """
    if fmt not in FORMATS:
        raise EventwireError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if isinstance(out, io.TextIOBase):
            raise EventwireError("parquet is binary: give a file path or a binary stream, not a text stream")
        return _write_parquet(events, str(out) if isinstance(out, str | Path) else out)
    writers = {
        "json": _write_json,
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "gtd": _write_gtd,
        "geojson": _write_geojson,
    }
    writer = writers[fmt]
    with _text_stream(out) as fh:
        count = writer(events, fh)
        fh.flush()
    return count
