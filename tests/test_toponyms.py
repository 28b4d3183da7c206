"""Toponym recognition beyond spaCy's place labels."""

from __future__ import annotations

import pytest

from eventwire.resolve.gazetteer import Gazetteer
from eventwire.resolve.toponyms import demonym_countries, recognise, text_hint

pytestmark = pytest.mark.slow


def test_place_tagged_as_org_is_recognised(nlp) -> None:  # noqa: ANN001
    text = "Fighters launched a major offensive to retake the key town of Sinjar."
    doc = nlp(text)
    assert any(e.text == "Sinjar" and e.label_ != "GPE" for e in doc.ents) or not any(
        e.text == "Sinjar" for e in doc.ents
    ), "the premise of this test: spaCy does not tag Sinjar as a place here"
    found = {t.text: t for t in recognise(doc, Gazetteer.load())}
    assert "Sinjar" in found and found["Sinjar"].hint == "town"


def test_curated_multiword_names_win_over_parts(nlp) -> None:  # noqa: ANN001
    doc = nlp("The US air force responded to the attack on Camp Taji, near Baghdad.")
    texts = [t.text for t in recognise(doc, Gazetteer.load())]
    assert "Camp Taji" in texts and "Baghdad" in texts and "Taji" not in texts


def test_demonyms_are_not_toponyms(nlp) -> None:  # noqa: ANN001
    doc = nlp("Iraqi soldiers and Kurdish fighters clashed with militants in Kirkuk province.")
    found = recognise(doc, Gazetteer.load())
    assert [t.text for t in found] == ["Kirkuk"] and found[0].hint == "admin"


@pytest.mark.parametrize(
    ("text", "name", "hint"),
    [
        ("attacks in Kirkuk province", "Kirkuk", "admin"),
        ("the province of Kirkuk", "Kirkuk", "admin"),
        ("the town of Sinjar", "Sinjar", "town"),
        ("a market south of Kirkuk", "Kirkuk", "town"),
        ("troops in Kirkuk", "Kirkuk", None),
    ],
)
def test_text_hint(text: str, name: str, hint: str | None) -> None:
    start = text.index(name)
    assert text_hint(text, start, start + len(name)) == hint


def test_demonym_countries() -> None:
    assert demonym_countries("Iraqi and Syrian troops met American officials.", Gazetteer.load()) == [
        "IQ",
        "SY",
        "US",
    ]
