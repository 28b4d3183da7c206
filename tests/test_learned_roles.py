"""The learned role component: from the event's sentences, its spans replace the rules' perpetrators, targets,
victims and weapons where it reads one, and the other roles stay the rules'."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.extract.learned_roles import ORGANIZATION, _fill_event, orphan_roles
from eventwire.extract.rolefill import Span
from eventwire.models import Actor, Event, Evidence, Weapon

TEXT = "Guerrillas of the FMLN blew up a power pylon with dynamite and killed two peasants."


def _span(role: str, phrase: str, score: float = 0.9, text: str = TEXT) -> Span:
    """The tagger's span of the last occurrence of `phrase` in `text`."""
    start = text.rindex(phrase)
    return Span(role, start, start + len(phrase), phrase, score)


def _event(**kwargs) -> Event:
    return Event(
        id="e",
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        evidence=[Evidence(article_id="a", start=0, end=len(TEXT), text=TEXT)],
        **kwargs,
    )


def _names(text: str) -> tuple[str, str | None] | None:
    return ("Farabundo Marti National Liberation Front", "Rebel group") if text == "FMLN" else None


def test_empty_roles_are_filled_with_resolved_names() -> None:
    event = _event()
    spans = [_span("PerpOrg", "FMLN"), _span("Target", "power pylon"), _span("Victim", "two peasants")]
    spans.append(_span("Weapon", "dynamite"))
    _fill_event(event, spans, _names)
    roles = {(a.role, a.name, a.type) for a in event.actors}
    assert ("perpetrator", "Farabundo Marti National Liberation Front", "Rebel group") in roles
    assert ("target", "power pylon", "object") in roles and ("victim", "two peasants", None) in roles
    assert [w.name for w in event.weapons] == ["dynamite"]


def test_a_learned_span_replaces_the_rules_role() -> None:
    event = _event(
        actors=[Actor(name="Guerrillas", role="perpetrator", text="Guerrillas")],
        weapons=[Weapon(name="explosive", text="blew up")],
    )
    _fill_event(event, [_span("PerpOrg", "FMLN"), _span("Weapon", "dynamite")], _names)
    assert [a.name for a in event.actors if a.role == "perpetrator"] == [
        "Farabundo Marti National Liberation Front"
    ]
    assert [w.name for w in event.weapons] == ["dynamite"]


def test_a_weak_span_fills_an_empty_role_but_never_replaces_the_rules() -> None:
    strong = {"PerpInd": 0.4}
    claimed = Actor(
        name="Taliban", role="perpetrator", type="Rebel group", text="Taliban", certainty="claimed"
    )
    event = _event(actors=[claimed])
    _fill_event(event, [_span("PerpInd", "two peasants", 0.3)], _names, strong=strong)
    assert [a.name for a in event.actors if a.role == "perpetrator"] == ["Taliban"]
    bare = _event()
    _fill_event(bare, [_span("PerpInd", "two peasants", 0.3)], _names, strong=strong)
    assert [a.text for a in bare.actors if a.role == "perpetrator"] == ["two peasants"]
    strong_span = _event(actors=[claimed])
    _fill_event(strong_span, [_span("PerpInd", "two peasants", 0.5)], _names, strong=strong)
    assert [a.text for a in strong_span.actors if a.role == "perpetrator"] == ["two peasants"]


def test_a_perpetrator_read_in_place_of_a_doubted_one_keeps_the_doubt() -> None:
    doubted = Actor(name="Guerrillas", role="perpetrator", text="Guerrillas", certainty="suspected")
    event = _event(actors=[doubted])
    _fill_event(event, [_span("PerpOrg", "FMLN"), _span("Victim", "two peasants")], _names)
    by_role = {a.role: a for a in event.actors}
    assert by_role["perpetrator"].name == "Farabundo Marti National Liberation Front"
    assert by_role["perpetrator"].certainty == "suspected"
    assert by_role["victim"].certainty is None  # doubt is about who did it, not about who was hit
    sure = _event(actors=[Actor(name="Guerrillas", role="perpetrator", text="Guerrillas")])
    _fill_event(sure, [_span("PerpOrg", "FMLN")], _names)
    assert [a.certainty for a in sure.actors] == [None]


