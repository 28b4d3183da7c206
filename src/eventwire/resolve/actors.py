"""Actors under one name: "Isis", "Daesh" and "IS fighters" are all Islamic State; "Iraqi soldiers" are the
Military Forces of Iraq.

Why this module exists: event databases count events per actor, so every spelling of a group has to land on
one canonical name with its ACLED actor type. The knowledge base has two layers, both under
eventwire/data/actors/: tables generated from the MIT-licensed PETRARCH2 dictionaries by
scripts/build_actors.py (armed groups, state forces, international bodies, country aliases, force nouns) and
a hand-curated file for current groups and spellings the 2015 dictionaries lack. Curated entries win.
Unknown organisations keep their surface name, and generic perpetrators ("gunmen") stay generic, because
inventing a link to a named group is worse than leaving the name as the text gave it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

from eventwire import lexicon

LEXICON = lexicon.load()
ARTICLES = LEXICON.words("articles")


@dataclass(frozen=True)
class ActorInfo:
    name: str  # canonical name, e.g. "Islamic State"
    type: str | None = None  # ACLED actor type, e.g. "Rebel group"
    country: str | None = None  # ISO alpha-2 where the actor belongs to one country
    kind: str | None = None  # armed group, state forces, media outlet, international force, NGO, generic ...
    parent: str | None = None  # for a media outlet: the canonical name of the group it speaks for
    source: str | None = None  # "curated", "petrarch2:<file>", or None for a name kept from the text


@dataclass(frozen=True)
class _Prefix:
    """A country or demonym ("Iraqi", "US", "Kurdish") that names forces when a force noun follows it."""

    military: ActorInfo
    police: ActorInfo


@dataclass
class _Candidate:
    target: ActorInfo | _Prefix
    forms: frozenset[str] | None  # accepted exact surfaces for short aliases; None: any case


@dataclass
class _KnowledgeBase:
    entries: dict[str, ActorInfo] = field(default_factory=dict)
    by_key: dict[str, list[_Candidate]] = field(default_factory=dict)
    force_nouns: dict[str, str] = field(default_factory=dict)  # folded phrase → "military" | "police"
    automaton: ahocorasick.Automaton | None = None


_CHAR_MAP = {
    "\u2019": "'",
    "\u2018": "'",
    "`": "'",
    "-": " ",
    "\u2010": " ",
    "\u2011": " ",
    "\u2013": " ",
    "\u2014": " ",
    "_": " ",
}
PRONOUNS = LEXICON.words("actor_pronouns")
DETERMINERS = LEXICON.sequence("determiners")
MEMBER_SUFFIXES = LEXICON.words("member_suffixes")
ARMED_MEMBERS = LEXICON.words("armed_members")
LEADING_WORDS = LEXICON.words("leading_words")
# "the pro-Islamic State group Dawlah Islamiyah", "the Islamist group Hayat Tahrir al-Sham": the name after a
# describing phrase that ends in a group noun.
GROUP_APPOSITION = re.compile(r"^.*?\b(?:group|organi[sz]ation|outfit|movement|militia)\s+(?=[A-Z])")
LEADING_AFFIX = re.compile(
    r"^\S+?[-\u2010\u2011 ](backed|led|allied|linked|affiliated|aligned|inspired|supported)\s+", re.IGNORECASE
)
GENERIC_HEADS = LEXICON.words("generic_heads")
GENERIC_MODIFIERS = LEXICON.words("generic_modifiers")
FORCE_MODIFIERS = LEXICON.words("force_modifiers")


def _fold(text: str) -> str:
    """Case- and punctuation-folded text of the same length, so offsets found in it are offsets in `text`."""
    out = []
    for ch in text:
        ch = _CHAR_MAP.get(ch, ch)
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    folded = "".join(out)
    return "".join(" " if c.isspace() else c for c in folded)


def _key(text: str) -> str:
    return " ".join(_fold(text).split())


def _case_sensitive(alias: str) -> bool:
    """Short aliases ("IS", "PMF", "Isis", "US") match only as written or in capitals: "is" is never IS."""
    return len(alias.replace(".", "")) <= 5 and " " not in alias


def _data_dir() -> Path:
    return Path(str(resources.files("eventwire"))) / "data" / "actors"


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class _Builder:
    """Assembles the knowledge base: generated layer first, curated layer on top (curated keys win)."""

    def __init__(self) -> None:
        self.kb = _KnowledgeBase()
        self.redirect: dict[str, str] = {}  # folded generated name → curated canonical name

    def add(self, alias: str, target: ActorInfo | _Prefix, override: bool) -> None:
        if len(alias) < 2 or alias.replace(".", "").isdigit():
            return
        key = _key(alias)
        forms = frozenset({alias, alias.upper()}) if _case_sensitive(alias) else None
        cands = self.kb.by_key.setdefault(key, [])
        same_kind = [c for c in cands if isinstance(c.target, type(target)) and c.forms == forms]
        if same_kind and not override:
            return  # first generated entry keeps a contested alias; deterministic by file order
        for c in same_kind:
            cands.remove(c)
        cands.insert(0, _Candidate(target, forms)) if override else cands.append(_Candidate(target, forms))

    def load(self, data: Path) -> _KnowledgeBase:
        curated = _read_jsonl(data / "curated.jsonl")
        for row in curated:
            for alias in [row["name"], *row.get("aliases", [])]:
                self.redirect[_key(alias)] = row["name"]
        for row in _read_jsonl(data / "actors.jsonl"):
            self._add_generated(row)
        for row in _read_jsonl(data / "countries.jsonl"):
            src = "petrarch2:Phoenix.Countries.actors.txt"
            mil, pol = (
                self._entry(row[k], "State forces", row["iso2"], "state forces", src)
                for k in ("military", "police")
            )
            for alias in row["aliases"]:
                self.add(alias, _Prefix(mil, pol), override=False)
        for row in curated:
            info = ActorInfo(
                row["name"],
                row.get("type"),
                row.get("country"),
                row.get("kind"),
                row.get("parent"),
                "curated",
            )
            self.kb.entries[info.name] = info
            for alias in [row["name"], *row.get("aliases", [])]:
                self.add(alias, info, override=True)
            for demonym in row.get("demonyms", []):
                self.add(demonym, _Prefix(info, info), override=True)
        forces = json.loads((data / "force_nouns.json").read_text(encoding="utf-8"))
        for kind, phrases in forces.items():
            for phrase in phrases:
                self.kb.force_nouns[_key(phrase)] = kind
        automaton = ahocorasick.Automaton()
        for key in self.kb.by_key:
            automaton.add_word(key, key)
        automaton.make_automaton()
        self.kb.automaton = automaton
        return self.kb

    def _entry(
        self, name: str, type_: str | None, country: str | None, kind: str | None, source: str
    ) -> ActorInfo:
        if name not in self.kb.entries:
            self.kb.entries[name] = ActorInfo(name, type_, country, kind, None, source)
        return self.kb.entries[name]

    def _add_generated(self, row: dict) -> None:
        # A generated record whose own name is a curated alias is the same actor: its aliases go there too.
        target_name = self.redirect.get(_key(row["name"]))
        if target_name is not None:
            info = ActorInfo(target_name)  # placeholder; replaced below once curated rows are loaded
        else:
            info = self._entry(row["name"], row["type"], row["country"], row["kind"], row["source"])
        for alias in [row["name"], *row["aliases"]]:
            self.add(alias, info, override=False)


@lru_cache(maxsize=4)
def load_knowledge_base(data_dir: Path | None = None) -> _KnowledgeBase:
    """Load and index the actor tables once per process (about 0.1 s); the result is shared and read-only."""
    kb = _Builder().load(data_dir or _data_dir())
    for cands in kb.by_key.values():  # resolve placeholders of redirected generated records
        for cand in cands:
            if isinstance(cand.target, ActorInfo) and cand.target.source is None:
                cand.target = kb.entries.get(cand.target.name, cand.target)
    return kb


class ActorResolver:
    """Maps a surface form ("Isis", "Daesh", "PMF") to its canonical actor; None when it names no one."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._kb = load_knowledge_base() if data_dir is None else load_knowledge_base(Path(data_dir))

    # --- lookups ------------------------------------------------------------------------------------------

    def get(self, name: str) -> ActorInfo | None:
        """The entry with this canonical name, if the knowledge base has one."""
        return self._kb.entries.get(name)

    def __len__(self) -> int:
        return len(self._kb.entries)

    def _lookup(self, surface: str, relax_case: bool = False) -> ActorInfo | None:
        for cand in self._kb.by_key.get(_key(surface), []):
            if isinstance(cand.target, ActorInfo) and (
                relax_case or cand.forms is None or surface in cand.forms
            ):
                return cand.target
        return None

    def _prefix(self, surface: str, relax_case: bool = False) -> _Prefix | None:
        for cand in self._kb.by_key.get(_key(surface), []):
            if isinstance(cand.target, _Prefix) and (
                relax_case or cand.forms is None or surface in cand.forms
            ):
                return cand.target
        return None

    def _force_chain(self, words: list[str]) -> tuple[int, str | None]:
        """How many leading words form a force phrase ("marine commandos" → 2, "military") and its kind."""
        i, end, kind = 0, 0, None
        while i < len(words) and i < 6:
            for n in (4, 3, 2, 1):
                phrase = " ".join(words[i : i + n])
                if len(words) - i >= n and phrase in self._kb.force_nouns:
                    found = self._kb.force_nouns[phrase]
                    kind = "police" if "police" in (kind, found) else found
                    i += n
                    end = i
                    break
            else:
                if words[i] not in FORCE_MODIFIERS:
                    break
                i += 1
        return end, kind if end else None

    # --- the public API -----------------------------------------------------------------------------------

    def canonical(self, text: str) -> ActorInfo | None:
        """Canonical actor for an actor mention; the surface name for unknown ones; None for no name at all.

        Normalises case, articles, possessives ("Isis's"), member nouns ("IS fighters"), describing words
        ("the jihadist group Islamic State") and demonym + force noun ("Iraqi police" → Police Forces of
        Iraq).
        Generic perpetrators come back as themselves with kind "generic" (see is_generic).
        """
        core = " ".join(text.strip(" \t\n\"'“”‘’,;:[]").split())
        if core.endswith(".") and not re.search(r"(^|[\s.])[A-Za-z]\.$", core):
            core = core.rstrip(".")  # a full stop, not the end of an abbreviation ("U.N.")
        if core.count("(") != core.count(")") or (core.startswith("(") and core.endswith(")")):
            core = core.strip("()").strip()
        core = _strip_determiners(_strip_possessive(core))
        if not core or core.lower() in PRONOUNS or core.lower() in ARTICLES:
            return None
        for variant in self._variants(core):
            info = self._lookup(variant)
            if info is not None:
                return info
        for variant in self._variants(core):
            composed = self._compose(variant)
            if composed is not None:
                return composed
        if is_generic(core):
            return ActorInfo(name=core.lower(), kind="generic")
        named = GROUP_APPOSITION.match(core)
        return ActorInfo(name=core[named.end() :] if named and named.end() < len(core) else core)

    def _variants(self, core: str) -> list[str]:
        """The mention, then with describing words before and member nouns after it taken away."""
        out = [core]
        affix = LEADING_AFFIX.match(core)
        words = core[affix.end() :].split() if affix else core.split()
        while len(words) > 1 and _key(words[0]) in LEADING_WORDS:
            words = words[1:]
        out.append(" ".join(words))
        named = GROUP_APPOSITION.match(core)
        if named and named.end() < len(core):
            words = core[named.end() :].split()
            out.append(" ".join(words))
        for _ in range(3):
            for n in (3, 2, 1):
                if len(words) > n and _key(" ".join(words[-n:])) in MEMBER_SUFFIXES:
                    words = words[:-n]
                    out.append(" ".join(words))
                    break
        out.extend([v[:-1] for v in list(out) if v.endswith("s") and len(v) > 4])
        return [v for v in dict.fromkeys(out) if v]

    def _compose(self, core: str) -> ActorInfo | None:
        """'Iraqi soldiers', 'US marine commandos', 'Kurdish forces' → forces of that country or people."""
        words = core.split()
        for n in (3, 2, 1):
            if len(words) <= n:
                continue
            prefix = self._prefix(" ".join(words[:n]))
            if prefix is None:
                continue
            rest = _key(" ".join(words[n:])).split()
            end, kind = self._force_chain(rest)
            if end == len(rest) and kind:
                return prefix.police if kind == "police" else prefix.military
            if prefix.military is prefix.police and " ".join(rest) in ARMED_MEMBERS:
                return prefix.military  # a people's own forces: "Kurdish fighters", "Yazidi militias"
        return None

    def find(self, text: str, *, relax_case: bool = False) -> list[tuple[int, int, ActorInfo]]:
        """Every known actor named in `text`: (start, end, info), sorted, non-overlapping, longest first.

        Literal aliases come from one Aho-Corasick pass over the folded text, on word boundaries; short
        aliases must match as written or in capitals unless `relax_case` (for lower-cased corpora: MUC-4).
        A country or demonym followed by a force noun ("Iraqi police") is found as that country's forces.
        """
        folded = _fold(text)
        spans: list[tuple[int, int, int, ActorInfo]] = []  # (start, end, priority, info)
        assert self._kb.automaton is not None
        for last, key in self._kb.automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if not _boundary(folded, start, end):
                continue
            surface = text[start:end]
            info = self._lookup(surface, relax_case)
            if info is not None:
                spans.append((start, end, 1, info))
            prefix = self._prefix(surface, relax_case)
            if prefix is not None:
                composed = self._compose_at(folded, end, prefix)
                if composed is not None:
                    spans.append((start, composed[0], 0, composed[1]))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), -s[2]))
        chosen: list[tuple[int, int, ActorInfo]] = []
        for start, end, _, info in sorted(spans, key=lambda s: (-(s[1] - s[0]), -s[2], s[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, info))
        return sorted(chosen, key=lambda s: s[0])

    def _compose_at(self, folded: str, end: int, prefix: _Prefix) -> tuple[int, ActorInfo] | None:
        tail = folded[end : end + 80]
        words, offsets = [], []
        for m in re.finditer(r"\S+", tail):
            if m.start() != (offsets[-1][1] + 1 if offsets else 1) or not re.fullmatch(r"[a-z']+", m.group()):
                break  # the phrase must follow with single spaces and plain words
            words.append(m.group())
            offsets.append((m.start(), m.end()))
        n, kind = self._force_chain(words)
        if not n or kind is None:
            return None
        return end + offsets[n - 1][1], prefix.police if kind == "police" else prefix.military

    def media_parent(self, text: str) -> ActorInfo | None:
        """The group a media outlet speaks for ("al-Hayat Media Centre" → Islamic State), else None."""
        info = self.canonical(text)
        if info is None or info.kind != "media outlet" or not info.parent:
            return None
        return self._kb.entries.get(info.parent, ActorInfo(info.parent))


@lru_cache(maxsize=4096)
def is_generic(text: str) -> bool:
    """True for perpetrators the text does not name: "gunmen", "unidentified militants", "armed men".

    Cached: the merge stage asks it of every name of every candidate pair, the same few names again."""
    words = _strip_determiners(_key(_strip_possessive(text))).split()
    words = [w for w in words if not w.isdigit()]
    if not words:
        return False
    for n in (2, 1):
        head = " ".join(words[-n:])
        if len(words) >= n and head in GENERIC_HEADS:
            return all(w in GENERIC_MODIFIERS for w in words[:-n])
    return False


def _strip_possessive(text: str) -> str:
    return re.sub(r"(?<=\w)(['’]s|s['’])$", lambda m: "s" if m.group(1).startswith("s") else "", text)


def _strip_determiners(text: str) -> str:
    low = text.lower()
    for det in DETERMINERS:
        if low.startswith(det):
            return text[len(det) :]
    return text


def _boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())
