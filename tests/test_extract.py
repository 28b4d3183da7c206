"""The Extractor end to end on news-style sentences: typing, arguments, dates, media fields, merging of
mentions of one event, and the evidence invariant (article.text[start:end] == text) on every event."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.models import SUB_EVENT_PARENT, Article, Event, Location

pytestmark = pytest.mark.slow
DATA = Path(__file__).parent / "data" / "extract"


def make_extractor():
    """An Extractor with neutral resolvers, so these tests check extraction only (not geo or actor names)."""
    from eventwire.extract import Extractor
    from eventwire.nlp.pipeline import load_nlp
    from eventwire.resolve.actors import ActorResolver
    from eventwire.resolve.places import PlaceResolver

    class NoPlaces(PlaceResolver):
        def locate_event(self, doc, anchor, context):  # noqa: ARG002 - fixed interface
            return Location()

    class SurfaceActors(ActorResolver):
        def canonical(self, text):  # noqa: ARG002 - fixed interface
            return None

    return Extractor(nlp=load_nlp(), places=NoPlaces(), actors=SurfaceActors())


@pytest.fixture(scope="module")
def extractor():
    return make_extractor()


def _article(text: str, published: date | None = date(2021, 3, 8)) -> Article:
    return Article(id=Article.make_id(text), text=text, published=published, outlet="Test Wire")


def assert_evidence(article: Article, events: list[Event]) -> None:
    for event in events:
        assert event.evidence, event
        for ev in event.evidence:
            assert article.text[ev.start : ev.end] == ev.text
            assert ev.article_id == article.id
        assert SUB_EVENT_PARENT[event.sub_event_type] == event.event_type
        assert 0.0 <= event.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        (
            "A car bomb exploded near a market in Mogadishu on Saturday, killing eight people.",
            "Remote explosive/landmine/IED",
        ),
        ("A suicide bomber blew himself up at a checkpoint, killing three soldiers.", "Suicide bomb"),
        ("Israeli airstrikes hit targets in Gaza overnight.", "Air/drone strike"),
        ("A US drone strike killed two militants in Yemen.", "Air/drone strike"),
        ("Government forces shelled residential areas of Aleppo.", "Shelling/artillery/missile attack"),
        ("Five people were killed when a mortar shell hit a house.", "Shelling/artillery/missile attack"),
        ("A grenade attack on a police station wounded four officers.", "Grenade"),
        ("A landmine killed two children in Helmand province.", "Remote explosive/landmine/IED"),
        ("Troops clashed with insurgents near the border.", "Armed clash"),
        ("Rebels captured the town of Bunia after heavy fighting.", "Non-state actor overtakes territory"),
        ("The army retook the village on Tuesday.", "Government regains territory"),
        ("Gunmen abducted 30 students from a boarding school in Kaduna.", "Abduction/forced disappearance"),
        ("Three policemen were shot dead at a checkpoint in Peshawar.", "Attack"),
        ("Militants beheaded two captured soldiers.", "Attack"),
        ("Police arrested five suspected militants in the capital.", "Arrests"),
        ("Police fired tear gas to disperse protesters in the capital.", "Protest with intervention"),
        ("Militants set fire to farmers' crop fields.", "Looting/property destruction"),
        ("Thousands of people rallied peacefully in the capital.", "Peaceful protest"),
        ("Hundreds of protesters gathered outside parliament on Friday.", "Peaceful protest"),
        ("Taliban gunmen and suicide bombers attacked an army camp, killing 23 soldiers.", "Suicide bomb"),
        ("Watch the video on YouTube.", None),
    ],
)
def test_typing(extractor, text: str, sub_event_type: str | None) -> None:
    article = _article(text)
    events = extractor.extract(article)
    assert [e.sub_event_type for e in events] == ([sub_event_type] if sub_event_type else [])
    assert_evidence(article, events)


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("Militants set fire to a polling station in the north.", ["incendiary"]),
        ("Gunmen torched a government office in the north.", ["incendiary"]),
        ("Armed men looted shops in the market town.", []),
    ],
)
def test_a_fire_set_is_told_by_its_incendiary_weapon(extractor, text: str, weapons: list[str]) -> None:
    """GTD codes arson by its weapon (incendiary), which is what tells it from looting: both are ACLED's
    property destruction."""
    article = _article(text)
    (event,) = extractor.extract(article)
    assert event.sub_event_type == "Looting/property destruction"
    assert [w.name for w in event.weapons] == weapons
    assert_evidence(article, [event])


@pytest.mark.parametrize(
    "text",
    [
        "More than 2,000 troops were deployed to the region.",
        "About 5200 US and hundreds of British troops have been based in Iraq since 2014.",
        "Up to 15,000 fighters are thought to have gone into hiding.",
        "The group boasts of carrying out a series of guerrilla attacks in the north.",
        "Its sleeper cells carry out hit-and-run attacks against security forces.",
        "The spokesman said in a statement that the talks would continue.",
    ],
)
def test_no_event(extractor, text: str) -> None:
    assert extractor.extract(_article(text)) == []


def test_arguments_and_date(extractor) -> None:
    text = (
        "Suspected Boko Haram militants killed 12 villagers and wounded at least 20 others "
        "in an attack on Monday."
    )
    (event,) = extractor.extract(_article(text))
    assert (
        event.date.start == date(2021, 3, 8) and event.date.precision == "day" and event.date.text == "Monday"
    )
    assert [a.text for a in event.actors_with_role("perpetrator")] == ["Suspected Boko Haram militants"]
    assert (event.fatalities.killed.low, event.fatalities.killed.best) == (12, 12)
    assert (event.fatalities.wounded.low, event.fatalities.wounded.high) == (20, None)


@pytest.fixture(scope="module")
def known_actors(extractor):
    """The extractor with the real actor resolver: a release is kept only when an armed group is behind it."""
    from eventwire.extract import Extractor
    from eventwire.resolve.actors import ActorResolver

    return Extractor(nlp=extractor.nlp, places=extractor.places, actors=ActorResolver())


def test_media_fields(known_actors) -> None:
    extractor = known_actors
    text = (
        "Amaq News Agency published a 12-minute English-language video on Telegram on Friday threatening "
        "attacks in France."
    )
    events = extractor.extract(_article(text))
    (release,) = [e for e in events if e.sub_event_type == "Propaganda release"]
    media = release.media
    assert media is not None
    assert (media.medium, media.outlet, media.platform, media.duration_minutes, media.language) == (
        "video",
        "Amaq News Agency",
        "Telegram",
        12.0,
        "English",
    )
    assert media.threatened == ["France"]
    assert release.date.start == date(2021, 3, 5)


def test_newsletter_outlet(known_actors) -> None:
    extractor = known_actors
    text = "In the latest issue of its al-Naba newsletter the group urges readers to avoid Europe."
    (release,) = extractor.extract(_article(text))
    assert release.media.medium == "newsletter" and release.media.outlet == "al-Naba"


def test_mentions_of_one_event_merge(extractor) -> None:
    raw = (DATA / "report_rocket_attacks.txt").read_text(encoding="utf-8")
    article = _article(raw.split("\n", 1)[1])
    events = extractor.extract(article)
    assert_evidence(article, events)
    shelling = [e for e in events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shelling) == 2  # Tuesday's attack told three times, Saturday's "another rocket attack"
    first, second = shelling
    assert first.date.start == date(2021, 3, 2) and len(first.evidence) == 3
    assert (first.fatalities.killed.best, first.fatalities.wounded.best) == (1, 3)
    assert second.date.start == date(2021, 3, 6) and second.fatalities.wounded.best == 2
    foiled = [e for e in events if e.sub_event_type == "Disrupted weapons use"]
    assert len(foiled) == 1 and foiled[0].status == "foiled" and foiled[0].date.precision == "week"
    # "At least nine deaths this month, including the contractor": a total, no extra event or toll.
    assert all(e.fatalities.killed.low in (None, 1) for e in events)
    assert not [
        e
        for e in events
        if e.status == "actual" and "if foreign forces" in e.evidence[0].text and e.sub_event_type != "Threat"
    ]


def test_ids_are_stable_and_batches_match(extractor) -> None:
    raw = (DATA / "report_rocket_attacks.txt").read_text(encoding="utf-8")
    article = _article(raw.split("\n", 1)[1])
    one = extractor.extract(article)
    again = extractor.extract(article)
    assert [e.id for e in one] == [e.id for e in again]
    batch = list(extractor.extract_many([article, _article("Troops clashed with insurgents.")], batch_size=2))
    assert [e.id for e in batch[0][1]] == [e.id for e in one]
    assert batch[1][1][0].sub_event_type == "Armed clash"
    assert len({e.id for e in one}) == len(one)
    assert one[0].sources[0].outlet == "Test Wire" and one[0].summary


def test_no_publication_date_invents_no_day(extractor) -> None:
    text = "Two soldiers were killed in a gunfight on Sunday."
    (event,) = extractor.extract(_article(text, published=None))
    assert event.date.start is None and event.date.precision == "unknown"


@pytest.mark.parametrize(
    ("text", "published", "start", "precision"),
    [
        ("On the morning of 1 March 2019, Taliban gunmen attacked Camp Shorabak.", None, "2019-03-01", "day"),
        ("A bomb exploded in the market on Friday night.", date(2021, 3, 8), "2021-03-05", "day"),
        ("A bomb exploded in the market last August.", date(2021, 3, 8), "2020-08-01", "month"),
    ],
)
def test_event_dates(extractor, text: str, published: date | None, start: str, precision: str) -> None:
    (event,) = extractor.extract(_article(text, published=published))
    assert (event.date.start.isoformat(), event.date.precision) == (start, precision)


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"  # ../shared beside the repo


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
@pytest.mark.parametrize("name", ["000_d34bc69757bef031.txt", "003_bdb1c6aea4578a68.txt"])
def test_evidence_invariant_on_seed_reports(extractor, name: str) -> None:
    body = (SEEDS / name).read_text(encoding="utf-8").split("\n", 1)[1]
    article = _article(body)
    events = extractor.extract(article)
    assert events
    assert_evidence(article, events)


@pytest.mark.parametrize("text", ["", "   \n  ", "Hello.", "¡¿"])
def test_degenerate_inputs(extractor, text: str) -> None:
    assert extractor.extract(_article(text)) == []
