"""Narrative time (`extract/narrative_time.py`) and the date of a trigger's own clause
(`arguments.attach_date`), on short invented reports read by the real Extractor."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.models import Article, Event

pytestmark = pytest.mark.slow

PUBLISHED = date(2020, 10, 3)  # a Saturday: "Friday night" is 2 October


@pytest.fixture(scope="module")
def extractor(extractor_no_places):
    """No place resolution (not checked here): dates only."""
    return extractor_no_places


def _days(extractor, text: str) -> dict[str, str | None]:
    article = Article(id=Article.make_id(text), text=text, published=PUBLISHED, outlet="Test Wire")
    events: list[Event] = extractor.extract(article)
    return {
        e.evidence[0].text: e.date.start.isoformat() if e.date.start and e.date.precision == "day" else None
        for e in events
    }


def _day_of(days: dict[str, str | None], words: str) -> str | None:
    found = [day for text, day in days.items() if words in text]
    assert found, f"no event told with {words!r} in {list(days)}"
    return found[0]


LEAD = "Three militants were killed when a roadside bomb exploded in Arghandab district on Friday night."
RAID = "In neighbouring Maiwand district, gunmen stormed a police checkpoint and killed two officers."
FILLER = " ".join(
    f"The governor spoke about the province's {w} plans." for w in ("road", "school", "water", "power")
)


@pytest.mark.parametrize(
    ("follow", "words", "day"),
    [
        # told right after the dated lead, with no date of its own: the narrative's day
        (RAID, "stormed", "2020-10-02"),
        # a sequel is not on the earlier incident's day
        ("The army later responded with retaliatory airstrikes on the group's bases.", "airstrikes", None),
        # past the reach of narrative time
        (f"{FILLER} {RAID}", "stormed", None),
    ],
)
def test_an_undated_incident_told_after_a_dated_one_is_on_its_day(
    extractor, follow: str, words: str, day: str | None
) -> None:
    days = _days(extractor, f"{LEAD} {follow}")
    assert _day_of(days, "roadside bomb") == "2020-10-02"
    assert _day_of(days, words) == day


def _record(doc, words: str, day: date | None, sub: str = "Attack") -> Event:
    from eventwire.models import SUB_EVENT_PARENT, DateInfo, Evidence

    start = doc.text.index(words)
    return Event(
        id=words,
        event_type=SUB_EVENT_PARENT[sub],
        sub_event_type=sub,
        date=DateInfo(start=day, end=day, precision="day" if day else "unknown"),
        evidence=[Evidence(article_id="a", start=start, end=start + len(words), text=words)],
    )


def test_a_sentence_with_a_date_of_its_own_keeps_the_narratives_day_out(nlp) -> None:
    """The sentence names another day the event did not take: the narrative has moved on, nothing is
    carried; in the next sentence, with no date of its own, the day carries again."""
    from eventwire.extract.narrative_time import carry_dates

    doc = nlp(f"{LEAD} Gunmen stormed a checkpoint, and a rally is planned for Monday. A driver was shot.")
    lead, raid, driver = (
        _record(doc, "roadside bomb exploded", date(2020, 10, 2)),
        _record(doc, "Gunmen stormed", None),
        _record(doc, "A driver was shot", None),
    )
    carry_dates(doc, [lead, raid, driver], PUBLISHED)
    assert raid.date.start is None
    assert driver.date.start == date(2020, 10, 2) and driver.date.text == lead.date.text


def test_another_time_in_the_dated_incidents_own_sentence_keeps_its_day_out(nlp) -> None:
    """ "Tamerlan died after a gunfight three days after the bombing": the sentence that retells the dated
    bombing names another time, so the gunfight does not take the bombing's day: it takes its own offset."""
    from eventwire.extract.narrative_time import carry_dates

    doc = nlp("A bomb exploded at the market on Friday. He died in a gunfight three days after the bombing.")
    bombing = _record(doc, "A bomb exploded", date(2020, 10, 2))
    bombing.date.text = "on Friday"
    bombing.evidence.append(_record(doc, "after the bombing", None).evidence[0])
    gunfight = _record(doc, "He died in a gunfight", None)
    carry_dates(doc, [bombing, gunfight], PUBLISHED)
    assert gunfight.date.start == date(2020, 10, 5) and gunfight.date.text == "three days after the bombing"


