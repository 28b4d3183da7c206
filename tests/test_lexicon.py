"""The lexicon: word lists and patterns as data, one folder per language, each list written once and used."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pytest
import spacy

from eventwire import lexicon
from eventwire.lexicon import Lexicon, LexiconError

EN = lexicon.ROOT / "en"
# Every module that reads the lexicon; importing them asks for each list they use.
RULE_MODULES = [
    "eventwire.extract.arguments",
    "eventwire.extract.attribution",
    "eventwire.extract.background",
    "eventwire.extract.scope",
    "eventwire.extract.casualties",
    "eventwire.extract.generic",
    "eventwire.extract.media",
    "eventwire.extract.mentions",
    "eventwire.extract.status",
    "eventwire.extract.triggers",
    "eventwire.resolve.actors",
    "eventwire.resolve.disambiguate",
    "eventwire.resolve.event_place",
    "eventwire.resolve.times",
    "eventwire.resolve.toponyms",
]


def _write(folder: Path, name: str, data: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def test_load_is_cached_and_english_by_default() -> None:
    lex = lexicon.load()
    assert lex is lexicon.load("en")
    assert lex.language == "en"
    assert "kill" in lex.words("kill_verbs")


def test_every_list_and_pattern_file_is_used() -> None:
    lex = lexicon.load("en")
    for module in RULE_MODULES:
        importlib.import_module(module)
    from eventwire.extract.media import MediaReader
    from eventwire.extract.triggers import TriggerFinder

    blank = spacy.blank("en")  # the pattern files are read when a finder or reader is built
    TriggerFinder(blank), MediaReader(blank)
    assert lex.unused() == set()


def test_no_two_lists_share_a_name_across_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(EN.glob("*.json")):
        for name in json.loads(path.read_text(encoding="utf-8")):
            if name == "about":  # what the file is for, not a list
                continue
            assert name not in seen, f"{name} in both {seen.get(name)} and {path.name}"
            seen[name] = path.name
    assert set(seen) == lexicon.load("en").names


def test_no_list_is_written_twice() -> None:
    """Two lists with the same words are one list (included with "@name" where it is part of another)."""
    lex = lexicon.load("en")
    by_words: dict[frozenset[str], str] = {}
    for name in sorted(lex.names):
        if "words" not in lex._entries[name]:
            continue
        words = lex.words(name)
        assert words not in by_words, f"{name} and {by_words.get(words)} hold the same words"
        by_words[words] = name


def test_an_included_list_is_expanded_in_order() -> None:
    lex = lexicon.load("en")
    assert lex.words("compass_points") < lex.words("direction_words")
    assert lex.words("compass_points") < lex.words("scene_directions")
    assert "outskirts" in lex.words("direction_words") and "central" not in lex.words("direction_words")
    assert lex.sequence("part_suffixes")[0] == " area"  # tried in order: the first match wins


def test_the_short_forms_read_as_lists_tables_and_values(tmp_path: Path) -> None:
    """A file may be written tersely: a bare list, a bare table, a single value, and an "about" line."""
    data = {
        "about": "cues",
        "verbs": ["claim", "@objects"],
        "objects": ["credit"],
        "kinds": {"bomb": "IED"},
        "max": 3,
    }
    _write(tmp_path / "xx", "a.json", data)
    lex = Lexicon(tmp_path / "xx")
    assert lex.names == {"verbs", "objects", "kinds", "max"}
    assert lex.sequence("verbs") == ("claim", "credit")
    assert lex.table("kinds") == {"bomb": "IED"} and lex.value("max") == 3
    with pytest.raises(LexiconError, match="not a single value"):
        lex.value("kinds")


def test_a_new_language_is_a_new_folder(tmp_path: Path) -> None:
    shutil.copytree(EN, tmp_path / "xx")
    _write(tmp_path / "xx", "status.json", {"negators": {"why": "test", "words": ["nicht"]}})
    lex = Lexicon(tmp_path / "xx")
    assert lex.language == "xx"
    assert lex.words("negators") == {"nicht"}
    assert lex.patterns("triggers") == lexicon.load("en").patterns("triggers")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.json": "{not json"}, "a.json: not valid JSON"),
        ({"a.json": ["kill"]}, "a JSON object of named lists"),
        (
            {"a.json": {"x": {"why": "", "words": ["a"]}}, "b.json": {"x": {"why": "", "words": ["b"]}}},
            "one list",
        ),
        ({"a.json": {"x": {"why": ""}}}, "exactly one of 'words' or 'table'"),
        ({"a.json": {"x": {"why": "", "words": "kill"}}}, "a list of strings"),
        ({"a.json": {"x": {"why": "", "words": ["@y"]}}}, "no list 'y'"),
        ({"a.json": {"x": {"why": "", "words": ["@x"]}}}, "includes itself"),
        ({"a.json": {"x": {"why": "", "table": ["a"]}}}, "needs 'table', a JSON object"),
        ({"a.json": {"x": 3}}, "'x' is not a word list"),
    ],
)
def test_a_bad_file_gives_a_clear_error(tmp_path: Path, files: dict, message: str) -> None:
    for name, data in files.items():
        if isinstance(data, str):
            (tmp_path / "xx").mkdir(exist_ok=True)
            (tmp_path / "xx" / name).write_text(data, encoding="utf-8")
        else:
            _write(tmp_path / "xx", name, data)
    with pytest.raises(LexiconError, match=message):
        Lexicon(tmp_path / "xx").words("x")


def test_missing_folder_list_or_pattern_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no lexicon folder"):
        lexicon.load("zz", root=tmp_path)
    _write(tmp_path / "xx", "a.json", {"t": {"why": "", "table": {"a": 1}}})
    lex = Lexicon(tmp_path / "xx")
    with pytest.raises(LexiconError, match="no list 'kill_verbs'"):
        lex.words("kill_verbs")
    with pytest.raises(LexiconError, match="not a table"):
        lexicon.load("en").table("kill_verbs")
    with pytest.raises(LexiconError, match="no pattern file"):
        lex.patterns("triggers")
    (tmp_path / "xx" / "triggers.jsonl").write_text('{"id": "a"}\n\n{oops\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"triggers.jsonl:3: not JSON"):
        lex.patterns("triggers")


def test_fill_reads_a_typed_record_of_cues() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Cues:
        kill_verbs: frozenset[str]
        caption_max_tokens: int

    cues = lexicon.load("en").fill(Cues)
    assert "kill" in cues.kill_verbs and isinstance(cues.caption_max_tokens, int)

    @dataclass(frozen=True)
    class Wrong:
        kill_verbs: list[str]

    with pytest.raises(LexiconError, match="no lexicon reading"):
        lexicon.load("en").fill(Wrong)
