"""The article's topic as a prior: in ordinary news, each event needs evidence of its own that it is
political.

Why: the words of political violence are everyday words ("shelled pistachios", "thousands more are exploding",
"my father was murdered", "looting and general mayhem", "the body ... was looted"), and no rule on one clause
catches them all. An analyst reads them against the article: a report whose lead tells an attack, or that
names soldiers, militants, protesters or ministers throughout, is about political violence, and a clause in it
that tells an incident is one. An outbreak report, a product recall or a court column is ordinary news; a
clause in it is an incident only when it carries the marks of one by itself: a political or armed actor in
its sentence ("clashes with riot police", "security forces"), a typed actor of its own, a claim of
responsibility, or a toll of its own: told with a recent date ("six aid workers were killed on Saturday") or
large ("killing 30 people"). A toll dated years back ("the 2001 anthrax attacks, which killed five") is the
background of ordinary news, not its incident.

The article is about political violence when its lead (the first sentences) tells an incident (one of a kind
that ordinary crime also takes, only with those marks), when one of its incidents has an actor the knowledge
base types as armed or political (or a claimant), or when it names political or armed actors several times.
The word list and the thresholds are data (lexicon/en/scope.json: `political_actors`, `topic_lead_sentences`,
`topic_actor_mentions`, `topic_toll_max_age_days`, `topic_mass_toll`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from eventwire import lexicon
from eventwire.models import ACLED_ACTOR_TYPES, Event

# The sub-types that ordinary crime also takes (a stabbing, a rape, a kidnapping in a custody fight, a car
# vandalised): a lead telling one of these makes a crime story unless the incident shows a political side. A
# bombing, a battle, a protest or an arrest wave leads a report of political violence by its kind alone.
CRIME_LIKE = frozenset(
    {"Attack", "Sexual violence", "Abduction/forced disappearance", "Looting/property destruction"}
)
# The ACLED actor types that make an actor political or armed (civilians are whom ordinary crime hits too).
_POLITICAL_TYPES = frozenset(ACLED_ACTOR_TYPES) - {"Civilians"}
# The parts of speech a political actor word is counted on ("police" the noun; "forced" the verb is no force).
_ACTOR_POS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True)
class TopicCues:
    political_actors: frozenset[str]
    topic_lead_sentences: int
    topic_actor_mentions: int
    topic_toll_max_age_days: int
    topic_mass_toll: int


# The cues of the default language, read once through the lexicon at import, as the other rule modules do.
CUES = lexicon.load().fill(TopicCues)


def _forms(t: Token) -> set[str]:
    """A noun's lemma, and for a proper noun its plain plural too: the small model tags a capitalised plural
    ("Fighters on motorbikes attacked") as a proper noun and leaves it unlemmatised."""
    forms = {t.lemma_.lower()}
    if t.pos_ == "PROPN" and t.lower_.endswith("s"):
        forms.add(t.lower_[:-1])
    return forms


def _actor_words(tokens: Iterable[Token], cues: TopicCues) -> int:
    return sum(1 for t in tokens if t.pos_ in _ACTOR_POS and _forms(t) & cues.political_actors)


def political_article(
    doc: Doc,
    told: Sequence[tuple[Event, Sequence[Span]]],
    published: date | None,
    cues: TopicCues | None = None,
) -> bool:
    """Whether the article is about political violence: its lead tells one of its incidents (one of an
    ordinary crime's sub-types only with the marks of a political one: "Woman stabbed while jogging" leads a
    crime story), or it names political or armed actors at least `topic_actor_mentions` times.

    Args:
        doc: the parsed article.
        told: each incident found, with the sentences that tell it.
        published: the publication date (the age of a toll is read against it).
    """
    cues = cues or CUES
    sentences = list(doc.sents)
    if len(sentences) <= cues.topic_lead_sentences:
        return (
            True  # a wire flash or a headline: all lead, no article around the incident to read a topic from
        )
    lead = {s.start for s in sentences[: cues.topic_lead_sentences]}
    for event, own in told:
        if any(s.start in lead for s in own) and (
            event.sub_event_type not in CRIME_LIKE or evidenced(event, own, published, cues)
        ):
            return True
    if any(_political_actor(event) for event, _ in told):
        return True  # an incident of the article has an armed or political actor the knowledge base knows
    return _actor_words(doc, cues) >= cues.topic_actor_mentions


def _toll(event: Event, published: date | None, cues: TopicCues) -> bool:
    """A toll an incident of its own tells: dated to a day, week or month, or of `topic_mass_toll` or more
    ("killing 30 people"), and not dated more than `topic_toll_max_age_days` before publication ("the 2001
    anthrax attacks, which killed five" is background; "my father was murdered" is one death, undated)."""
    f = event.fatalities
    if not (f.killed.text or f.wounded.text):
        return False
    if published is not None and event.date.start is not None:
        if event.date.start < published - timedelta(days=cues.topic_toll_max_age_days):
            return False
    if event.date.precision in {"day", "week", "month"}:
        return True
    return max(c.best or c.low or 0 for c in (f.killed, f.wounded)) >= cues.topic_mass_toll


def _political_actor(event: Event) -> bool:
    """An actor of a political or armed ACLED type in the event's own roles, or a claimant: claiming an attack
    is what armed groups do, not what criminals do."""
    return any(
        a.role == "claimant" or (a.type in _POLITICAL_TYPES and a.role in {"perpetrator", "target", "actor"})
        for a in event.actors
    )


def evidenced(
    event: Event,
    sentences: Sequence[Span],
    published: date | None,
    cues: TopicCues | None = None,
    armed_group_named: Callable[[str], bool] | None = None,
) -> bool:
    """Whether an event of an ordinary-news article carries the marks of a political incident by itself: a
    political or armed actor in its sentences (a word of `political_actors`, or a non-state armed group
    that `armed_group_named` finds in the sentence's text: "the murder of X, spokesman of the movement of the
    revolutionary left"), an actor of a political or armed ACLED type in its own roles, a claim of
    responsibility, or a toll of its own (recent, and dated or large)."""
    cues = cues or CUES
    if any(_actor_words(s, cues) for s in sentences):
        return True
    if armed_group_named is not None and any(armed_group_named(s.text) for s in sentences):
        return True
    if _political_actor(event):
        return True
    return _toll(event, published, cues)


__all__ = ["political_article", "evidenced", "CRIME_LIKE", "CUES", "TopicCues"]
