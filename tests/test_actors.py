"""Actor resolution: aliases onto canonical names, generic perpetrators kept generic, spans found in text."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from eventwire.resolve.actors import ActorInfo, ActorResolver, is_generic, load_knowledge_base

DATA = Path(__file__).parent / "data" / "actors"
REPO = Path(__file__).resolve().parents[1]
KB_DIR = REPO / "src" / "eventwire" / "data" / "actors"
PETRARCH = REPO.parent / "shared" / "data" / "petrarch"


def _alias_rows() -> list[tuple[str, str, str, str | None]]:
    rows = []
    for line in (DATA / "aliases.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            surface, name, type_, country = line.split("\t")
            rows.append((surface, name, type_, None if country == "-" else country))
    return rows


def _find_cases() -> list[dict]:
    return [json.loads(line) for line in (DATA / "find_cases.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


@pytest.mark.parametrize(("surface", "name", "type_", "country"), _alias_rows(), ids=lambda v: str(v))
def test_alias_resolves_to_canonical(
    resolver: ActorResolver, surface: str, name: str, type_: str, country: str | None
) -> None:
    info = resolver.canonical(surface)
    assert info is not None
    assert (info.name, info.type, info.country) == (name, type_, country)


@pytest.mark.parametrize(
    ("outlet", "name"),
    [
        ("al-Hayat Media Centre", "al-Hayat Media Center"),
        ("Amaq", "Amaq News Agency"),
        ("al-Naba newsletter", "al-Naba"),
        ("the al-Furqan Media Foundation", "al-Furqan Media Foundation"),
    ],
)
def test_media_outlets_link_to_their_group(resolver: ActorResolver, outlet: str, name: str) -> None:
    info = resolver.canonical(outlet)
    assert info is not None and info.name == name and info.kind == "media outlet"
    parent = resolver.media_parent(outlet)
    assert parent is not None and parent.name == "Islamic State" and parent.type == "Rebel group"


@pytest.mark.parametrize("text", ["Islamic State", "Iraqi police", "gunmen", "Foo Brigade"])
def test_media_parent_is_none_for_non_outlets(resolver: ActorResolver, text: str) -> None:
    assert resolver.media_parent(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "gunmen",
        "unidentified gunmen",
        "militants",
        "terrorists",
        "the assailants",
        "attackers",
        "armed men",
        "suspected militants",
        "two suicide bombers",
        "rival Islamic militias",
    ],
)
def test_generic_perpetrators_stay_generic(resolver: ActorResolver, text: str) -> None:
    assert is_generic(text)
    info = resolver.canonical(text)
    assert info is not None and info.kind == "generic" and info.type is None


@pytest.mark.parametrize(
    "text", ["ISIS militants", "Iraqi soldiers", "Hamas", "Kurdish fighters", "the army"]
)
def test_named_actors_are_not_generic(text: str) -> None:
    assert not is_generic(text)


@pytest.mark.parametrize(
    "text",
    ["Foo Liberation Brigade", "the Tanzim Qaidat al-Jihad fi Bilad al-Foo", "Sons of Kirkuk Battalion"],
)
def test_unknown_organisations_keep_their_surface_name(resolver: ActorResolver, text: str) -> None:
    info = resolver.canonical(text)
    expected = text.removeprefix("the ")
    assert info == ActorInfo(name=expected)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the pro-Islamic State group Foo Islamiyah", "Foo Islamiyah"),
        ("the Islamist militant group Ansar al-Foo", "Ansar al-Foo"),
        ("the Islamist group Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham"),
    ],
)
def test_describing_phrase_before_a_group_name_is_dropped(
    resolver: ActorResolver, text: str, name: str
) -> None:
    assert resolver.canonical(text).name == name


@pytest.mark.parametrize("text", ["", "   ", "it", "they", "The"])
def test_no_name_gives_none(resolver: ActorResolver, text: str) -> None:
    assert resolver.canonical(text) is None


def test_lowercase_is_never_islamic_state(resolver: ActorResolver) -> None:
    assert resolver.canonical("is") != resolver.canonical("IS")
    assert resolver.canonical("us") is None or resolver.canonical("us").type is None


@pytest.mark.parametrize("case", _find_cases(), ids=lambda c: c["text"][:40])
def test_find_spans(resolver: ActorResolver, case: dict) -> None:
    text = case["text"]
    hits = resolver.find(text)
    assert [[text[s:e], info.name] for s, e, info in hits] == case["expect"]
    for s, e, _ in hits:  # spans sit on word boundaries
        assert s == 0 or not text[s - 1].isalnum()
        assert e == len(text) or not text[e].isalnum()


def test_find_relax_case_for_lowercased_corpora(resolver: ActorResolver) -> None:
    text = "isis and the pmf clashed near kirkuk"
    assert resolver.find(text) == []
    assert [info.name for _, _, info in resolver.find(text, relax_case=True)] == [
        "Islamic State",
        "Popular Mobilisation Forces",
    ]


def test_curated_entries_override_generated(resolver: ActorResolver) -> None:
    # PETRARCH lists Peshmerga under Iraq's military and ISIL as its own record; the curated file decides.
    assert resolver.canonical("Pesh Merga").name == "Peshmerga"
    assert resolver.canonical("Islamic State of Iraq and al-Sham").name == "Islamic State"
    assert resolver.get("Islamic State").source == "curated"
    assert resolver.get("Islamic State of Iraq and the Levant") is None


def test_every_curated_entry_is_reachable_by_name_and_aliases(resolver: ActorResolver) -> None:
    for line in (KB_DIR / "curated.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for alias in [row["name"], *row.get("aliases", [])]:
            info = resolver.canonical(alias)
            assert info is not None and info.name == row["name"], alias
        if row.get("kind") == "media outlet":
            assert resolver.get(row["parent"]) is not None


def test_curated_types_are_acled_types() -> None:
    from eventwire.models import ACLED_ACTOR_TYPES

    for line in (KB_DIR / "curated.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row.get("type") is None or row["type"] in ACLED_ACTOR_TYPES, row["name"]


def test_knowledge_base_is_small_and_cached() -> None:
    # No wall-clock limit here (it failed under load): speed is measured by `eventwire bench`, not by tests.
    load_knowledge_base.cache_clear()
    kb = load_knowledge_base()
    assert load_knowledge_base() is kb and ActorResolver()._kb is kb
    assert sum(p.stat().st_size for p in KB_DIR.iterdir()) < 3_000_000
    assert len(kb.entries) > 2000


def test_generated_tables_keep_licence_and_readable_names() -> None:
    assert "MIT" in (KB_DIR / "LICENSE.petrarch2.txt").read_text(encoding="utf-8")
    names = [
        json.loads(line)["name"]
        for line in (KB_DIR / "actors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert "Islamic State" in names
    assert not any("_" in n for n in names)
    assert sum(n.isupper() and len(n) > 6 for n in names) < 10  # title-cased, not TABARI capitals


@functools.cache
def _load_builder():  # noqa: ANN202 - the scripts/build_actors.py module
    spec = importlib.util.spec_from_file_location("build_actors", REPO / "scripts" / "build_actors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actors"] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_committed_tables(tmp_path: Path) -> None:
    if not PETRARCH.is_dir():
        pytest.skip("../shared/data/petrarch is not beside the repository")
    counts = _load_builder().build(PETRARCH, tmp_path)
    assert counts["actors"] > 2000 and counts["countries"] > 150
    for name in ("actors.jsonl", "countries.jsonl", "force_nouns.json", "LICENSE.petrarch2.txt"):
        assert (tmp_path / name).read_bytes() == (KB_DIR / name).read_bytes(), name


@pytest.mark.parametrize(
    ("phrase", "name", "acronyms"),
    [
        ("THE_ISLAMIC_STATE", "Islamic State", []),
        ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", "Aden Abyan Islamic Army", ["AAIA"]),
        ("DIRECT_ACTION_(GREECE)_", "Direct Action (Greece)", []),
        ("AL-QAEDA_IN_IRAQ_", "Al-Qaeda in Iraq", []),
    ],
)
def test_builder_display_names(phrase: str, name: str, acronyms: list[str]) -> None:
    assert _load_builder().display(phrase) == (name, acronyms)


def test_seed_articles_name_their_actors(resolver: ActorResolver, shared_dir: Path) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert seeds
    found = {info.name for seed in seeds for _, _, info in resolver.find(seed.read_text(encoding="utf-8"))}
    assert {
        "Islamic State",
        "Popular Mobilisation Forces",
        "Peshmerga",
        "US-led Coalition",
        "al-Hayat Media Center",
        "Military Forces of Iraq",
    } <= found