def test_roles_without_a_learned_span_and_claimants_stay_the_rules() -> None:
    event = _event(
        actors=[
            Actor(name="power pylon", role="target", type="object", text="power pylon"),
            Actor(name="ELN", role="claimant", type="Rebel group", text="ELN"),
        ],
        weapons=[Weapon(name="explosive", text="blew up")],
    )
    _fill_event(event, [_span("PerpOrg", "FMLN")], _names)
    assert {(a.role, a.name) for a in event.actors} == {
        ("target", "power pylon"),
        ("claimant", "ELN"),
        ("perpetrator", "Farabundo Marti National Liberation Front"),
    }
    assert [w.name for w in event.weapons] == ["explosive"]


def test_an_unknown_organisation_is_typed_as_one_and_a_person_is_not() -> None:
    event = _event()
    _fill_event(event, [_span("PerpOrg", "Guerrillas"), _span("PerpInd", "two peasants", 0.5)], _names)
    types = {a.text: a.type for a in event.actors}
    assert types == {"Guerrillas": ORGANIZATION, "two peasants": None}


@pytest.mark.slow
def test_component_reads_spans_and_can_be_switched_off() -> None:
    from eventwire.extract import Extractor
    from eventwire.models import Article

    text = "Guerrillas of the FMLN blew up a bank building in San Salvador on Monday, killing two guards."
    article = Article(id="a", text=text, published=date(1989, 5, 10))
    on = Extractor()
    assert on.learned_roles is not None and on.learned_roles.spans(on.nlp(text))
    off = Extractor(nlp=on.nlp, places=on.places, actors=on.actors, learned_roles=False)
    assert off.learned_roles is None
    assert off.extract(article)  # the rules alone still find the bombing


def test_spans_outside_every_event_go_to_the_nearest_event_within_reach() -> None:
    from eventwire.extract.learned_roles import _nearest_events, _sentence_index

    # sentences start at 0, 100, 200, 300, 400, 500; a bombing told in sentence 1
    bombing = _event()
    bombing.evidence[0].start, bombing.evidence[0].end = 100, 150
    sentence_of = _sentence_index([0, 100, 200, 300, 400, 500])
    victims = Span("Victim", 210, 230, "six jesuits", 0.8)  # the next sentence
    far = Span("Victim", 520, 540, "a peasant", 0.8)  # four sentences on
    out = _nearest_events([victims, far], [(0, bombing)], sentence_of)
    assert out == {0: [victims]}


def test_a_perpetrator_from_another_sentence_only_where_the_event_has_none() -> None:
    bare = _event()
    assert "perpetrator" in orphan_roles(bare, [])
    assert orphan_roles(bare, [_span("Victim", "two peasants")]) == orphan_roles(bare, []) - {"victim"}
    for role in ("perpetrator", "claimant"):
        told = _event(actors=[Actor(name="ELN", role=role, type="Rebel group", text="ELN")])  # type: ignore[arg-type]
        assert "perpetrator" not in orphan_roles(told, [])
    # filled through the orphan roles, a named group joins the event that had no perpetrator
    _fill_event(bare, [_span("PerpOrg", "FMLN")], _names, orphan_roles(bare, []))
    assert [a.name for a in bare.actors] == ["Farabundo Marti National Liberation Front"]


def test_a_victims_span_is_named_without_the_title_and_a_perpetrators_keeps_it(nlp) -> None:
    from eventwire.extract.learned_roles import _without_title

    text = "Gunmen killed director colonel roberto armando rivera escobar and captain luis perez garcia."
    doc = nlp(text)
    titled = _span("Victim", "director colonel roberto armando rivera escobar", text=text)
    victim = _without_title(doc, titled)
    assert victim.text == "roberto armando rivera escobar"
    assert text[victim.start : victim.end] == victim.text  # the offsets follow the name
    perpetrator = _span("PerpInd", "captain luis perez garcia", text=text)
    assert _without_title(doc, perpetrator) == perpetrator


def test_a_victim_named_in_part_takes_the_full_name_the_article_gives_where_it_is_one(nlp) -> None:
    from eventwire.extract.learned_roles import _fullest_names

    text = "Gunmen killed jaime pardo leal on monday. The death of pardo leal shocked the country."
    doc = nlp(text)
    full, part = _span("Victim", "jaime pardo leal", text=text), _span("Victim", "pardo leal", text=text)
    assert [s.text for s in _fullest_names([full, part], doc)] == ["jaime pardo leal", "jaime pardo leal"]
    # two people of that name: which one is not told, so the part stays
    other = Span("Victim", 0, 6, "maria pardo leal", 0.9)
    assert [s.text for s in _fullest_names([full, other, part], doc)][-1] == "pardo leal"
    # a perpetrator's span is not renamed
    perp = _span("PerpInd", "pardo leal", text=text)
    assert _fullest_names([full, perp], doc)[-1] == perp
