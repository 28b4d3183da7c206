"""MUC-4 INCIDENT: DATE and INCIDENT: LOCATION: eventwire's event records scored against the 25-slot keys.

`eventwire eval muc4 --slots date,location` runs this module instead of the template F1 of `eval.muc4`: the
processed muc4 JSON has no dates or places, the original answer keys (`<data>/muc4/raw/`, read by
`eval.muc4_keys`) do.

Splits. Our muc4 splits are GTT's; their docids name the original files:
- "train" (DEV-MUC3-0001..1300) = CORPORA/dev: texts dev-muc3-*, keys key-dev-*.muc4;
- "dev" (TST1-MUC3-0001..0100 and TST2-MUC4-0001..0100) = CORPORA/tst1 (tst1-muc3, key-tst1.v7) and
  CORPORA/tst2 (tst2-muc4, key-tst2.v4).
Only the messages of `<data>/muc4/<split>.json` are scored; one missing from the raw files is an error.

Input. Each message goes to `Extractor().extract_many` as a wire report reaches a reader: its dateline as
written ("bogota, 7 jan 90 (efe) --"), then the split file's `doctext` (the body `eval muc4 --engine
extractor` scores, lower-cased like it; the raw texts are all upper case, which spaCy tags far worse).
`published` is the dateline's date, so "yesterday" and "last Friday" resolve as the key's annotators resolved
them; the dateline's place is left to the extractor as the hint it is (the report's origin, not necessarily
the incident's place). A dateline with NO DATE or without a year gives no publication date: nothing relative
is resolved then, and a key date without a year cannot be read either.

Scoring, per gold template. Scored are the numbered templates of the key that are not marked OPTIONAL; a
slot is scored where its filler parses (a "-" date, a year-less date without a dated dateline are left out).
1. The template's event: among the message's events that eventwire maps to a MUC incident
   (`eval.muc4.incident_type_of`, the mapping of the template F1), the one with the highest
   `filler hits + type match`, the earlier one on a tie. Filler hits: how many of the key's quoted strings
   (perpetrator individual and organisation, physical target, human target name and description,
   instrument) occur, normalised, as whole words in the event's evidence sentences, actor and weapon texts.
   Type match: 1 when the event's incident type is one of the key's types. Several key templates may pick
   the same event; a message with no such event leaves its templates unmatched, counted wrong.
2. Date. The key's alternatives are ranges: "D" is [D, D]; "D1 - D2" is [D1, D2]; "- D" (on or before D: a
   weekday reference or the dateline default) is [D - 7 days, D]. The event's date (start..end, a single day
   or a week, month or year range) is correct when it lies within one alternative widened by the tolerance:
   0 days for `date_accuracy`, 1 day for `date_accuracy_1day` (reports dated the day after a night
   incident). An event without a date is correct only against the default fill, "- D" with D the dateline
   date: both say "the text gives no date, the report's day is the latest".
3. Location. The key's alternatives name a country and places below it (every level, both ends of a
   "A - B" range). The event's place is correct when its country (ISO code) is the alternative's country
   (the key's country name looked up in the gazetteer) and, when the alternative names places, the event's
   place name equals one of them (accents and case folded) or the event's coordinates lie within 161 km (the
   toponym-resolution metric) of one of them, each key place resolved in the gazetteer within its country
   (the populated place for a CITY/TOWN..., the admin area for a DEPARTMENT/PROVINCE..., else the most
   populous). `location_accuracy_25km` asks 25 km instead; `location_country_accuracy` asks the country only.

Accuracies are percent of scored templates; `*_on_matched` leave out the templates no event was matched to,
telling slot filling apart from event detection (which the template F1 measures). There is no partial credit:
where MUC's interactive scoring (raw/scoring-guidelines.v7, 3.2.2 and 3.2.3) allows half a point (a day inside
a key's range, a default fill against the dateline day, the right country without the right town), a slot
here is right or wrong as defined above.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.errors import DatasetError
from eventwire.eval.metrics import normalize_string
from eventwire.eval.muc4 import incident_type_of
from eventwire.eval.muc4_keys import (
    SPLIT_FOLDERS,
    Dateline,
    DateRange,
    KeyTemplate,
    LocationAlt,
    PlaceName,
    parse_date_filler,
    parse_keys,
    parse_location_filler,
    parse_messages,
    quoted_strings,
    split_alternatives,
    wire_text,
)
from eventwire.extract.rolefill import iter_docs
from eventwire.models import Article, DateInfo, Event, Location
from eventwire.resolve.gazetteer import Gazetteer, Place, fold, haversine_km

__all__ = [
    "SLOTS",
    "GoldMessage",
    "best_event",
    "date_correct",
    "evaluate",
    "load_gold",
    "location_correct",
    "parse_slots",
    "score",
]

SLOTS = ("date", "location")
OPEN_RANGE_DAYS = 7  # "- D": on or before D, read as the week up to D
NEAR_KM = 161.0
CLOSE_KM = 25.0
_FILLER_SLOTS = (
    "PERP: INDIVIDUAL ID",
    "PERP: ORGANIZATION ID",
    "PHYS TGT: ID",
    "HUM TGT: NAME",
    "HUM TGT: DESCRIPTION",
    "INCIDENT: INSTRUMENT ID",
)
_POPULATED = {"CITY", "TOWN", "VILLAGE", "MUNICIPALITY", "PORT", "HAMLET", "CAPITAL", "SUBURB", "TOWNSHIP"}
_ADMIN = {"DEPARTMENT", "PROVINCE", "STATE", "INTENDANCY", "COUNTY", "DISTRICT", "JURISDICTION"}


def parse_slots(value: str | Iterable[str]) -> tuple[str, ...]:
    """Slot names from "date,location" or a list; an unknown or missing name is a DatasetError."""
    names = value.split(",") if isinstance(value, str) else list(value)
    out = tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))
    unknown = [n for n in out if n not in SLOTS]
    if unknown or not out:
        given = ", ".join(map(repr, unknown)) or "(none given)"
        raise DatasetError(f"unknown muc4 slot {given}; choose from {', '.join(SLOTS)}")
    return out


# --- gold -------------------------------------------------------------------------------------------------


@dataclass
class GoldMessage:
    """One message of the split: the text eventwire reads, its dateline and its scored key templates."""

    docid: str
    text: str
    dateline: Dateline | None
    templates: list[KeyTemplate] = field(default_factory=list)

    @property
    def published(self) -> date | None:
        return self.dateline.date if self.dateline else None


def load_gold(data_dir: Path, split: str) -> list[GoldMessage]:
    """The messages of `<data>/muc4/<split>.json` with their raw datelines and non-optional key templates."""
    path = Path(data_dir) / "muc4" / f"{split}.json"
    if split not in SPLIT_FOLDERS:
        raise DatasetError(f"MUC-4 slot keys exist for splits {', '.join(SPLIT_FOLDERS)}, not {split!r}")
    corpora = Path(data_dir) / "muc4" / "raw" / "CORPORA"
    raw_only = not path.exists()
    if raw_only and not all((corpora / folder).is_dir() for folder in SPLIT_FOLDERS[split]):
        raise DatasetError(
            f"MUC-4 {split} split not found: neither {path} nor the raw folders "
            f"{', '.join(SPLIT_FOLDERS[split])} under {corpora}"
        )
    messages, keys = {}, {}
    for folder in SPLIT_FOLDERS[split]:
        for file in sorted((corpora / folder).glob("*")):
            text = file.read_text(encoding="latin-1")
            if file.name.startswith("key-"):
                for t in parse_keys(text):
                    keys.setdefault(t.docid, []).append(t)
            elif file.name.startswith(f"{folder}-"):
                messages.update(parse_messages(text))
    out: list[GoldMessage] = []
    missing: list[str] = []
    # Without a processed file, the raw message bodies are the texts as the processed files have them:
    # lower-cased, without the "[TEXT]" marker, the transcribers' "[AS HEARD]" notes in round brackets.
    docs = (
        ({"docid": d, "doctext": _processed_body(m.body)} for d, m in sorted(messages.items()))
        if raw_only
        else iter_docs(path)
    )
    for doc in docs:
        docid = doc["docid"]
        if docid not in messages or docid not in keys:
            missing.append(docid)
            continue
        scored = [t for t in keys[docid] if t.number is not None and not t.optional]
        dateline = messages[docid].dateline
        out.append(GoldMessage(docid, wire_text(dateline, doc["doctext"]), dateline, scored))
    if missing:
        raise DatasetError(
            f"{len(missing)} MUC-4 {split} messages have no text or key under {corpora} "
            f"(first: {missing[0]}); the raw files of the split are {', '.join(SPLIT_FOLDERS[split])}"
        )
    return out


def _processed_body(body: str) -> str:
    """A raw message body as the processed muc4 files give it (`load_gold` reads raw-only test folders)."""
    text = re.sub(r"^\[text\]\s*", "", " ".join(body.lower().split()))
    return text.replace("[", "(").replace("]", ")")


# --- matching a key template to an event ------------------------------------------------------------------


def _event_text(event: Event) -> str:
    parts = [e.text for e in event.evidence]
    parts += [a.text or a.name for a in event.actors] + [w.text or w.name for w in event.weapons]
    return f" {normalize_string(' '.join(parts))} "


def _key_types(template: KeyTemplate) -> set[str]:
    return {t.lower() for t in split_alternatives(template.filler("INCIDENT: TYPE"))}


def filler_hits(template: KeyTemplate, event: Event) -> int:
    """How many of the key's quoted role strings occur (normalised, as whole words) in the event's texts."""
    text = _event_text(event)
    strings = {normalize_string(s) for slot in _FILLER_SLOTS for s in quoted_strings(template.filler(slot))}
    return sum(1 for s in strings if s and f" {s} " in text)


def best_event(template: KeyTemplate, events: list[Event]) -> Event | None:
    """The event the key template is compared with (module docstring, step 1); None when none is a MUC one."""
    types = _key_types(template)
    best, best_score = None, -1
    for event in events:
        kind = incident_type_of(event)
        if kind is None:
            continue
        value = filler_hits(template, event) + (kind in types)
        if value > best_score:  # strict: the earlier event wins a tie (events come in text order)
            best, best_score = event, value
    return best


# --- dates ------------------------------------------------------------------------------------------------


def date_correct(
    pred: DateInfo, gold: list[DateRange], published: date | None, tolerance_days: int = 0
) -> bool:
    """Module docstring, step 2."""
    if pred.start is None:
        return published is not None and any(g.start is None and g.end == published for g in gold)
    start, end = pred.start, pred.end or pred.start
    slack = timedelta(days=tolerance_days)
    for g in gold:
        low = g.start if g.start is not None else g.end - timedelta(days=OPEN_RANGE_DAYS)
        if low - slack <= start and end <= g.end + slack:
            return True
    return False


# --- locations --------------------------------------------------------------------------------------------


class KeyPlaces:
    """The key's country and place names on the gazetteer, looked up once each."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.country = lru_cache(maxsize=None)(self._country)
        self.place = lru_cache(maxsize=None)(self._place)

    def _country(self, name: str) -> str | None:
        """ISO code of a key country; a misspelt one ("GUATAMALA") by the closest country name."""
        for p in self.gazetteer.lookup(name):
            if p.kind == "country" and p.country:
                return p.country
        from rapidfuzz import fuzz, process

        labels = {}
        for iso in self.gazetteer.country_rows:
            place = self.gazetteer.country(iso)
            if place is not None:
                labels[iso] = fold(place.name)
        hit = process.extractOne(fold(name), labels, scorer=fuzz.ratio, score_cutoff=85)
        return hit[2] if hit else None

    def _place(self, name: str, kinds: tuple[str, ...], iso: str) -> Place | None:
        candidates = [p for p in self.gazetteer.lookup(name) if p.country == iso and p.kind != "country"]
        if not candidates:
            return None
        want = {"city"} if _POPULATED & set(kinds) else {"admin1", "admin2"} if _ADMIN & set(kinds) else set()
        candidates.sort(key=lambda p: (p.kind not in want, -p.population))  # lookup's order otherwise
        return candidates[0]


