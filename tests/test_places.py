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


def test_alternate_name_abroad_is_dropped_not_forced(resolver: PlaceResolver) -> None:
    """'Boni' is only an alternate name of Bonn: in a report about Mali it is a place the gazetteer lacks."""
    text = "Troops clashed with militants near Boni, in the Mopti region of Mali."
    places = [r.place for r in resolver.resolve_text(text, _toponyms(text, "Boni", "Mopti", "Mali"))]
    assert places[0] is None
    assert places[1] is not None and places[1].country == "ML"
    text = "The conference in Bonn ended on Friday."
    bonn = resolver.resolve_text(text, _toponyms(text, "Bonn"))[0].place
    assert bonn is not None and bonn.country == "DE"


def test_own_name_beats_an_alternate_name(resolver: PlaceResolver) -> None:
    """'Texas' is the state, not a 'Texas County' whose alternate name it is, even among Missouri places."""
    text = "Officials in Springfield, Missouri, and in Texas said roads were closed near Joplin."
    places = resolver.resolve_text(text, _toponyms(text, "Springfield", "Missouri", "Texas", "Joplin"))
    texas = places[2].place
    assert texas is not None and (texas.kind, texas.name) == ("admin1", "Texas")


def test_a_name_among_states_is_a_state(resolver: PlaceResolver) -> None:
    text = "Storms hit Indiana, Ohio, Montana, Wyoming and Missouri this week, near Monroe County."
    names = ("Indiana", "Ohio", "Montana", "Wyoming", "Missouri", "Monroe County")
    wyoming = resolver.resolve_text(text, _toponyms(text, *names))[3].place
    assert wyoming is not None and (wyoming.kind, wyoming.country) == ("admin1", "US")


def test_dateline_is_the_well_known_city(resolver: PlaceResolver) -> None:
    """An upper-case dateline is a city, and the story's own places (North Carolina) do not move it."""
    from eventwire.resolve.toponyms import text_hint

    text = "WASHINGTON (RNS) Church leaders praised the release of a pastor from North Carolina."
    tops = [
        Toponym(t.start, t.end, t.text, "test", text_hint(text, t.start, t.end))
        for t in _toponyms(text, "WASHINGTON", "North Carolina")
    ]
    assert tops[0].hint == "dateline" and tops[1].hint is None
    dc = resolver.resolve_text(text, tops)[0].place
    assert dc is not None and dc.kind == "city" and dc.admin1 == "District of Columbia"


def test_continent_adjective_is_the_continent(resolver: PlaceResolver) -> None:
    text = "European leaders met Asian ministers."
    places = [r.place for r in resolver.resolve_text(text, _toponyms(text, "European", "Asian"))]
    assert [(p.kind, p.name) for p in places] == [("continent", "Europe"), ("continent", "Asia")]


def test_repeated_name_does_not_vote_for_itself(resolver: PlaceResolver) -> None:
    """Three mentions of "Paris" read as France in the first pass must not vote France for "Paris" itself:
    only the article's other names vote (here a Texas county)."""
    from eventwire.resolve.disambiguate import _Context

    gaz = resolver.gazetteer
    paris = gaz.lookup("Paris")
    france = next(p for p in paris if p.country == "FR" and p.kind == "city")
    texas = next(p for p in paris if p.country == "US" and p.admin1 == "Texas")
    lamar = next(p for p in gaz.lookup("Lamar County") if p.admin1 == "Texas")
    ctx = _Context()
    for i in range(3):
        ctx.add(i, "paris", france)
    ctx.add(3, "lamar county", lamar)
    assert ctx.share("paris", france) == (0.0, 0.0)
    assert ctx.share("paris", texas) == (1.0, 1.0)
    assert ctx.share("lamar county", lamar)[0] < 1.0  # France's three votes do count for the other names


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (  # a town named inside its province: the town, though the parse hangs the province nearer the verb
            "At least 9 people were killed and dozens wounded when a bomb exploded at a crowded market in "
            "Konduga, in Nigeria’s north-eastern Borno state, on Friday.",
            "exploded",
            ("Konduga", "NG", "town"),
        ),
        (  # no gazetteer place bears the name "Boni" (only Bonn has it as an alternate name): the country
            "Malian soldiers said militants on motorcycles attacked an army patrol on the road between Boni "
            "and Hombori.",
            "attacked",
            ("Mali", "ML", "country"),
        ),
    ],
)
def test_locate_event_town_and_stray_alias(
    nlp, resolver: PlaceResolver, text: str, trigger: str, expected: tuple[str, str, str]
) -> None:  # noqa: ANN001
    doc = nlp(text)
    start = text.index(trigger)
    anchor = doc.char_span(start, start + len(trigger), alignment_mode="expand")
    loc = resolver.locate_event(doc, anchor, [anchor.sent])
    assert (loc.name, loc.country, loc.precision) == expected


