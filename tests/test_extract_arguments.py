"""Actors of extracted events, on short invented sentences: only people, organisations and forces become
actors, each under its canonical name, with the role the sentence gives it (DESIGN.md, the event record)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.models import Article, Event

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor(extractor_no_places):
    """The real actor resolver (names are what these tests check), no place resolution (not checked here)."""
    return extractor_no_places


def _events(extractor, text: str) -> list[Event]:
    article = Article(id=Article.make_id(text), text=text, published=date(2023, 5, 10), outlet="Test Wire")
    return extractor.extract(article)


def _actors(event: Event) -> set[tuple[str, str]]:
    return {(a.name, a.role) for a in event.actors}


def _names(events: list[Event]) -> set[str]:
    return {a.name for e in events for a in e.actors}


def test_clash_sides_are_perpetrator_and_target(extractor) -> None:
    (event,) = _events(
        extractor, "Afghan troops clashed with fighters of the Taliban near Kunduz on Saturday."
    )
    assert event.sub_event_type == "Armed clash"
    assert _actors(event) == {("Military Forces of Afghanistan", "perpetrator"), ("Taliban", "target")}


def test_coordinated_demonyms_are_two_actors(extractor) -> None:
    events = _events(extractor, "Kurdish and Yazidi fighters launched an offensive near Tal Afar on Monday.")
    assert {("Kurdish Forces", "perpetrator"), ("Yazidi fighters", "perpetrator")} <= _actors(events[0])
    assert "Kurdish and Yazidi fighters" not in _names(events)


def test_numbers_places_acts_and_aircraft_are_no_actors(extractor) -> None:
    events = _events(
        extractor,
        "Warplanes struck the town of Saraqib on Monday, killing five people. "
        "An exchange of fire followed a raid on a hideout near Bannu on Tuesday.",
    )
    names = {n.lower() for n in _names(events)}
    assert not names & {"warplanes", "town", "fire", "exchange", "hideout"}


def test_headline_passive_and_bare_numbers(extractor) -> None:
    events = _events(
        extractor, "At least 25 protesters injured and 40 arrested outside the regional assembly"
    )
    actors = {(a.name, a.role) for e in events for a in e.actors}
    assert ("protesters", "victim") in actors
    assert not any(name in {"40", "protesters"} and role == "perpetrator" for name, role in actors)


def test_police_breaking_up_a_protest_intervene(extractor) -> None:
    (event,) = _events(
        extractor, "Police fired tear gas to break up a sit-in by teachers in Nairobi on Monday."
    )
    assert event.event_type == "Protests"
    assert ("Police", "actor") in _actors(event)
    assert not [a for a in event.actors if a.role == "perpetrator" and a.name == "Police"]


def test_group_outlet_is_the_group(extractor) -> None:
    events = _events(
        extractor,
        "Islamic State released a video on Sunday. "
        "The video was posted on Telegram by its media office in Raqqa.",
    )
    (release,) = [e for e in events if e.sub_event_type == "Propaganda release"]
    assert _actors(release) == {("Islamic State", "perpetrator")}


def test_known_outlet_names_its_group(extractor) -> None:
    events = _events(
        extractor, "In the latest issue of its al-Naba newsletter, the group urges attacks on Paris."
    )
    (release,) = [e for e in events if e.sub_event_type == "Propaganda release"]
    assert ("Islamic State", "perpetrator") in _actors(release)


def test_subject_of_the_when_clause_did_it(extractor) -> None:
    events = _events(
        extractor, "The assault began at dawn on Monday, when Iraqi troops entered the town of Hit."
    )
    assert ("Military Forces of Iraq", "perpetrator") in {x for e in events for x in _actors(e)}


def test_holder_of_strongholds_is_the_other_side(extractor) -> None:
    events = _events(
        extractor,
        "Iraqi troops captured three villages on Monday, cutting off Isis's strongholds in the area.",
    )
    actors = {x for e in events for x in _actors(e)}
    assert {("Military Forces of Iraq", "perpetrator"), ("Islamic State", "target")} <= actors
    assert not {name for name, _ in actors} & {"villages", "area"}


def test_members_of_a_named_group(extractor) -> None:
    events = _events(
        extractor,
        "Police arrested four members of the separatist group Moro Liberation Army in Manila on Monday.",
    )
    assert "Moro Liberation Army" in _names(events)


def test_demonym_threat_target_is_the_force() -> None:
    from eventwire.extract.media import threatened_targets
    from eventwire.nlp.pipeline import load_nlp

    doc = load_nlp()("A masked fighter threatens more attacks on the Egyptian army and the police.")
    assert threatened_targets(next(iter(doc.sents))) == ["Egyptian army"]


def test_an_unknown_thing_hit_is_an_object_and_people_are_not(extractor) -> None:
    events = _events(
        extractor,
        "Gunmen attacked seven private bank branches in Lima on Monday. "
        "On Tuesday rebels attacked Italian engineers in Cusco.",
    )
    types = {a.text: a.type for e in events for a in e.actors if a.role in {"target", "victim"}}
    assert types.get("seven private bank branches", types.get("private bank branches")) == "object"
    assert any("engineers" in text for text in types) and all(
        t != "object" for text, t in types.items() if "engineers" in text
    )


def test_names_a_thing_reads_the_head_word() -> None:
    from eventwire.extract.arguments import names_a_thing
    from eventwire.nlp.pipeline import load_nlp

    doc = load_nlp()("The pylon, the peasants, the army and the jesuits were hit.")
    heads = {t.text: names_a_thing(t) for t in doc if t.pos_ == "NOUN"}
    assert heads.get("pylon") is True
    assert heads.get("peasants") is False and heads.get("army") is False


def test_a_person_hit_is_named_without_the_title() -> None:
    from eventwire.extract.arguments import without_title
    from eventwire.nlp.pipeline import load_nlp

    nlp = load_nlp()
    doc = nlp("Gunmen killed Liberal Senator Federico Estrada Velez in Medellin.")
    head = next(t for t in doc if t.dep_ == "dobj")
    assert without_title("Liberal Senator Federico Estrada Velez", head) == "Federico Estrada Velez"
    building = next(t for t in nlp("The police headquarters building was hit.") if t.text == "building")
    assert without_title("police headquarters building", building) == "police headquarters building"
    people = next(t for t in nlp("The people of San Salvador were hit.") if t.text == "people")
    assert without_title("people of San Salvador", people) == "people of San Salvador"


@pytest.mark.parametrize(
    "text",
    [
        # the example: the subject of the verb that sets off the device is its perpetrator
        "Taliban fighters set off a car bomb outside a police station in Kandahar on Monday, killing five.",
        "Taliban militants threw a grenade at a police patrol in Kandahar on Monday, wounding three.",
    ],
)
def test_who_sets_off_or_throws_the_device_did_it(extractor, text: str) -> None:
    (event,) = _events(extractor, text)
    assert ("Taliban", "perpetrator") in _actors(event)
