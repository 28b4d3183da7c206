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
        ("Israeli airstrikes hit targets in Gaza overnight.", "Air/drone strike"),
        ("Three soldiers were killed after an explosion in the market on Sunday.", None),
    ],
)
def test_political_violence_stays_in(extractor, text: str, sub: str | None) -> None:
    events = _events(extractor, text)
    assert events, text
    if sub is not None:
        assert sub in [e.sub_event_type for e in events]
