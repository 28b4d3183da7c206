"""WikiEvents head-word argument scoring on a hand-made document with hand-made extractor output."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval import wikievents
from eventwire.models import Actor, Article, Event, Evidence, Location, Weapon

DATA = Path(__file__).parent / "data" / "eval"


class FakeExtractor:
    """Returns one fixed event covering the whole sentence; parsing is the real model's."""

    def __init__(self, nlp) -> None:  # noqa: ANN001 - spacy.Language
        self.nlp = nlp

    def extract_many(self, articles: list[Article]):  # noqa: ANN201
        for article in articles:
            event = Event(
                id="e1",
                event_type="Explosions/Remote violence",
                sub_event_type="Remote explosive/landmine/IED",
                actors=[
                    Actor(name="militants", role="perpetrator", text="Militants"),
                    Actor(name="mayor", role="victim", text="the mayor"),
                ],
                weapons=[Weapon(name="car bomb", text="car bomb")],
                location=Location(name="Kabul", text="Kabul"),
                evidence=[Evidence(article_id=article.id, start=0, end=len(article.text), text=article.text)],
            )
            yield article, [event]


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [
        ("Conflict.Attack.DetonateExplode", "ExplosiveDevice"),
        ("Conflict.Attack.Unspecified", "Instrument"),
        ("Life.Die.Unspecified", "Instrument"),
        ("Contact.Contact.Broadcast", None),
    ],
)
def test_role_map_picks_most_specific_entry(event_type: str, expected: str | None) -> None:
    assert wikievents.role_map_for(event_type).get("weapon") == expected


def test_layout_maps_tokens_to_character_spans() -> None:
    (doc,) = wikievents.iter_docs(DATA / "wikievents" / "dev.jsonl")
    text, spans = wikievents.layout(doc)
    assert [text[s:e] for s, e in spans] == doc["tokens"]


@pytest.mark.slow
def test_scores_match_hand_computation(nlp) -> None:  # noqa: ANN001
    # Detonate: Attacker Militants ✓, ExplosiveDevice bomb ✓, Place Kabul ✓, Target mayor ✗ (4 predicted,
    # 3 gold). Die: Victim mayor ✓, Place Kabul ✓, Killer Militants ✗, Instrument bomb ✗ (4 predicted,
    # 2 gold). Broadcast: a type we do not model, 1 gold. P = 5/8, R = 5/6, F1 = 5/7.
    out = wikievents.evaluate(DATA, "dev", extractor=FakeExtractor(nlp))
    assert out["predicted_arguments"] == 8 and out["gold_arguments"] == 6
    assert out["arg_identification_f1"] == pytest.approx(100 * 5 / 7)
    assert out["arg_classification_f1"] == pytest.approx(100 * 5 / 7)
