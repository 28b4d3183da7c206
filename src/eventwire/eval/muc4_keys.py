"""The original MUC-3/4 files: messages with their datelines, and the 25-slot answer keys.

The processed muc4 JSON (GTT's) keeps only the five role slots and drops the dateline, so the INCIDENT: DATE
and INCIDENT: LOCATION slots, and the publication date that relative dates are counted from, come from here.
Formats (TASKDOC/templ-doc-basic, CORPORA/dev/text-headers-info):

- A text file holds messages, each starting with its id on a line ("TST1-MUC3-0001"), then a dateline
  `PLACE, DD MMM YY (SOURCE) --`. PLACE may be "CLANDESTINE" or "NO CITY", may carry "(COUNTRY)"; the date
  may be "NO DATE" or lack the year.
- A key file holds templates: blank-line separated blocks of numbered slots `N.  SLOT NAME   filler`, a
  filler continued on indented lines, `;` comment lines. "*" fills every slot of a message with no relevant
  incident; "-" is an empty filler; "/" separates alternative fillers, "?" marks an optional one;
  `MESSAGE: TEMPLATE  2 (OPTIONAL)` marks a template the key is unsure belongs in the database.
- Dates: `DD MMM YY` (on that day), `DD MMM YY - DD MMM YY` (on or between), `- DD MMM YY` (on or before:
  a weekday reference or the dateline date as default), alternatives possibly in parentheses.
- Locations: `COUNTRY: NAME (TYPE): NAME (TYPE)` in increasing specificity, `NAME (TYPE) - NAME (TYPE)`
  for an incident between two places, `(TYPE / TYPE)` when the key hesitates over the place's kind.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

__all__ = [
    "SLOT_NAMES",
    "DateRange",
    "Dateline",
    "KeyTemplate",
    "LocationAlt",
    "Message",
    "PlaceName",
    "parse_date_filler",
    "parse_dateline",
    "parse_keys",
    "parse_location_filler",
    "parse_messages",
    "quoted_strings",
    "split_alternatives",
]

SLOT_NAMES = (
    "MESSAGE: ID",
    "MESSAGE: TEMPLATE",
    "INCIDENT: DATE",
    "INCIDENT: LOCATION",
    "INCIDENT: TYPE",
    "INCIDENT: STAGE OF EXECUTION",
    "INCIDENT: INSTRUMENT ID",
    "INCIDENT: INSTRUMENT TYPE",
    "PERP: INCIDENT CATEGORY",
    "PERP: INDIVIDUAL ID",
    "PERP: ORGANIZATION ID",
    "PERP: ORGANIZATION CONFIDENCE",
    "PHYS TGT: ID",
    "PHYS TGT: TYPE",
    "PHYS TGT: NUMBER",
    "PHYS TGT: FOREIGN NATION",
    "PHYS TGT: EFFECT OF INCIDENT",
    "PHYS TGT: TOTAL NUMBER",
    "HUM TGT: NAME",
    "HUM TGT: DESCRIPTION",
    "HUM TGT: TYPE",
    "HUM TGT: NUMBER",
    "HUM TGT: FOREIGN NATION",
    "HUM TGT: EFFECT OF INCIDENT",
    "HUM TGT: TOTAL NUMBER",
)

_DOCID_TEXT = r"(?:DEV|TST\d)-MUC\d-\d{4}"
# A message starts with its id on a line, in the training set followed by the annotating site: "(NOSC)".
_MESSAGE_START = re.compile(rf"^({_DOCID_TEXT})(?:[ \t]*\(.*\))?[ \t]*$", re.M)
_MONTHS = {name.upper(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_WORD = r"(?P<mon>JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*"
_DAY_FIRST = re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH_WORD}(?:\s+(?P<year>\d{{2}}|\d{{4}}))?$")
_MONTH_FIRST = re.compile(rf"^{_MONTH_WORD}\s+(?P<day>\d{{1,2}})(?:\s+(?P<year>\d{{2}}|\d{{4}}))?$")
_SLOT_LINE = re.compile(r"^(\d{1,2})\.\s+(.*)$")
_QUOTED = re.compile(r'"((?:\\.|[^"\\])*)"')
_PLACE = re.compile(r"^(?P<name>[^()]*?)\s*(?:\((?P<kinds>[^()]*)\))?$")


# --- messages and datelines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dateline:
    """`BOGOTA, 7 JAN 90 (EFE) --`: where the report was filed, when (None: NO DATE or no year), by whom."""

    place: str
    country: str | None
    date: date | None
    source: str | None
    text: str = ""  # as written, whitespace squeezed, without the closing "--"


@dataclass(frozen=True)
class Message:
    docid: str
    dateline: Dateline | None
    body: str


# The date is written "7 JAN 90", "18 APRIL 89", "JUNE 11 89", "7 FEB" or "NO DATE"; the source's
# brackets are sometimes mismatched ("[INRAVISION TELEVISION CADENA 1)").
_DATELINE = re.compile(
    r"^(?P<place>[^,]*?)\s*,\s*(?P<date>NO DATE|(?:\d{1,2}\s+[A-Z]+|[A-Z]+\s+\d{1,2})(?:\s+\d{2})?)"
    r"\s*(?:[(\[](?P<source>.*?)[)\]]?)?\s*$"
)
_PLACE_COUNTRY = re.compile(r"^(?P<city>.*?)\s*\((?P<country>[^()]*)\)$")


def parse_dateline(header: str) -> Dateline | None:
    """The dateline, given the text before the message's first "--"; None when it is not one."""
    text = " ".join(header.split())
    m = _DATELINE.match(text)
    if m is None:
        return None
    place, country = m.group("place"), None
    pc = _PLACE_COUNTRY.match(place)
    if pc:
        place, country = pc.group("city"), pc.group("country")
    when = None if m.group("date") == "NO DATE" else _parse_day(m.group("date"), None)
    return Dateline(place=place, country=country, date=when, source=m.group("source"), text=text)


