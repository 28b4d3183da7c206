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


@pytest.mark.parametrize(
    ("text", "name", "certainty"),
    [
        (
            "A British soldier died in a rocket attack on a base on Wednesday, which was blamed on rival "
            "Shia-dominated militias.",
            "militias",
            "suspected",
        ),
        (
            "Russian officials also suspect Isis was planning to bomb the village, in a plot which was "
            "uncovered last week by special forces.",
            "Isis",
            "suspected",
        ),
    ],
)
def test_blame_and_suspicion_in_the_incidents_sentence(
    extractor, text: str, name: str, certainty: str
) -> None:
    found = _perps(extractor, text)
    assert any(name in n and c == certainty for n, c in found), found


def _perpetrators_of_first(extractor, text: str) -> list[tuple[str, str | None]]:
    events = extractor.extract(Article(id="a", text=text, published=date(2014, 6, 4)))
    assert events
    return sorted((a.name, a.certainty) for a in events[0].actors if a.role == "perpetrator")


def test_suspected_bombers_named_after_the_noun_each_once_in_full(extractor) -> None:
    text = (
        "Three people were killed when two bombs exploded at the marathon in Boston on April 15, 2013. "
        "A manhunt was under way for suspected bomber Dzhokhar Tsarnaev. "
        "Matanov had dinner with the suspected bombers, Dzhokhar and his brother, Tamerlan Tsarnaev, "
        "the night of the attack."
    )
    assert _perpetrators_of_first(extractor, text) == [
        ("Dzhokhar Tsarnaev", "suspected"),
        ("Tamerlan Tsarnaev", "suspected"),
    ]


def test_suspected_bombers_are_the_bombings_authors_not_a_later_clashs(extractor) -> None:
    # "bombers" names the kind of incident; the statement's own sentence refers back to the bombing
    # ("the night of the attack"), which is the only bombing: it is that bombing's, not the clash's
    text = (
        "A car bomb exploded outside a police station in Mosul on Monday, killing four officers. "
        "Investigators said the suspected bombers, Ahmed Saleh and his cousin Omar Saleh, had met in a cafe "
        "on the night of the attack. On Wednesday, gunmen clashed with soldiers in a nearby district, "
        "killing two soldiers."
    )
    events = extractor.extract(Article(id="a", text=text, published=date(2021, 6, 10)))
    authors = {e.sub_event_type: {a.text for a in e.actors if a.role == "perpetrator"} for e in events}
    assert authors["Remote explosive/landmine/IED"] == {"Ahmed Saleh", "Omar Saleh"}
    assert authors["Armed clash"] == {"gunmen"}


def test_one_suspect_in_two_transliterations_is_one_perpetrator(extractor) -> None:
    text = (
        "Three people were killed when two bombs exploded at the marathon in Boston on April 15, 2013. "
        "A manhunt was under way for suspected bomber Dzhokhar Tsarnaev. "
        "Matanov had dinner with the suspected bombers, Dzokhar Tsarnaev and Tamerlan Tsarnaev, "
        "the night of the attack."
    )
    found = _perpetrators_of_first(extractor, text)
    assert ("Tamerlan Tsarnaev", "suspected") in found and len(found) == 2, found


def test_who_carried_out_names_the_author_without_the_main_clauses_doubt(extractor) -> None:
    text = (
        "Neighbors of Salman Abedi, the British-Libyan who carried out the May 22 concert bombing in "
        "Manchester, accused the security services of missing several chances to stop him."
    )
    assert _perpetrators_of_first(extractor, text) == [("Salman Abedi", None)]


def test_a_claim_for_the_bombings_covers_each_bombing(extractor) -> None:
    text = (
        "A car bomb exploded at the bus station in Belfast on Friday, killing six people. "
        "The Provisional IRA accepted responsibility for the bombings. "
        "Another bomb exploded outside shops on the Cavehill Road, killing three people."
    )
    events = extractor.extract(Article(id="a", text=text, published=date(1972, 7, 22)))
    bombs = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert len(bombs) == 2, [e.evidence for e in events]
    for bomb in bombs:
        assert [(a.name, a.certainty) for a in bomb.actors if a.role == "perpetrator"] == [
            ("Provisional IRA", "claimed")
        ]