def test_two_ambiguous_names_at_one_spot_agree(resolver: PlaceResolver) -> None:
    """'Paris' and 'Henry County' both have a reading in north-west Tennessee (the town is the county
    seat): that coincidence outweighs the larger Henry County of Georgia and Paris, France."""
    text = "Paris police and Henry County deputies searched the lake. Henry County schools closed early."
    places = [
        r.place for r in resolver.resolve_text(text, _toponyms(text, "Paris", "Henry County", "Henry County"))
    ]
    assert all(p is not None and (p.country, p.admin1) == ("US", "Tennessee") for p in places)


def test_part_of_a_place_falls_back_to_the_place(resolver: PlaceResolver) -> None:
    for text, name, expected in [
        ("Flooding hit North London and Kent.", "North London", ("London", "GB")),
        ("Traffic stalled across the Greater Toronto Area.", "Greater Toronto Area", ("Toronto", "CA")),
    ]:
        place = resolver.resolve_text(text, _toponyms(text, name))[0].place
        assert place is not None and (place.name, place.country) == expected


@pytest.mark.slow
def test_country_fallback_quotes_the_article_and_needs_a_clear_focus(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """An unplaced event takes the article's country only when the article is mostly about one country,
    and its evidence is the article's own words (a demonym here), never a name the text does not hold."""
    text = "Malian officials said gunmen attacked a convoy. Malian troops later returned fire."
    doc = nlp(text)
    anchor = doc.char_span(text.index("attacked"), text.index("attacked") + len("attacked"))
    loc = resolver.locate_event(doc, anchor, [anchor.sent])
    assert (loc.country, loc.precision, loc.text) == ("ML", "country", "Malian")
    roundup = (
        "A bomb exploded in Cairo. Gunmen attacked a village in Nigeria. Police in Lahore arrested a man.\n"
        "Elsewhere, fighters clashed with troops overnight."
    )
    doc = nlp(roundup)
    anchor = doc.char_span(roundup.index("clashed"), roundup.index("clashed") + len("clashed"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).precision == "unknown"


@pytest.mark.slow
def test_a_dateline_names_where_the_report_was_filed_not_the_place(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """'NAIROBI (Reuters) -' is the bureau: a place the body names for the incident wins, and with no place in
    the body the dateline tells at most the country, never the town or its province."""
    body = "NAIROBI, June 25 (Reuters) - Gunmen killed five people near the town of Mandera on Saturday."
    doc = nlp(body)
    anchor = doc.char_span(body.index("killed"), body.index("killed") + len("killed"))
    loc = resolver.locate_event(doc, anchor, [anchor.sent])
    assert (loc.name, loc.country) == ("Mandera", "KE")
    silent = "NAIROBI, June 25 (Reuters) - Gunmen killed five people on Saturday, police said."
    doc = nlp(silent)
    anchor = doc.char_span(silent.index("killed"), silent.index("killed") + len("killed"))
    loc = resolver.locate_event(doc, anchor, [anchor.sent])
    assert (loc.country, loc.precision, loc.text) == ("KE", "country", "NAIROBI")


@pytest.mark.slow
def test_a_neighbour_across_a_border_and_a_possessor_are_not_the_place(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """'near the border with Uganda' says where Kasindi lies, and 'Russia's attack' says whose attack: neither
    is where the event happened (the country falls back to the article's own words, 'Congolese')."""
    text = "A bomb exploded in a church near the border with Uganda on Sunday, the Congolese government said."
    doc = nlp(text)
    anchor = doc.char_span(text.index("exploded"), text.index("exploded") + len("exploded"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).country == "CD"
    text = "The toll from Russia's attack rose to 23, officials said."
    doc = nlp(text)
    anchor = doc.char_span(text.index("attack"), text.index("attack") + len("attack"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).country != "RU"
    text = "A missile attack by Yemen's Houthi rebels on the central city of Marib killed 14 people."
    doc = nlp(text)
    anchor = doc.char_span(text.index("attack"), text.index("attack") + len("attack"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).name == "Ma'rib"


@pytest.mark.slow
def test_the_attackers_nationality_does_not_place_the_attack(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """'Turkish warplanes bombed the town' says whose warplanes, and a cross-border strike is not in Turkey; a
    victim's nationality ('Iraqi soldiers were ambushed') still tells the country."""
    for text, trigger, country in (
        ("Turkish warplanes bombed the town on Sunday. The Turkish air raids hit silos.", "bombed", None),
        ("The town was struck by Russian artillery on Sunday.", "struck", None),
        ("Iraqi soldiers were ambushed on Sunday.", "ambushed", "IQ"),
    ):
        doc = nlp(text)
        anchor = doc.char_span(text.index(trigger), text.index(trigger) + len(trigger))
        assert resolver.locate_event(doc, anchor, [anchor.sent]).country == country, text


@pytest.mark.slow
def test_a_place_abroad_gives_way_to_the_place_that_qualifies_it(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """'the Dora district of southern Baghdad': the gazetteer's only Dora is in Alabama, but the phrase says
    it lies in Baghdad, so Baghdad is the place; a qualifier in the same country ('Paris, Tenn.') changes
    nothing."""
    text = "A roadside bomb exploded next to a patrol in the Dora district of southern Baghdad on Tuesday."
    doc = nlp(text)
    anchor = doc.char_span(text.index("exploded"), text.index("exploded") + len("exploded"))
    loc = resolver.locate_event(doc, anchor, [anchor.sent])
    assert (loc.name, loc.country) == ("Baghdad", "IQ")
    text = "A barn burned near Paris, Tenn., on Monday."
    doc = nlp(text)
    anchor = doc.char_span(text.index("burned"), text.index("burned") + len("burned"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).name == "Paris"


@pytest.mark.slow
def test_a_place_name_ending_an_organisations_title_is_not_the_place(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """'the Volunteers for the Defence of the Homeland' is a militia, not Homeland, California."""
    text = "Fighters attacked the positions of the Volunteers for the Defence of the Homeland on Sunday."
    doc = nlp(text)
    anchor = doc.char_span(text.index("attacked"), text.index("attacked") + len("attacked"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).country != "US"
    text = "Fighters attacked a base in the town of Djibo on Sunday."
    doc = nlp(text)
    anchor = doc.char_span(text.index("attacked"), text.index("attacked") + len("attacked"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).name == "Djibo"


@pytest.mark.slow
def test_a_citys_police_act_in_their_city(nlp, resolver: PlaceResolver) -> None:  # noqa: ANN001
    """'Istanbul police arrested 15 suspects' happened in Istanbul; 'US marines' say whose, not where."""
    text = "Istanbul police on Wednesday arrested 15 suspects in simultaneous operations."
    doc = nlp(text)
    anchor = doc.char_span(text.index("arrested"), text.index("arrested") + len("arrested"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).name == "Istanbul"
    text = "US marines raided a compound on Wednesday."
    doc = nlp(text)
    anchor = doc.char_span(text.index("raided"), text.index("raided") + len("raided"))
    assert resolver.locate_event(doc, anchor, [anchor.sent]).country != "US"
