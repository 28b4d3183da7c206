"""Ordinary news stays out, and references to incidents are not incidents: scope and background rules."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.models import Article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor():
    from test_extract import make_extractor

    return make_extractor()


def _events(extractor, text: str):
    return extractor.extract(Article(id="a", text=text, published=date(2021, 6, 10)))


@pytest.mark.parametrize(
    "text",
    [
        "A cholera outbreak in the country has killed 292 people since October, officials said.",
        "The South Asia earthquake, which has killed more than 30,000 people, hampered relief efforts.",
        "Millions of infected birds have been slaughtered in China to contain the virus.",
        "Veterinary teams began slaughtering roughly 6,500 hogs at a farm on Sunday.",
        "Last night the former senator suffered a heart attack at his home.",
        "Police arrested four vendors for selling rotten meat at the market on Tuesday.",
        "According to the USDA statement, the beef was safe.",
        "More than 300,000 refugees in two camps are threatened by flooding.",
        "A local gas explosion damaged two houses on Monday.",
        "Officials said at least nine people were killed and sixty remain in hospital after an outbreak of "
        "cholera in a slum on Saturday.",
        "He warned of an explosion in HIV and AIDS cases in the country.",
        "More than 1,000 toads have exploded in a pond near Hamburg.",
        "The archbishop died on Sunday after a long battle with cancer.",
        "Both strikers will miss Saturday's relegation battle against Birmingham.",
        "The two companies are demonstrating a belief in the future of the district.",
        "On Friday a paramedic demonstrated to the students the techniques used to open an airway.",
        "The motion asks for time to demonstrate that the method carries a risk of pain.",
    ],
)
def test_ordinary_news_is_no_event(extractor, text: str) -> None:
    assert _events(extractor, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Matanov faces charges of obstructing the investigation into the bombing.",
        "McVeigh is on trial on charges of murder and conspiracy.",
        "The republic has seen numerous bombings targeted at the military.",
        "Militants in the province have been using home-made IEDs.",
        "He fled the country to escape execution.",
        "The United States condemns this cowardly attack on its forces.",
        "Warnings were given to the police before each explosion.",
        "In the 1990s, separatist warlords openly led armed operations in Dagestan.",
        "How a new kind of protest movement has arisen in the country.",
        "They deplored the slaughter and maiming of men, women and children.",
        "A report on the economy.\n× Protesters clash with security forces in the capital",
        "Last year the government banned a similar rally during the festival.",
        "Revenge killings, tribal fighting and upheaval following the elections have displaced many.",
        "This comes just before a scheduled protest, set to take place on February 10.",
    ],
)
def test_references_and_generalisations_are_no_event(extractor, text: str) -> None:
    assert _events(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Gunmen killed six aid workers on a road in the south on Saturday.", "Attack"),
        ("Police arrested five suspected militants in the capital.", "Arrests"),
        ("Police and counter-terror officers launched further raids early Monday in east London.", None),
        ("Police fired tear gas to disperse protesters in the capital.", "Protest with intervention"),
        ("Thousands demonstrated outside parliament on Friday against the new law.", "Peaceful protest"),
        ("Supporters of the opposition rallied in the capital on Sunday.", "Peaceful protest"),
        ("Troops fought a fierce battle with rebels near the border on Monday.", "Armed clash"),
        ("Israeli airstrikes hit targets in Gaza overnight.", "Air/drone strike"),
        ("Three soldiers were killed after an explosion in the market on Sunday.", None),
    ],
)
def test_political_violence_stays_in(extractor, text: str, sub: str | None) -> None:
    events = _events(extractor, text)
    assert events, text
    if sub is not None:
        assert sub in [e.sub_event_type for e in events]


# An outbreak report: its lead tells no incident and it names no political or armed actor. A clause deep in it
# that uses an event word is an incident only with marks of its own (extract/topic.py).
_OUTBREAK = (
    "Health officials said on Monday that the cholera outbreak has spread to three more provinces.\n"
    "Hospitals in the north are short of beds, and clinics have run out of rehydration salts.\n"
    "The ministry of health has asked for help from aid agencies.\n"
    "{clause}\n"
    "Officials expect the number of cases to fall when the rains end."
)


@pytest.mark.parametrize(
    "clause",
    [
        '"I believe my father was murdered," his son told reporters.',
        "Trucks cannot deliver supplies to the camps due to looting and general mayhem on the roads.",
        "The firm is recalling shelled pistachios sold in ten-ounce bags.",
    ],
)
def test_ordinary_news_needs_evidence_of_its_own(extractor, clause: str) -> None:
    assert _events(extractor, _OUTBREAK.format(clause=clause)) == []


@pytest.mark.parametrize(
    "clause",
    [
        "In the capital, police fired tear gas at hundreds of protesters who demanded clean water.",
        "Gunmen killed six aid workers on a road near the camps on Saturday.",
    ],
)
def test_political_violence_in_ordinary_news_stays_in(extractor, clause: str) -> None:
    assert _events(extractor, _OUTBREAK.format(clause=clause)), clause


@pytest.mark.parametrize(
    ("group", "kept"),
    [("the Movement of the Revolutionary Left", True), ("the national bakers' association", False)],
)
def test_a_known_armed_group_named_beside_it_is_a_mark_of_its_own(extractor, group: str, kept: bool) -> None:
    """A murder told in ordinary news stays when its sentence names a non-state armed group the actor base
    knows (the victim was its spokesman); the same clause about a trade body's spokesman does not."""
    clause = f"A judge was named to investigate the murder of Jecar Neghme, spokesman of {group}."
    assert bool(_events(extractor, _OUTBREAK.format(clause=clause))) is kept