def test_a_release_gives_no_day_to_the_attacks_it_shows(nlp) -> None:
    """A video's day is the day it was issued, not the day of the attacks it shows."""
    from eventwire.extract.narrative_time import carry_dates

    doc = nlp("The group released a video on Friday night. It shows fighters beheading captured soldiers.")
    video = _record(doc, "released a video", date(2020, 10, 2), sub="Propaganda release")
    beheading = _record(doc, "fighters beheading", None)
    carry_dates(doc, [video, beheading], PUBLISHED)
    assert beheading.date.start is None


def test_a_date_in_the_triggers_own_clause_beats_the_day_of_telling(extractor) -> None:
    """The day of telling governs the clause from above; the killing's own day sits inside it."""
    text = "Police reported today that the commander's wife was killed by gunmen on Monday, 28 September."
    assert _day_of(_days(extractor, text), "killed") == "2020-09-28"


@pytest.mark.parametrize(
    ("follow", "start", "end"),
    [
        # a counted offset from the incident it names: that incident's day plus the count
        ("Two gunmen died in a gunfight with police three days after the bombing.", "2020-10-05", None),
        # before it
        ("Two gunmen had attacked a checkpoint two days before the bombing.", "2020-09-30", None),
        # a count-less offset from the narrative's incident: a span of days
        ("Days later, two gunmen were killed in a shootout with police.", "2020-10-03", "2020-10-08"),
    ],
)
def test_an_offset_from_an_earlier_incident_dates_an_undated_one(
    extractor, follow: str, start: str, end: str | None
) -> None:
    article = Article(id="a", text=f"{LEAD} {follow}", published=PUBLISHED, outlet="Test Wire")
    events = {e.evidence[0].text: e.date for e in extractor.extract(article)}
    told = next(d for text, d in events.items() if "gunmen" in text)
    assert (told.start.isoformat(), told.end.isoformat()) == (start, end or start), events


@pytest.mark.parametrize(
    ("text", "trigger", "day"),
    [
        # a court's day is never the incident's: it acts on the incident afterwards
        (
            "A Kenyan man on Friday pleaded guilty to helping the two men accused of carrying out the "
            "bombing of a shopping mall in Nairobi.",
            "bombing",
            None,
        ),
        ("A court on Friday sentenced a man to 20 years for the bombing of a mall.", "bombing", None),
        # a day of telling that is no legal act still dates the incident told under it
        ("Police said on Friday that a bomb killed four people at a mall in Nairobi.", "killed", "Friday"),
    ],
)
def test_a_legal_acts_day_is_not_the_incidents(nlp, text: str, trigger: str, day: str | None) -> None:
    from eventwire.extract import arguments as args

    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    candidates = args.date_candidates(token.sent, PUBLISHED)
    assert [c.span.text for c in candidates] == ["Friday"]  # the sentence has the day; whose is it?
    found = args.attach_date(token, candidates, {token.i})
    assert (found.text if found else None) == day


def test_a_speakers_today_is_not_the_day_of_publication(nlp) -> None:
    """ "They have tried to assassinate me today," the president said that day: his day, not the report's."""
    from eventwire.extract import arguments as args

    doc = nlp('"They have tried to assassinate me today," the president said on Tuesday.')
    assert [c.span.text for c in args.date_candidates(next(doc.sents), PUBLISHED)] == ["Tuesday"]
    doc = nlp("A bomb exploded at the market today, police said.")
    assert [c.span.text for c in args.date_candidates(next(doc.sents), PUBLISHED)] == ["today"]


@pytest.mark.parametrize(
    ("frame", "day"),
    [
        # an aggregate telling dated to one day sets the narrative's day for the incidents listed after it
        ("Shootings in the city had continued on Friday night.", "2020-10-02"),
        # undated, it gives none
        ("Shootings in the city had continued.", None),
    ],
)
def test_an_aggregate_telling_on_one_day_dates_the_incidents_it_lists(
    extractor, frame: str, day: str | None
) -> None:
    text = f"{frame} In one incident, a man was killed in a battle between troops and gunmen in the market."
    days = _days(extractor, text)
    assert not any("Shootings" in told for told in days)  # the aggregate is no record of its own
    assert _day_of(days, "battle") == day