def _near(pred: Location, places: tuple[PlaceName, ...], iso: str, keys: KeyPlaces, km: float) -> bool:
    if pred.name and fold(pred.name) in {fold(p.name) for p in places}:
        return True
    if pred.lat is None or pred.lon is None:
        return False
    for p in places:
        hit = keys.place(p.name, p.kinds, iso)
        if hit is not None and haversine_km(pred.lat, pred.lon, hit.lat, hit.lon) <= km:
            return True
    return False


def location_correct(
    pred: Location, gold: list[LocationAlt], keys: KeyPlaces, km: float = NEAR_KM, country_only: bool = False
) -> bool:
    """Module docstring, step 3."""
    if not pred.country:
        return False
    for alt in gold:
        iso = keys.country(alt.country)
        if iso is None or iso != pred.country:
            continue
        if country_only or not alt.places or _near(pred, alt.places, iso, keys, km):
            return True
    return False


# --- the benchmark ----------------------------------------------------------------------------------------


def _pct(num: int, den: int) -> float:
    return 100.0 * num / den if den else float("nan")


def _date_counts(template: KeyTemplate, event: Event | None, published: date | None) -> Counter[str]:
    gold = parse_date_filler(template.filler("INCIDENT: DATE"), published)
    if not gold:
        return Counter()
    if event is None:
        return Counter(scored=1)
    ok = date_correct(event.date, gold, published)
    unknown = event.date.start is None
    return Counter(
        scored=1,
        matched=1,
        correct=ok,
        correct_1day=date_correct(event.date, gold, published, 1),
        unknown=unknown,
        unknown_correct=ok and unknown,
    )


