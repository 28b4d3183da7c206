"""The extractor's knowledge of a language, as data: word lists, tables and matcher patterns.

Why: the rules read words ("killed", "the blast", "near", "militants"), and those words are English, not
logic. Kept as data under one folder per language (`lexicon/en/`), they are written once, read in one place,
reviewed without reading code, and a new language is a new folder with the same file names.

A folder holds:
- `*.json` files of named entries: a word list (``{"why": "...", "words": [...]}`` or a bare ``[...]``), a
  table (``{"why": "...", "table": {...}}`` or a bare ``{...}``) or a single value (a number, a threshold).
  An optional ``"about"`` string says what the file is for. A word written ``"@other_list"`` includes that
  list, so a list shared by two rules is written once ("compass points" are part of both the event-place
  and the toponym direction words). Names are unique across the folder.
- `*.jsonl` files of spaCy Matcher / PhraseMatcher pattern rows (one JSON object a line, as SpanRuler's).

Use: ``lex = eventwire.lexicon.load("en")`` (cached, one per process), then ``lex.words("kill_verbs")``
(a frozenset), ``lex.sequence(...)`` (a tuple, where order matters), ``lex.table(...)`` (a dict) or
``lex.patterns("triggers")`` (the rows). A missing or malformed file raises LexiconError naming the file.
"""

from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from eventwire.errors import EventwireError

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent
DEFAULT_LANGUAGE = "en"


class LexiconError(EventwireError):
    """A lexicon folder, file or list is missing or malformed."""


class Lexicon:
    """The named lists and pattern files of one language folder. Build through `load()`, which caches it.

    It records which lists and pattern files were asked for, so a test can check that every one is used.
    """

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise LexiconError(f"no lexicon folder {folder}: a language needs a folder under {ROOT}")
        self.folder = folder
        self.language = folder.name
        self._entries: dict[str, dict[str, Any]] = {}
        self._file_of: dict[str, str] = {}
        for path in sorted(folder.glob("*.json")):
            for name, entry in _read_json(path).items():
                if name == "about":
                    continue  # what the file is for
                if name in self._file_of:
                    first = self._file_of[name]
                    raise LexiconError(f"{path}: list {name!r} is already in {first} (one list, one place)")
                self._entries[name] = _normalise(path, name, entry)
                self._file_of[name] = path.name
        self.used: set[str] = set()

    def __repr__(self) -> str:
        return f"Lexicon({self.language!r}, {len(self._entries)} lists)"

    @property
    def names(self) -> frozenset[str]:
        """Every list name of the folder."""
        return frozenset(self._entries)

    def file_of(self, name: str) -> str:
        """The file a list is written in."""
        return self._file_of[name]

    def words(self, name: str) -> frozenset[str]:
        """A word list as a set, for membership tests."""
        return frozenset(self._words(name, ()))

    def sequence(self, name: str) -> tuple[str, ...]:
        """A word list in its written order, for rules that try the words one after another."""
        return tuple(self._words(name, ()))

    def table(self, name: str) -> dict[str, Any]:
        """A word → value table (a weapon word → its weapon, "dozens" → 24)."""
        entry = self._entry(name)
        if "table" not in entry:
            raise LexiconError(f"{self._where(name)}: {name!r} is not a table")
        return dict(entry["table"])

    def value(self, name: str) -> Any:
        """A single setting of the rules (a threshold, a maximum length)."""
        entry = self._entry(name)
        if "value" not in entry:
            raise LexiconError(f"{self._where(name)}: {name!r} is a list or table, not a single value")
        return entry["value"]

    def fill(self, cls: type[T]) -> T:
        """A frozen dataclass of cues, each field read from the list of its own name, by its declared type
        (frozenset: words; tuple: sequence; dict: table; int or float: value). Why: a rule module declares
        the cues it reads once, as a typed record, instead of a loader written out for each."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            kind = str(f.type)
            if kind.startswith("frozenset"):
                values[f.name] = self.words(f.name)
            elif kind.startswith("tuple"):
                values[f.name] = self.sequence(f.name)
            elif kind.startswith("dict"):
                values[f.name] = self.table(f.name)
            elif kind in {"int", "float"}:
                values[f.name] = {"int": int, "float": float}[kind](self.value(f.name))
            else:
                raise LexiconError(f"{cls.__name__}.{f.name}: no lexicon reading for type {kind}")
        return cls(**values)

    def patterns(self, stem: str) -> list[dict[str, Any]]:
        """The rows of `<stem>.jsonl`, one pattern each."""
        path = self.folder / f"{stem}.jsonl"
        if not path.is_file():
            raise LexiconError(f"no pattern file {path}")
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LexiconError(f"{path}:{number}: not JSON: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise LexiconError(f"{path}:{number}: a pattern row must be a JSON object")
            rows.append(row)
        self.used.add(path.name)
        return rows

    def unused(self) -> set[str]:
        """The lists and pattern files nothing has asked for (after the rule modules are imported)."""
        pattern_files = {p.name for p in self.folder.glob("*.jsonl")}
        return (set(self._entries) | pattern_files) - self.used

    def _entry(self, name: str) -> dict[str, Any]:
        if name not in self._entries:
            raise LexiconError(f"no list {name!r} in lexicon {self.folder}")
        self.used.add(name)
        return self._entries[name]

    def _where(self, name: str) -> str:
        return str(self.folder / self._file_of.get(name, "?"))

    def _words(self, name: str, seen: tuple[str, ...]) -> list[str]:
        if name in seen:
            raise LexiconError(f"{self._where(name)}: {name!r} includes itself ({' → '.join((*seen, name))})")
        entry = self._entry(name)
        words = entry.get("words")
        if words is None:
            raise LexiconError(f"{self._where(name)}: {name!r} is not a word list")
        out: list[str] = []
        for word in words:
            out.extend(self._words(word[1:], (*seen, name)) if word.startswith("@") else [word])
        return out


def _normalise(path: Path, name: str, entry: Any) -> dict[str, Any]:
    """One entry as {"why", and one of "words" (strings), "table" (a dict) or "value"}."""
    if isinstance(entry, list):
        entry = {"words": entry}
    elif isinstance(entry, dict) and not (entry and set(entry) <= _KEYS):
        entry = {"table": entry}  # a bare table (one whose keys are only why/words/table reads as an entry)
    elif not isinstance(entry, dict):
        return {"value": entry}
    if ("words" in entry) == ("table" in entry):
        raise LexiconError(f"{path}: {name!r} needs exactly one of 'words' or 'table'")
    words = entry.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise LexiconError(f"{path}: {name!r} needs 'words', a list of strings")
    if not isinstance(entry.get("table", {}), dict):
        raise LexiconError(f"{path}: {name!r} needs 'table', a JSON object")
    return entry


_KEYS = frozenset({"why", "words", "table"})


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon file is a JSON object of named lists")
    return data


def load(language: str = DEFAULT_LANGUAGE, root: Path = ROOT) -> Lexicon:
    """The lexicon of one language (`lexicon/<language>/`), read once per process."""
    return _load(language, root)


@lru_cache(maxsize=8)
def _load(language: str, root: Path) -> Lexicon:
    return Lexicon(root / language)


__all__ = ["Lexicon", "LexiconError", "load"]