def parse_messages(text: str) -> dict[str, Message]:
    """The messages of a MUC text file by docid."""
    parts = _MESSAGE_START.split(text)
    out: dict[str, Message] = {}
    for i in range(1, len(parts) - 1, 2):
        docid, raw = parts[i], parts[i + 1].strip()
        head, sep, body = raw.partition("--")
        dateline = parse_dateline(head) if sep else None
        out[docid] = Message(docid=docid, dateline=dateline, body=body.strip() if dateline else raw)
    return out


# Our split -> the CORPORA folders holding its texts ("<folder>-*") and keys ("key-*"). The test messages
# (tst3, tst4 with key-tst3.v2, key-tst4.v2) are read from the raw files alone where a data folder holds them.
SPLIT_FOLDERS = {"train": ("dev",), "dev": ("tst1", "tst2"), "test": ("tst3", "tst4")}


def wire_text(dateline: Dateline | None, body: str) -> str:
    """A message as a wire report reaches a reader: its dateline, then the body ("bogota, 7 jan 90 (efe) --
    ..."), lower-cased as the processed MUC-4 files are. Both MUC-4 evals give the product this text."""
    return f"{dateline.text.lower()} -- {body}" if dateline else body


def read_datelines(corpora: Path, split: str) -> dict[str, Dateline]:
    """The dateline of each message of a split's raw files under `corpora` (raw/CORPORA), by raw docid;
    empty where the data folder lacks them (the processed files carry no datelines)."""
    out: dict[str, Dateline] = {}
    for folder in SPLIT_FOLDERS.get(split, ()):
        for file in sorted((corpora / folder).glob(f"{folder}-*")):
            for docid, message in parse_messages(file.read_text(encoding="latin-1")).items():
                if message.dateline is not None:
                    out[docid] = message.dateline
    return out


# --- answer keys ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyTemplate:
    """One answer-key template. `number` is None for a message's "*" template (no relevant incident)."""

    docid: str
    number: int | None
    optional: bool
    slots: dict[str, str] = field(default_factory=dict)

    def filler(self, slot: str) -> str:
        """The raw filler of a slot by name ("INCIDENT: DATE"), continuation lines joined with newlines."""
        return self.slots.get(slot, "")


def _blocks(text: str) -> Iterator[list[str]]:
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith(";"):
            continue
        if not line.strip():
            if block:
                yield block
            block = []
            continue
        block.append(line.rstrip())
    if block:
        yield block


def _template(block: list[str]) -> KeyTemplate | None:
    slots: dict[str, str] = {}
    current: str | None = None
    for line in block:
        m = _SLOT_LINE.match(line)
        if m and int(m.group(1)) < len(SLOT_NAMES):
            name = SLOT_NAMES[int(m.group(1))]
            rest = m.group(2)
            if rest.startswith(name):
                current = name
                slots[name] = rest[len(name) :].strip()
                continue
        if current is not None and line[:1].isspace():
            slots[current] += "\n" + line.strip()
    docid = re.search(_DOCID_TEXT, slots.get("MESSAGE: ID", ""))  # "DEV-MUC3-0001 (NCCOSC)" -> the id
    if docid is None:
        return None
    number_text = slots.get("MESSAGE: TEMPLATE", "*")
    number = re.match(r"\d+", number_text)
    return KeyTemplate(
        docid=docid.group(),
        number=int(number.group()) if number else None,
        optional="OPTIONAL" in number_text.upper(),
        slots=slots,
    )


