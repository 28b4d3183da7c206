"""Narrative time: an undated incident told right after a dated one happened on that day.

Why: a report dates its incident once and then tells it on ("Seven militants were killed in two explosions
Friday night ... Four militants were killed in neighbouring Shah Wali Kot district when ..."); wire copy
dates the lead and not the incidents listed after it. An analyst codes those incidents on the day the
narrative is at. The day is carried only a short way (`CARRY_SENTENCES` after a sentence that tells the dated
incident, the same sentence included), never into a sentence that names a time of its own (the narrative has
moved on there: "But on Sunday the same base was hit", "in another incident 3 years ago"), nor to an incident
told as a sequel ("retaliatory airstrikes", "later": `sequel_words` in lexicon/en/dates.json). Propaganda
releases and threats neither give nor take a day: a release's day is the day it was issued, not the day of
the attacks it shows. The carried date keeps the words it was read from, so the record shows where the day
came from.

A sentence that tells incidents in aggregate on one day ("Shootings in Belfast had continued last night.")
is no record of its own (`triggers.is_aggregate`), but it sets the narrative's day all the same: the
incidents it goes on to list ("In one incident, a man was killed ... in the Markets area") take that day.

An undated incident told with an offset from an earlier one ("Tamerlan died after a gunfight with police
three days after the bombing", "Days later, ...", "a week earlier") is dated by that offset from the
latest incident dated to the day before it, of the kind the offset names where it names one
(`offset_date`; units and directions in lexicon/en/dates.json). A count-less offset gives a span ("days
later": one to six days after, week precision).

The incident stage treats an event dated to its article's main day as that event's fragment
(`incidents.rules.fragment_of`), as it treats an undated one: nothing in time tells them apart, so a
carried day never keeps two tellings of one incident apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from eventwire import lexicon
from eventwire.extract import arguments as args
from eventwire.extract.casualties import number_of
from eventwire.extract.triggers import is_aggregate
from eventwire.models import SUB_EVENT_PARENT, DateInfo, Event
from eventwire.nlp.doc_index import ents_within

LEXICON = lexicon.load()
SEQUEL_WORDS = LEXICON.words("sequel_words")
OFFSET_UNITS = LEXICON.table("offset_units")
OFFSET_AFTER = LEXICON.words("offset_after")
OFFSET_BEFORE = LEXICON.words("offset_before")
# "three days after the bombing", "days later", "a week earlier": a count (or none), a unit, a direction and
# what it counts from (or the narrative's incident)
_OFFSET = re.compile(
    rf"\b(?:(?P<count>[\w-]+)\s+)?(?P<unit>{'|'.join(sorted(OFFSET_UNITS, key=len, reverse=True))})\s+"
    rf"(?P<way>{'|'.join(sorted(OFFSET_AFTER | OFFSET_BEFORE))})\b(?:\s+the\s+(?P<noun>[\w-]+))?",
    re.IGNORECASE,
)
# A count-less offset ("days later", "weeks after the attack"): from one unit to just under the next size.
_VAGUE_SPAN = {0: (0, 0, "day"), 1: (1, 6, "week"), 7: (7, 27, "month")}
# How many sentences a day carries forward. Measured on `eval muc4 --slots date` and `eval reports` (0, 1,
# 2, 3, 5 sentences: benchmarks/RESULTS.md, "Narrative time"); the reports' incidents listed after their
# dated lead sit up to three sentences on.
CARRY_SENTENCES = 3
_UNCARRIED = frozenset({"Propaganda release", "Threat"})

# What an offset counts from, by the noun it names ("three days after the bombing"): attribution's table of
# incident nouns and the kind of incident each names.
INCIDENT_KINDS = LEXICON.table("incident_nouns")

__all__ = ["CARRY_SENTENCES", "carry_dates", "offset_date"]


def _names_another_time(sent: Span, published: date | None, carried: str | None) -> bool:
    """Whether the sentence names a time other than the day carried: a date it resolves, or any DATE entity
    ("3 years ago", "three days after the bombing") that puts the narrative elsewhere in time."""
    times = [c.span.text for c in args.date_candidates(sent, published)]
    times += [e.text for e in ents_within(sent) if e.label_ == "DATE"]
    return any(carried is None or t not in carried and carried not in t for t in times)


def _aggregate_days(doc: Doc, published: date | None) -> list[tuple[int, DateInfo]]:
    """(character offset, day) of each aggregate telling dated to one day: "Shootings ... last night"."""
    triggers = doc._.ew_triggers[0] if doc._.ew_triggers else []
    ids = {t.head.i for t in triggers}
    days = []
    for trigger in triggers:
        if not is_aggregate(trigger):
            continue
        day = args.attach_date(trigger.head, args.date_candidates(trigger.head.sent, published), ids)
        if day is not None and day.precision == "day":
            days.append((trigger.span.start_char, day))
    return days


def _count(word: str | None) -> int | None:
    """The number a count word says ("three", "3", "a"), None for none or a vague one ("several")."""
    if not word:
        return None
    return 1 if word.lower() in {"a", "an"} else number_of(word)


def offset_date(sent: Span, earlier: list[Event]) -> DateInfo | None:
    """The day an incident told with an offset from an earlier dated one happened: "Tamerlan died after a
    gunfight with police three days after the bombing" is the bombing's day plus three; "Days later, ..." is
    a week after the narrative's incident. What it counts from: the latest of `earlier` (dated to the day,
    told before) of the kind the noun names ("the bombing"), else the latest of them. None when the sentence
    names no offset or nothing dated comes before."""
    found = _OFFSET.search(sent.text)
    if found is None or not earlier:
        return None
    unit = OFFSET_UNITS[found["unit"].lower()]
    sign = 1 if found["way"].lower() in OFFSET_AFTER else -1
    kind = INCIDENT_KINDS.get((found["noun"] or "").lower())
    same_kind = [e for e in earlier if kind and SUB_EVENT_PARENT.get(e.sub_event_type) == kind]
    day = (same_kind or earlier)[-1].date.start
    assert day is not None
    count = _count(found["count"])
    if count is not None:
        first = last = day + timedelta(days=sign * count * unit)
        precision = "day"
    else:
        low, high, precision = _VAGUE_SPAN[unit]
        first, last = sorted((day + timedelta(days=sign * low), day + timedelta(days=sign * high)))
    return DateInfo(start=first, end=last, precision=precision, text=found.group(0))  # type: ignore[arg-type]


def carry_dates(doc: Doc, events: list[Event], published: date | None) -> None:
    """Give each undated event the day of the dated event (or aggregate telling) told just before it (module
    docstring).

    `events` are one article's, with evidence offsets into `doc`'s text; they are changed in place."""
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]

    def sent_index(char: int) -> int:
        return max(bisect_right(starts, char) - 1, 0)

    frames = _aggregate_days(doc, published)
    last: tuple[set[int], DateInfo, int] | None = None  # the last day told: its sentences, the day, where
    dated: list[Event] = []  # the events dated to the day so far, in text order
    for event in sorted(events, key=lambda e: e.evidence[0].start if e.evidence else 0):
        if not event.evidence:
            continue
        at = event.evidence[0].start
        for where, day in frames:
            if where < at and (last is None or where > last[2]):
                last = ({sent_index(where)}, day, where)
        here = sent_index(at)
        if event.sub_event_type in _UNCARRIED:
            continue  # a release's day is the day of issue, not of the incidents it shows
        if event.date.precision == "unknown":
            offset = offset_date(sents[here], dated)
            if offset is not None:
                event.date = offset
        if event.date.precision == "day":
            last = ({sent_index(e.start) for e in event.evidence}, event.date, at)
            dated.append(event)
            continue
        if last is None or event.date.precision != "unknown":
            continue
        told, day, _ = last
        if not any(0 <= here - t <= CARRY_SENTENCES for t in told):
            continue
        sent = sents[here]
        if _names_another_time(sent, published, day.text):
            continue  # a time of the sentence's own that the event did not take: the narrative moved on
        if any(t.lemma_.lower() in SEQUEL_WORDS or t.lower_ in SEQUEL_WORDS for t in sent):
            continue
        event.date = day.model_copy()
