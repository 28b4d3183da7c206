"""Each status kind, read from the words governing the trigger: things that did not happen never come out
as actual events."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.models import Article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extractor():
    """Keeps what did not happen, so that its status can be read (the default leaves it out)."""
    from test_extract import make_extractor

    ex = make_extractor()
    ex.keep_unreal = True
    return ex


DOUBT = {"claimed", "suspected", "alleged"}


@pytest.mark.parametrize(
    ("text", "sub_event_type", "status"),
    [
        ("Militants attacked a police checkpoint in the north on Monday.", "Armed clash", "actual"),
        ("Al-Shabaab claimed responsibility for the attack on the hotel.", "Attack", "claimed"),
        (
            "The group boasted of carrying out the bombing of the bridge.",
            "Remote explosive/landmine/IED",
            "claimed",
        ),
        (
            "Isis has emerged as the prime suspect in the bombing of the airliner.",
            "Remote explosive/landmine/IED",
            "suspected",
        ),
        ("The attack was allegedly carried out by a local militia.", "Attack", "alleged"),
        ("Security forces foiled a plot to bomb the cathedral.", "Disrupted weapons use", None),
        (
            "Officials suspect the cell was planning to bomb the stadium, "
            "in a plot which was uncovered last week.",
            "Disrupted weapons use",
            "foiled",
        ),
        ("The cell was planning to bomb the stadium.", "Remote explosive/landmine/IED", "planned"),
        ("The rebels will launch an offensive next week.", "Armed clash", "planned"),
        ("The militants threatened to attack the capital.", "Attack", "threatened"),
        ("If the talks fail, the militants could attack the city.", "Attack", "hypothetical"),
        ("The group did not carry out any attack on the embassy.", "Attack", "negated"),
        # an attempt happened, whether it failed or not
        ("Gunmen tried to storm a police station on Monday but were repelled.", "Armed clash", "actual"),
        ("Attackers tried to assassinate the governor on Monday, but he escaped unhurt.", "Attack", "actual"),
    ],
)
def test_status(extractor, text: str, sub_event_type: str, status: str | None) -> None:
    events = extractor.extract(Article(id="s", text=text, published=date(2021, 6, 10)))
    match = [e for e in events if e.sub_event_type == sub_event_type]
    assert match, [e.sub_event_type for e in events]
    if status in DOUBT:
        # The incident happened; the doubt about who did it is the perpetrator's (DESIGN.md, `status`).
        assert match[0].status == "actual"
        perps = [a for a in match[0].actors if a.role == "perpetrator"]
        assert all(a.certainty == status for a in perps), perps
    elif status is not None:
        assert match[0].status == status


@pytest.mark.parametrize(
    "text",
    [
        "The cell was planning to bomb the stadium.",
        "If the talks fail, the militants could attack the city.",
        "The group did not carry out any attack on the embassy.",
    ],
)
def test_what_did_not_happen_is_left_out_by_default(text: str) -> None:
    from test_extract import make_extractor

    events = make_extractor().extract(Article(id="s", text=text, published=date(2021, 6, 10)))
    assert events == []


@pytest.mark.parametrize(
    "text",
    [
        "It could stage a resurgence if coalition forces pull out of the country.",
        "The peshmerga will continue operations to re-establish government control.",
        "Isis has previously called for attacks on Russia and the US.",
        "Victory is killing one or more leaders.",
        # an act meant, in an infinitive under a verb of wanting, sending or hiring
        "The guerrillas want to massacre the people of the town.",
        "He said the army was sent to massacre the people.",
        "The cartel hired gunmen to assassinate the judge.",
    ],
)
def test_never_actual(extractor, text: str) -> None:
    events = extractor.extract(Article(id="s", text=text, published=date(2021, 6, 10)))
    assert all(e.status != "actual" or e.sub_event_type == "Threat" for e in events), [
        (e.sub_event_type, e.status) for e in events
    ]