def parse_keys(text: str) -> list[KeyTemplate]:
    """Every template of a key file, in file order (a message's "*" template included)."""
    return [t for t in (_template(b) for b in _blocks(text)) if t is not None]


# --- fillers ----------------------------------------------------------------------------------------------


def split_alternatives(filler: str) -> list[str]:
    """Top-level "/" alternatives of a one-line filler, each stripped of "?" and of wrapping parentheses.

    A "/" inside parentheses ("SAN SALVADOR (CITY / DEPARTMENT)") belongs to the alternative. "*" and "-"
    (no filler) give [].
    """
    text = " ".join(filler.split())
    if text in {"", "*", "-"}:
        return []
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "/" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    out = []
    for part in parts:
        part = part.strip().lstrip("?").strip()
        while _wrapped(part):
            part = part[1:-1].strip()
        if part and part not in {"*", "-"}:
            out.append(part)
    return out


def _wrapped(text: str) -> bool:
    """True when one pair of parentheses encloses the whole text ("(A: B (CITY))", not "(A) - (B)")."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def quoted_strings(filler: str) -> list[str]:
    """The quoted strings of a string or cross-referenced filler, unescaped (`"\\"SANTO TOMAS\\" FARM"`)."""
    return [s.replace('\\"', '"') for s in _QUOTED.findall(filler)]


@dataclass(frozen=True)
class DateRange:
    """On or between `start` and `end`; `start` None means "on or before `end`" (form `- DD MMM YY`)."""

    start: date | None
    end: date


def _parse_day(text: str, anchor: date | None) -> date | None:
    """`07 JAN 90`, `3 MARCH 90`, `OCT 18`, `11 NOV`; a missing year is the anchor's (or the year before,
    when that would put the date after the anchor); None without either."""
    text = " ".join(text.upper().split())
    m = _DAY_FIRST.match(text) or _MONTH_FIRST.match(text)
    if m is None:
        return None
    month = _MONTHS[m.group("mon")[:3]]
    day = int(m.group("day"))
    year_text = m.group("year")
    try:
        if year_text:
            year = int(year_text)
            return date(year + 1900 if year < 100 else year, month, day)
        if anchor is None:
            return None
        guess = date(anchor.year, month, day)
        return guess if guess <= anchor + timedelta(days=1) else date(anchor.year - 1, month, day)
    except ValueError:
        return None


def parse_date_filler(filler: str, anchor: date | None = None) -> list[DateRange]:
    """The alternatives of an INCIDENT: DATE filler as ranges; [] for "*", "-" or nothing parseable.

    `anchor` (the dateline date) supplies the year of a year-less date.
    """
    out: list[DateRange] = []
    for alt in split_alternatives(filler):
        first, dash, second = (p.strip() for p in alt.partition("-"))
        if not dash:
            day = _parse_day(first, anchor)
            if day is not None:
                out.append(DateRange(day, day))
            continue
        end = _parse_day(second, anchor)
        if end is None:
            continue
        start = _parse_day(first, anchor) if first else None
        if first and start is None:
            continue
        if start is not None and start > end:
            start, end = end, start
        out.append(DateRange(start, end))
    return out


@dataclass(frozen=True)
class PlaceName:
    """A named place below the country level and the kinds the key gives it ("CITY", "DEPARTMENT")."""

    name: str
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocationAlt:
    """One alternative of a LOCATION filler: the country and every place named below it (all levels and
    both ends of a range), most general first."""

    country: str
    places: tuple[PlaceName, ...] = ()


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _place(text: str) -> PlaceName | None:
    m = _PLACE.match(text.strip())
    if m is None or not m.group("name"):
        return None
    kinds = tuple(k.strip() for k in (m.group("kinds") or "").split("/") if k.strip())
    return PlaceName(name=m.group("name").strip(), kinds=kinds)


def parse_location_filler(filler: str) -> list[LocationAlt]:
    """The alternatives of an INCIDENT: LOCATION filler; [] for "*" or "-"."""
    out: list[LocationAlt] = []
    for alt in split_alternatives(filler):
        levels = _split_top(alt, ":")
        country = _split_top(levels[0], " - ")[0] if levels else ""
        places: list[PlaceName] = []
        for level in levels[1:]:
            for item in _split_top(level, " - "):
                place = _place(item)
                if place is not None:
                    places.append(place)
        if country:
            out.append(LocationAlt(country=country, places=tuple(places)))
    return out