def _location_counts(template: KeyTemplate, event: Event | None, keys: KeyPlaces) -> Counter[str]:
    gold = parse_location_filler(template.filler("INCIDENT: LOCATION"))
    if not gold:
        return Counter()
    if event is None:
        return Counter(scored=1)
    loc = event.location
    return Counter(
        scored=1,
        matched=1,
        correct=location_correct(loc, gold, keys),
        correct_25km=location_correct(loc, gold, keys, CLOSE_KM),
        country_correct=location_correct(loc, gold, keys, country_only=True),
        unknown=not loc.country,
    )


def score(
    golds: list[GoldMessage],
    events: Mapping[str, list[Event]],
    slots: tuple[str, ...] = SLOTS,
    gazetteer: Gazetteer | None = None,
) -> dict[str, Any]:
    """Accuracies (percent) and counts of the requested slots over the key templates of `golds`."""
    keys = KeyPlaces(gazetteer or Gazetteer.load()) if "location" in slots else None
    n: dict[str, Counter[str]] = {"all": Counter(), "date": Counter(), "location": Counter()}
    for msg in golds:
        for template in msg.templates:
            event = best_event(template, events.get(msg.docid, []))
            n["all"].update(templates=1, templates_without_event=event is None)
            if "date" in slots:
                n["date"].update(_date_counts(template, event, msg.published))
            if keys is not None:
                n["location"].update(_location_counts(template, event, keys))
    d, loc = n["date"], n["location"]
    out: dict[str, Any] = {}
    if "date" in slots:
        out["date_accuracy"] = _pct(d["correct"], d["scored"])
        out["date_accuracy_1day"] = _pct(d["correct_1day"], d["scored"])
        out["date_accuracy_on_matched"] = _pct(d["correct"], d["matched"])
    if "location" in slots:
        out["location_accuracy"] = _pct(loc["correct"], loc["scored"])
        out["location_accuracy_25km"] = _pct(loc["correct_25km"], loc["scored"])
        out["location_country_accuracy"] = _pct(loc["country_correct"], loc["scored"])
        out["location_accuracy_on_matched"] = _pct(loc["correct"], loc["matched"])
    out["documents"] = len(golds)
    out["templates"] = n["all"]["templates"]
    out["templates_without_event"] = n["all"]["templates_without_event"]
    for slot in slots:
        extra = ("unknown_correct",) if slot == "date" else ()  # no date, credited as the default fill
        for key in ("scored", "matched", "correct", "unknown", *extra):
            out[f"{slot}_{key}"] = n[slot][key]
    return out


def _extract(golds: list[GoldMessage], extractor: Any = None) -> dict[str, list[Event]]:
    from eventwire.extract import Extractor

    articles = [Article(id=m.docid, text=m.text, published=m.published, source_path=m.docid) for m in golds]
    return {a.id: events for a, events in (extractor or Extractor()).extract_many(articles)}


def evaluate(data_dir: Path, split: str = "dev", **options: Any) -> dict[str, Any]:
    """Options: `slots` ("date,location" or a list), `limit` (first N messages), `extractor` (the engine to
    score). The events always come from
    eventwire's Extractor: a GTT predictions file has neither dates nor places."""
    slots = parse_slots(options.get("slots") or SLOTS)
    if options.get("predictions"):
        raise DatasetError("--slots scores eventwire's own events; a predictions file has no dates or places")
    golds = load_gold(data_dir, split)
    if options.get("limit") is not None:
        golds = golds[: int(options["limit"])]
    return score(golds, _extract(golds, options.get("extractor")), slots)
