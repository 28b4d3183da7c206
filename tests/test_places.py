"""Resolution in context and the event's location (PlaceResolver)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.resolve.places import PlaceResolver
from eventwire.resolve.toponyms import Toponym

CASES = json.loads((Path(__file__).parent / "data" / "geo" / "locate_cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver()


def _toponyms(text: str, *names: str) -> list[Toponym]:
    out = []
    for name in names:
        start = text.index(name, out[-1].end if out else 0)
        out.append(Toponym(start, start + len(name), name, "test"))
    return out


@pytest.mark.parametrize(
    ("text", "names", "country", "admin1"),
    [
        (
            "The Paris school board met in Lamar County, where Texas officials spoke.",
            ("Paris", "Lamar County", "Texas"),
            "US",
            "Texas",
        ),
        (
            "Paris police said the protest in France was the largest since 1968.",
            ("Paris", "France"),
            "FR",
            None,
        ),
        ("A barn burned near Paris, Tenn., on Monday.", ("Paris", "Tenn."), "US", "Tennessee"),
    ],
)
def test_paris_in_context(
    resolver: PlaceResolver, text: str, names: tuple[str, ...], country: str, admin1: str | None
) -> None:
    paris = resolver.resolve_text(text, _toponyms(text, *names))[0].place
    assert paris is not None and paris.name == "Paris" and paris.kind == "city" and paris.country == country
    if admin1:
        assert paris.admin1 == admin1


def test_country_name_is_a_country_not_a_town(resolver: PlaceResolver) -> None:
    text = "Clashes in Jordan and Lebanon continued."
    places = [r.place for r in resolver.resolve_text(text, _toponyms(text, "Jordan", "Lebanon"))]
    assert [(p.kind, p.country) for p in places] == [("country", "JO"), ("country", "LB")]


def test_unknown_name_resolves_to_none(resolver: PlaceResolver) -> None:
    text = "Fighting near Qwertyville."
    assert resolver.resolve_text(text, _toponyms(text, "Qwertyville"))[0].place is None


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES["cases"], ids=[c["id"] for c in CASES["cases"]])
def test_locate_event(nlp, resolver: PlaceResolver, case: dict) -> None:  # noqa: ANN001
    doc = nlp(case["text"])
    start = case["text"].index(case["trigger"])
    anchor = doc.char_span(start, start + len(case["trigger"]), alignment_mode="expand")
    loc = resolver.locate_event(doc, anchor, [anchor.sent])
    assert (loc.name, loc.country, loc.precision) == (case["name"], case["country"], case["precision"])
    if loc.precision != "unknown":
        assert loc.lat is not None and loc.text


@pytest.mark.slow
def test_anaphor_and_other_mentions(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    text = (
        "The US air force responded to the attack on Camp Taji, near Baghdad, with airstrikes. "
        "But on Sunday the same base was hit by another rocket attack.\n"
        "The video shows a mortar strike on a football match in Kirkuk province. "
        "The attack on civilians playing football in a village near Daqouq killed six."
    )
    doc = nlp(text)
    sunday = doc.char_span(text.index("another rocket attack") + 15, text.index("another rocket attack") + 21)
    loc = resolver.locate_event(doc, sunday, [sunday.sent])
    assert (loc.name, loc.precision) == ("Camp Taji", "near town")
    strike = doc.char_span(text.index("strike on a football"), text.index("strike on a football") + 6)
    later = doc.char_span(
        text.index("The attack on civilians"), text.index("The attack on civilians") + 10
    ).sent
    assert resolver.locate_event(doc, strike, [strike.sent]).precision == "region"
    loc = resolver.locate_event(doc, strike, [strike.sent, later])
    assert (loc.name, loc.admin1, loc.precision) == ("Daquq", "Kirkuk", "near town")
