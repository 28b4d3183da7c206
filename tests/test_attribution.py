"""Attribution across sentences: who did it, told apart from the incident, with the doubt on the actor."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.models import Article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor():
    from eventwire.extract import Extractor

    return Extractor()


def _perps(extractor, text: str) -> list[tuple[str, str | None]]:
    """(surface text, certainty) of every perpetrator of the article's events."""
    events = extractor.extract(Article(id="a", text=text, published=date(2021, 6, 10)))
    return [(a.text or a.name, a.certainty) for e in events for a in e.actors if a.role == "perpetrator"]


@pytest.mark.parametrize(
    ("text", "name", "certainty"),
    [
        (
            "A suicide bomber blew himself up near the base on Monday, killing six soldiers. "
            "A spokesman for the Taliban claimed responsibility for the attack.",
            "Taliban",
            "claimed",
        ),
        (
            "A bomb exploded in a cafe in the capital on Friday, killing 13 people. "
            "The attack is widely believed to have been carried out by ETA.",
            "ETA",
            "suspected",
        ),
        (
            "Five people were killed on Tuesday in an attack on a market in the city. "
            "The alleged killer, John Smith, was shot dead by police two days later.",
            "John Smith",
            "suspected",
        ),
    ],
)
def test_perpetrator_from_another_sentence(extractor, text: str, name: str, certainty: str) -> None:
    found = _perps(extractor, text)
    assert any(name in n and c == certainty for n, c in found), found


def test_ablation_switches_it_off(extractor) -> None:
    from eventwire.extract import Extractor

    text = (
        "A suicide bomber blew himself up near the base on Monday, killing six soldiers. "
        "A spokesman for the Taliban claimed responsibility for the attack."
    )
    plain = Extractor(nlp=extractor.nlp, places=extractor.places, actors=extractor.actors, attribution=False)
    assert not any(n == "Taliban" for n, _ in _perps(plain, text))