def test_topic_prior_is_what_drops_it(extractor) -> None:
    """Without the topic prior (an ablation) the same clause comes out: the prior is what keeps it out."""
    from eventwire.extract import Extractor

    plain = Extractor(nlp=extractor.nlp, places=extractor.places, actors=extractor.actors, topic_prior=False)
    text = _OUTBREAK.format(clause='"I believe my father was murdered," his son told reporters.')
    assert plain.extract(Article(id="a", text=text, published=date(2021, 6, 10)))


def test_an_article_about_political_violence_keeps_its_events(extractor) -> None:
    """The same clause in a report whose lead tells an attack is an incident of that report."""
    text = (
        "Militants attacked a police post in the north on Monday, killing three officers.\n"
        "The attackers fled into the hills.\n"
        "The ministry of health has asked for help from aid agencies.\n"
        '"I believe my father was murdered," his son told reporters.'
    )
    assert len(_events(extractor, text)) >= 2


def test_what_is_allowed_is_no_incident(extractor) -> None:
    """The clashes happened; the protests the authorities will not allow did not."""
    text = (
        "The authorities are refusing to allow more protests against the decision to allow beef imports, "
        "after hundreds of people were injured in clashes with riot police overnight Saturday."
    )
    subs = [e.sub_event_type for e in _events(extractor, text)]
    assert subs and "Peaceful protest" not in subs


def test_any_is_no_incident(extractor) -> None:
    assert (
        _events(extractor, "Any rally held after sunset without police permission is considered illegal.")
        == []
    )


def test_a_definite_toll_points_back(extractor) -> None:
    """ "The eleven people were killed when ..." retells the eleven already counted: one incident."""
    text = (
        "Cattle rustlers have killed eleven people near the town of Isiolo, the minister said today.\n"
        '"The eleven people were killed when rustlers stormed a village early this morning," he said.'
    )
    events = _events(extractor, text)
    assert len(events) == 1
    assert events[0].fatalities.killed.best == 11


@pytest.mark.parametrize(
    ("lead", "kept"),
    [
        ("A jogger, 54, was stabbed in the back near the river path.", False),
        ("Suspected militants stabbed a jogger near the river path.", True),
        ("A bomb exploded near the river path.", True),
    ],
)
def test_a_crime_lead_makes_a_crime_story(extractor, lead: str, kept: bool) -> None:
    """A lead that tells an ordinary crime's kind of incident with no political side makes the article a crime
    story, whose later events need marks of their own; a lead with a militant or a bomb makes a report."""
    text = (
        f"{lead}\n"
        "The victim was taken to the county hospital, where she is in a stable condition.\n"
        "Neighbours said the path is usually quiet.\n"
        "Last month a car was vandalised in the same street."
    )
    events = _events(extractor, text)
    assert bool(events) == kept
    if kept:
        assert any("vandalised" in e.evidence[0].text for e in events)


def test_an_incident_with_a_known_armed_group_makes_the_article_political() -> None:
    """An incident whose actor the knowledge base types as an armed group makes the article one about
    political violence: its other incidents need no marks of their own (the real resolver types FARC)."""
    from eventwire.extract import Extractor

    extractor = Extractor()
    murdered = '"I believe my father was murdered," his son told reporters.'
    bombed = "FARC bombed a clinic near the border."
    alone = _events(extractor, _OUTBREAK.format(clause=murdered))
    both = _events(extractor, _OUTBREAK.format(clause=f"{bombed}\n{murdered}"))
    assert not any("murdered" in e.evidence[0].text for e in alone)
    assert any("murdered" in e.evidence[0].text for e in both)
