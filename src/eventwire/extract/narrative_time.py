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

The incident stage treats an event dated to its article's main day as that event's fragment
(`incidents.rules.fragment_of`), as it treats an undated one: nothing in time tells them apart, so a
carried day never keeps two tellings of one incident apart.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from spacy.tokens import Doc, Span

from eventwire import lexicon
from eventwire.extract import arguments as args
from eventwire.extract.triggers import is_aggregate
from eventwire.models import DateInfo, Event
from eventwire.nlp.doc_index import ents_within

LEXICON = lexicon.load()
SEQUEL_WORDS = LEXICON.words("sequel_words")
# How many sentences a day carries forward. Measured on `eval muc4 --slots date` and `eval reports` (0, 1,
# 2, 3, 5 sentences: benchmarks/RESULTS.md, "Narrative time"); the reports' incidents listed after their
# dated lead sit up to three sentences on.
CARRY_SENTENCES = 3
_UNCARRIED = frozenset({"Propaganda release", "Threat"})

__all__ = ["CARRY_SENTENCES", "carry_dates"]


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
        if event.date.precision == "day":
            last = ({sent_index(e.start) for e in event.evidence}, event.date, at)
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