def test_who_detonated_them_under_a_verb_of_saying_is_suspected(extractor) -> None:
    text = (
        "Twin bombs exploded near the finish line of the Boston Marathon on April 15, 2013, killing three. "
        "Police say that two brothers, Tamerlan and Dzhokhar Tsarnaev, carried the bombs in backpacks to the "
        "street before detonating them."
    )
    found = _perps(extractor, text)
    assert ("Tamerlan", "suspected") in found and ("Dzhokhar Tsarnaev", "suspected") in found, found


def test_bare_militants_after_a_named_groups_militants_are_that_group(extractor) -> None:
    text = (
        "Seven Taliban militants were killed in two accidental explosions in Kandahar province on Friday. "
        "Four militants were killed in Shah Wali Kot district when a vehicle they were traveling in touched "
        "off an IED. Militants attacked a police post in the district on Saturday."
    )
    events = extractor.extract(Article(id="a", text=text, published=date(2020, 10, 3)))
    names = {a.name for e in events for a in e.actors if a.role == "perpetrator"}
    assert names == {"Taliban"}, names


def test_bare_militants_with_no_group_named_before_stay_unnamed(extractor) -> None:
    text = "Militants attacked a police post in the district on Saturday, killing two officers."
    events = extractor.extract(Article(id="a", text=text, published=date(2020, 10, 3)))
    names = {a.name for e in events for a in e.actors if a.role == "perpetrator"}
    assert "Taliban" not in names and names, names


def test_the_accused_on_trial_is_the_suspect(extractor) -> None:
    text = (
        "The federal building in Oklahoma City was destroyed by a truck bomb on April 19, 1995, killing 168 "
        "people. McVeigh is on trial on charges of murder and conspiracy."
    )
    assert _perpetrators_of_first(extractor, text) == [("McVeigh", "suspected")]


def test_a_unit_and_its_organisation_are_one_perpetrator(extractor) -> None:
    text = "By the end of the day, the IRA's Belfast brigade had detonated at least 20 bombs across the city."
    perps = _perpetrators_of_first(extractor, text)
    assert len(perps) == 1 and ("IRA" in perps[0][0] or perps[0][0] == "Irish Republican Army"), perps


def test_incidents_a_groups_release_shows_are_claimed_by_it(extractor) -> None:
    text = (
        "Islamic State has released a new propaganda video on Telegram on Friday. "
        "The 30-minute video includes a mortar strike on an amateur football match in Kirkuk."
    )
    events = extractor.extract(Article(id="a", text=text, published=date(2020, 3, 16)))
    strike = [e for e in events if e.sub_event_type != "Propaganda release"]
    assert strike, [e.sub_event_type for e in events]
    perps = [(a.name, a.certainty) for a in strike[0].actors if a.role == "perpetrator"]
    assert perps == [("Islamic State", "claimed")]


def test_a_statement_carried_by_a_radio_station_names_no_author(extractor) -> None:
    text = (
        "A suicide car bomb killed three soldiers at a checkpoint in Afgooye on Monday. Al-Shabaab claimed "
        "responsibility for the bombing in a statement carried by its Andalus radio station."
    )
    found = _perps(extractor, text)
    assert found and not any("Andalus" in n for n, _ in found), found


def test_ablation_switches_it_off(extractor) -> None:
    from eventwire.extract import Extractor

    text = (
        "A suicide bomber blew himself up near the base on Monday, killing six soldiers. "
        "A spokesman for the Taliban claimed responsibility for the attack."
    )
    plain = Extractor(nlp=extractor.nlp, places=extractor.places, actors=extractor.actors, attribution=False)
    assert not any(n == "Taliban" for n, _ in _perps(plain, text))
