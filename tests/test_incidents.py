"""Same incident or not, and what one record for two reports looks like. Events are built by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eventwire.incidents import date_range, haversine_km, match, match_score, merge, merge_all, merge_counts
from eventwire.incidents.rules import specific_names
from eventwire.models import (
    Actor,
    Count,
    DateInfo,
    Event,
    Evidence,
    Fatalities,
    Location,
    Media,
    Source,
    Weapon,
)
from eventwire.resolve.gazetteer import spelling_key

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
TAJI = Location(name="Taji", admin1="Baghdad", country="IQ", lat=33.52, lon=44.27, precision="near town")
CAMP_TAJI = Location(name="Camp Taji", admin1="Baghdad", country="IQ", lat=33.53, lon=44.25, precision="town")
BALAD = Location(name="Balad", admin1="Salah ad Din", country="IQ", lat=34.01, lon=44.15, precision="town")
KH = Actor(name="Kata'ib Hezbollah", role="perpetrator", type="Political militia")
IS = Actor(name="Islamic State", role="perpetrator", type="Rebel group")
VICTIM = Actor(name="Coalition forces", role="victim", type="External/Other forces")


def _event(
    id: str = "a",
    article: str = "art-a",
    published: date | None = date(2020, 3, 12),
    day: date | None = date(2020, 3, 11),
    precision: str = "day",
    location: Location = TAJI,
    actors: tuple[Actor, ...] = (KH, VICTIM),
    killed: Count | None = None,
    **extra: Any,
) -> Event:
    return Event(
        id=id,
        event_type=extra.pop("event_type", SHELLING[0]),
        sub_event_type=extra.pop("sub_event_type", SHELLING[1]),
        date=DateInfo(start=day, end=day, precision=precision if day else "unknown"),
        location=location,
        actors=list(actors),
        fatalities=Fatalities(killed=killed or Count(low=3, best=3, high=3)),
        evidence=[Evidence(article_id=article, start=0, end=5, text=f"text of {article}")],
        sources=[Source(article_id=article, outlet=f"outlet {article}", published=published)],
        **extra,
    )


def _other(**changes: Any) -> Event:
    return _event(id="b", article="art-b", published=date(2020, 3, 13), **changes)


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (_other(), "identical report from another outlet"),
        (_other(location=CAMP_TAJI), "a point 2 km away"),
        (_other(day=date(2020, 3, 12)), "the next day (a night attack)"),
        (
            _other(day=date(2020, 3, 1), precision="month"),
            "a month that contains the day, same place and actor",
        ),
        (_other(actors=()), "no actor named, same day and place"),
        (_other(actors=(Actor(name="unknown gunmen", role="perpetrator"),)), "a generic perpetrator"),
        (_other(actors=(Actor(name="Kataib Hezbollah", role="perpetrator"),)), "a spelling variant"),
        (_other(killed=Count(low=5, best=5, high=5)), "a toll that rose from 3 to 5"),
        (_other(actors=(Actor(name="KH militia", role="perpetrator"),)), "an unresolved name never vetoes"),
        (_other(killed=Count()), "no toll"),
        (_other(status="claimed"), "actual vs claimed"),
        (_other(day=None), "unknown date, but place, actor and toll all agree"),
        (_other(day=None, location=CAMP_TAJI), "the same, 2 km away"),
        (
            _other(day=None, location=CAMP_TAJI, killed=Count()),
            "undated, reported two days after, same place and group",
        ),
        (_other(sub_event_type="Air/drone strike"), "another sub-type of the event type, all else agreeing"),
        (
            _other(location=Location(country="IQ", precision="country")),
            "only the country known, but the same day, actor and toll",
        ),
    ],
)
def test_match(b: Event, why: str) -> None:
    a = _event()
    assert match(a, b), why
    assert match(b, a), why  # symmetric


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (_other(event_type="Battles", sub_event_type="Armed clash"), "another event type, not kin"),
        (
            _other(sub_event_type="Air/drone strike", actors=(), killed=Count()),
            "another sub-type with only the day and the place",
        ),
        (
            _event(id="b", article="art-b", published=date(2020, 3, 10), day=None),
            "reported before it happened",
        ),
        (_other(day=date(2020, 3, 14)), "three days later"),
        (_other(location=BALAD), "a town 55 km away"),
        (_other(location=TAJI.model_copy(update={"country": "SY"})), "another country"),
        (_other(actors=(IS, VICTIM)), "another resolved perpetrator, though the same victim"),
        (_other(killed=Count(low=40, best=40, high=40)), "40 dead is not 3 dead"),
        (_other(killed=Count(low=0, best=0, high=0)), "no one died is not 3 dead"),
        (_other(status="threatened"), "a threat is not the attack"),
        (_other(day=None, location=Location(country="IQ", precision="country")), "unknown date, vague place"),
        (
            _event(
                id="b",
                article="art-b",
                published=date(2020, 4, 20),
                day=None,
                location=CAMP_TAJI,
                killed=Count(),
            ),
            "unknown date, published weeks later, no toll to confirm",
        ),
        (
            _other(location=Location(country="IQ", precision="country"), actors=()),
            "only the country and the day: two attacks in Iraq on one day are not one",
        ),
    ],
)
def test_no_match(b: Event, why: str) -> None:
    a = _event()
    assert not match(a, b), why
    assert not match(b, a), why


@pytest.mark.parametrize(("name", "same"), [("Taji", True), ("taji", True), ("Tarmiyah", False)])
def test_places_without_coordinates_compare_by_name(name: str, same: bool) -> None:
    a = _event(location=Location(name="Taji", country="IQ", precision="near town"))
    b = _other(location=Location(name=name, country="IQ", precision="town"))
    assert match(a, b) is same


def test_propaganda_releases_match_on_their_outlet() -> None:
    def video(id: str, outlet: str, article: str) -> Event:
        return _event(
            id=id,
            article=article,
            event_type="Strategic developments",
            sub_event_type="Propaganda release",
            location=Location(),
            actors=(Actor(name="Islamic State", role="claimant"),),
            killed=Count(),
            media=Media(medium="video", outlet=outlet, threatened=["Russia"]),
        )

    a, b = video("a", "al-Hayat Media Center", "x"), video("b", "Al-Hayat media center", "y")
    assert match(a, b)
    assert not match(a, video("c", "Amaq", "z"))


def test_match_score_prefers_the_closer_report() -> None:
    a = _event()
    assert match_score(a, _other(day=date(2020, 3, 1), precision="month")) < match_score(a, _other())


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (date(2020, 3, 11), date(2020, 3, 11), "day", (date(2020, 3, 11), date(2020, 3, 11))),
        (date(2020, 3, 11), None, "day", (date(2020, 3, 11), date(2020, 3, 11))),
        (None, date(2020, 3, 11), "day", (date(2020, 3, 11), date(2020, 3, 11))),
        (date(2020, 3, 13), date(2020, 3, 11), "day", (date(2020, 3, 11), date(2020, 3, 13))),
        (date(2020, 3, 9), None, "week", (date(2020, 3, 9), date(2020, 3, 15))),
        (date(2020, 2, 10), None, "month", (date(2020, 2, 1), date(2020, 2, 29))),
        (date(2020, 12, 1), date(2020, 12, 1), "month", (date(2020, 12, 1), date(2020, 12, 31))),
        (date(2015, 6, 1), None, "year", (date(2015, 1, 1), date(2015, 12, 31))),
        (date(2020, 3, 1), date(2020, 3, 31), "month", (date(2020, 3, 1), date(2020, 3, 31))),
        (None, None, "unknown", None),
    ],
)
def test_date_range(start: date | None, end: date | None, precision: str, expected: tuple | None) -> None:
    assert date_range(DateInfo(start=start, end=end, precision=precision)) == expected


def test_haversine() -> None:
    assert haversine_km(33.52, 44.27, 34.01, 44.15) == pytest.approx(55.5, abs=1.0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Count(low=3, best=3, high=3), Count(low=3, best=3, high=3), Count(low=3, best=3, high=3)),
        (
            Count(low=3, best=3, high=3),
            Count(low=5, best=5, high=5),
            Count(low=3, best=5, high=5),
        ),  # conflict
        (Count(low=10, high=15), Count(low=12, best=12, high=12), Count(low=12, best=12, high=12)),
        (Count(low=24), Count(low=30, best=30, high=30), Count(low=30, best=30, high=30)),  # "dozens", "30"
        (Count(low=6), Count(low=3, best=3, high=3), Count(low=3, best=3, high=None)),  # "at least six", 3
        (Count(low=14, best=14, high=14), Count(low=21, best=21, high=21), Count(low=14, best=21, high=21)),
        (Count(low=2, best=4, high=10), Count(low=3, high=8), Count(low=3, best=4, high=8)),
        (Count(), Count(low=2, best=2, high=2), Count(low=2, best=2, high=2)),
        (Count(), Count(), Count()),
    ],
)
def test_merge_counts(a: Count, b: Count, expected: Count) -> None:
    assert merge_counts(a, b) == expected
    assert merge_counts(b, a) == expected


def test_merge() -> None:
    times = _event(
        id="times",
        article="t",
        published=date(2020, 3, 12),
        weapons=[Weapon(name="rocket")],
        summary="Rocket attack on Camp Taji.",
        confidence=0.8,
    )
    reuters = _event(
        id="reuters",
        article="r",
        published=date(2020, 3, 11),
        location=CAMP_TAJI,
        actors=(
            Actor(name="Kata'ib Hezbollah", role="perpetrator", type=None),
            Actor(name="Coalition forces", role="victim"),
        ),
        weapons=[Weapon(name="Rocket"), Weapon(name="Katyusha rocket")],
        summary="Katyusha rockets hit Taji.",
        confidence=0.7,
        status="suspected",
    )
    merged = merge(times, reuters)
    assert merged == merge(reuters, times)  # argument order does not matter
    assert merged.id == "reuters"  # Reuters published first
    assert merged.summary == "Katyusha rockets hit Taji."
    assert merged.status == "actual"
    assert merged.location == CAMP_TAJI  # town beats near town
    assert [(a.name, a.role, a.type) for a in merged.actors] == [
        ("Kata'ib Hezbollah", "perpetrator", "Political militia"),
        ("Coalition forces", "victim", "External/Other forces"),
    ]
    assert [w.name for w in merged.weapons] == ["Rocket", "Katyusha rocket"]
    assert [s.article_id for s in merged.sources] == ["r", "t"]
    assert {e.article_id for e in merged.evidence} == {"r", "t"}
    assert merged.confidence == 0.8


def test_merge_keeps_the_more_precise_date() -> None:
    month = _event(day=date(2020, 3, 1), precision="month").model_copy(
        update={"date": DateInfo(start=date(2020, 3, 1), end=date(2020, 3, 31), precision="month")}
    )
    day = _other()
    assert merge(month, day).date == day.date
    assert merge(day, month).date == day.date


def test_merge_all_clusters_a_batch() -> None:
    a = _event()
    b = _other(location=CAMP_TAJI)
    c = _event(id="c", article="art-c", location=BALAD)
    # a second event of article art-a (a day apart: time tells it from a) never joins a's incident
    same_article = _event(id="a2", day=date(2020, 3, 10))
    merged = merge_all([a, b, c, same_article])
    assert [e.id for e in merged] == ["a", "a2", "c"]  # article by article, as an ingest merges
    assert {s.article_id for s in merged[0].sources} == {"art-a", "art-b"}


QUETTA = Location(name="Quetta", admin1="Balochistan", country="PK", lat=30.19, lon=67.01, precision="town")
DJIBO = Location(name="Djibo", admin1="Sahel", country="BF", lat=14.1, lon=-1.63, precision="town")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")


def _span(article: str, sentence: str) -> Evidence:
    return Evidence(article_id=article, start=0, end=len(sentence), text=sentence)


def _bomb(id: str, location: Location, killed: int, sentence: str) -> Event:
    article = f"art-{id}"
    return _event(
        id=id,
        article=article,
        location=location,
        actors=(),
        killed=Count(low=killed, best=killed, high=killed),
        event_type=IED[0],
        sub_event_type=IED[1],
    ).model_copy(update={"evidence": [_span(article, sentence)]})


def test_two_bombings_in_one_big_city_on_one_day_stay_two() -> None:
    police = _bomb("p", QUETTA, 3, "A bomb hit a police van on Sariab Road in Quetta, killing three.")
    market = _bomb(
        "m", QUETTA, 1, "A bomb went off at the Hazarganji vegetable market in Quetta, killing one."
    )
    assert not match(police, market)


def test_in_a_small_town_the_same_day_and_place_are_enough() -> None:
    one = _bomb("p", DJIBO, 3, "A bomb hit an army truck in Djibo.")
    other = _bomb("m", DJIBO, 1, "An explosion struck soldiers in the town.")
    assert match(one, other)


def test_the_same_named_spot_joins_reports_in_a_big_city() -> None:
    first = _bomb("p", QUETTA, 3, "A bomb hit a police van on Sariab Road in Quetta, killing three.")
    second = _bomb("q", QUETTA, 1, "Police said one officer died when an IED exploded on Sariab Road.")
    assert match(first, second)


def test_an_undated_fragment_is_folded_into_its_articles_dated_event() -> None:
    from eventwire.incidents.stage import fold_fragments

    dated = _event(id="d")
    fragment = _event(id="f", day=None, event_type=IED[0], sub_event_type=IED[1], killed=Count())
    elsewhere = _event(id="e", day=None, location=BALAD, killed=Count())
    arrest = _event(id="r", day=None, event_type="Strategic developments", sub_event_type="Arrests")
    kept, where = fold_fragments([dated, fragment, elsewhere, arrest])
    assert [e.id for e in kept] == ["d", "e", "r"]
    assert where == [0, 0, 1, 2]


def test_a_targets_place_words_still_join_reports_in_a_big_city() -> None:
    """A target named after its place ("Sadr City's Mraidi bird market") keeps the place words in the text
    signal: only perpetrators are compared by the actor signal instead."""
    market = Actor(name="Sadr City Mraidi bird market", role="target")
    one = _bomb("r", QUETTA, 3, "A bomb hit the bird market in Quetta's Sadr City district on Tuesday.")
    other = _bomb("s", QUETTA, 5, "The toll from Tuesday's bombing at Sadr City's Mraidi bird market rose.")
    other = other.model_copy(update={"actors": [market], "fatalities": Fatalities()})
    assert {"sadr", "city"} <= specific_names(other)
    assert match(one, other)
    stranger = other.model_copy(
        update={"evidence": [_span("art-s", "The toll from Tuesday's bombing at the bird market rose.")]}
    )
    assert not match(one, stranger)


def test_names_spelt_differently_are_one_name() -> None:
    """Transliterations differ in vowels, doubled letters and an h after a consonant; a compound's parts count
    on their own."""
    assert spelling_key("Qamishli") == spelling_key("Qamişlo")
    assert (spelling_key("Buulo"), spelling_key("Mareer")) == (spelling_key("Bulo"), spelling_key("Marer"))
    assert spelling_key("Kobani") == spelling_key("Kobanê") and spelling_key("Zoobe") == spelling_key("Zobe")
    assert spelling_key("Dzhokhar") == spelling_key("Dzokhar")
    assert spelling_key("Ghazni") == spelling_key("Gazni")
    assert spelling_key("Islamic") != spelling_key("Islamist") and spelling_key("Mafa") != spelling_key(
        "Maja"
    )
    assert spelling_key("Konduga") != spelling_key("Kondoa")
    syria = Location(name="Syria", country="SY", precision="country", lat=35.0, lon=38.0)
    qamishli = Location(name="Al Qamishli", admin1="Al Hasakah", country="SY", lat=37.05, lon=41.23)
    two = Count(low=2, best=2, high=2)
    one = _event(id="r", location=syria, actors=(), killed=two).model_copy(
        update={"evidence": [_span("art-a", "A Turkish drone strike hit a car near the city of Qamishli.")]}
    )
    other = _other(location=qamishli.model_copy(update={"precision": "near town"}), actors=(), killed=two)
    other = other.model_copy(
        update={"evidence": [_span("art-b", "A drone targeted a vehicle near Qamişlo.")]}
    )
    assert match(one, other)
    elsewhere = other.model_copy(
        update={"evidence": [_span("art-b", "A drone targeted a vehicle near Kobani.")]}
    )
    assert not match(one, elsewhere)
    church = _event(id="c").model_copy(
        update={
            "evidence": [_span("art-a", "Fourteen people died in a church in Kasindi-Lubiriha on Sunday.")]
        }
    )
    assert {"kasindi", "lubiriha"} <= specific_names(church)


def test_an_at_least_figure_allows_any_higher_toll() -> None:
    """'At least 10 killed' and a later '17 killed' agree; '3 killed' and '40 killed' still contradict."""
    from eventwire.incidents.rules import _casualty_signal

    def toll(low: int, high: int | None) -> Fatalities:
        return Fatalities(killed=Count(low=low, best=low, high=high))

    assert _casualty_signal(toll(10, None), toll(17, 17)) == ("agree", 1)
    assert _casualty_signal(toll(3, None), toll(40, 40))[0] != "conflict"
    assert _casualty_signal(toll(3, 3), toll(40, 40))[0] == "conflict"
    assert _casualty_signal(toll(40, None), toll(3, 3))[0] == "conflict"


def test_an_article_without_a_date_folds_its_fragments_into_its_lead_event() -> None:
    """A report that dates nothing ("late yesterday") still tells one story: the houses torched and the
    victims beheaded are its lead attack, not incidents of their own; a contradicting place stays apart."""
    from eventwire.incidents.stage import fold_fragments

    lead = _event(id="lead", day=None)
    torched = _event(id="t", day=None, sub_event_type="Looting/property destruction", killed=Count())
    beheaded = _event(id="b", day=None, killed=Count(low=2))
    elsewhere = _event(id="e", day=None, location=BALAD, killed=Count())
    kept, where = fold_fragments([lead, torched, beheaded, elsewhere])
    assert [e.id for e in kept] == ["lead", "e"]
    assert where == [0, 0, 0, 1]
    assert kept[0].sub_event_type == SHELLING[1] and len(kept[0].evidence) == 1


def test_a_dated_retelling_without_figures_is_the_articles_lead() -> None:
    """'The missile struck a gas station on Saturday' after 'A missile attack on Marib killed 14' (dated a day
    later from 'officials said Sunday') is the lead retold; one with its own toll or another place is not."""
    from eventwire.incidents.stage import fold_fragments

    lead = _event(id="lead", day=date(2020, 3, 12))
    retold = _event(id="r", day=date(2020, 3, 11), actors=(), killed=Count())
    second = _event(id="s", day=date(2020, 3, 11), actors=(), killed=Count(low=2, best=2, high=2))
    elsewhere = _event(id="e", day=date(2020, 3, 11), actors=(), location=BALAD, killed=Count())
    kept, where = fold_fragments([lead, retold, second, elsewhere])
    assert [e.id for e in kept] == ["lead", "s", "e"]
    assert where == [0, 0, 1, 2]
    alone, _ = fold_fragments([retold, lead])  # the retelling comes after its lead, never before
    assert [e.id for e in alone] == ["r", "lead"]


def test_a_threat_told_with_a_release_is_the_releases_content() -> None:
    """'A video in which a fighter threatens attacks in France': the threatened attack is what the
    release says, so it is folded into the release (its place among the threatened targets), not kept
    as an incident."""
    from eventwire.incidents.stage import fold_fragments

    release = _event(
        id="v",
        event_type="Strategic developments",
        sub_event_type="Propaganda release",
        location=Location(),
        actors=(IS,),
        killed=Count(),
    )
    france = Location(name="France", country="FR", precision="country", lat=46.0, lon=2.0)
    threat = _event(id="th", status="threatened", location=france, actors=(), killed=Count())
    kept, where = fold_fragments([release, threat])
    assert [e.id for e in kept] == ["v"] and where == [0, 0]
    assert kept[0].media is not None and kept[0].media.threatened == ["France"]
    assert kept[0].location == Location() and kept[0].status == "actual"
    alone, _ = fold_fragments([threat])
    assert [e.id for e in alone] == ["th"]


def test_conflicting_figures_keep_every_source() -> None:
    from eventwire.incidents import MemoryIncidents, merge_article, source_figures

    rows = MemoryIncidents()
    reports = [
        _event(id="x", article="art-x", published=date(2020, 3, 12), killed=Count(low=14, best=14, high=14)),
        _event(id="y", article="art-y", published=date(2020, 3, 13), killed=Count(low=21, best=21, high=21)),
    ]
    ids = [merge_article(rows, r.sources[0].article_id, [r])[0] for r in reports]
    assert ids == ["x", "x"]
    [incident] = rows.incidents()
    assert (incident.fatalities.killed.low, incident.fatalities.killed.high) == (14, 21)
    figures = [(src.article_id, f.killed.best) for src, f in source_figures(rows, "x")]
    assert figures == [("art-x", 14), ("art-y", 21)]


def test_an_event_dated_to_its_articles_main_day_is_a_fragment_of_it() -> None:
    """Narrative time gives an undated incident told after the article's dated one that day: time cannot
    tell them apart, so it folds like an undated fragment; one on another day, or in a contradicting place,
    stays apart."""
    from eventwire.incidents.stage import fold_fragments

    dated = _event(id="d")
    same_day = _event(id="f", event_type=IED[0], sub_event_type=IED[1], killed=Count())
    other_day = _event(id="o", day=date(2020, 3, 8), killed=Count())
    elsewhere = _event(id="e", location=BALAD, killed=Count())
    kept, where = fold_fragments([dated, same_day, other_day, elsewhere])
    assert [e.id for e in kept] == ["d", "o", "e"]
    assert where == [0, 0, 1, 2]
