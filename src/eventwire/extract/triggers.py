"""Trigger words and phrases, matched on lemmas with one spaCy Matcher built from lexicon/en/triggers.jsonl.

Each pattern row says what its match means: the ACLED sub-type, the GTD attack type, the weapon it implies
and its kind — "specific" (a mortar strike is shelling whatever else the sentence says), "generic" (an
"attack" is typed by its targets), "killing" (an execution), "territory" (captured a town), "kill" (a casualty
verb that stands as an event only when no other trigger claims its dead), "media"/"release"/"threat"
(propaganda). Where matches overlap the more specific and longer one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from eventwire import lexicon
from eventwire.extract.background import bare_plural, names_one_day

LEXICON = lexicon.load()
COUNTING_WORDS = LEXICON.words("counting_words")
REFERRING_PRONOUNS = LEXICON.words("referring_pronouns")
DEFINITE_DETERMINERS = LEXICON.words("definite_determiners")

EVENT_KINDS = frozenset({"specific", "generic", "killing", "territory", "kill"})
_PRIORITY = {"specific": 3, "killing": 3, "territory": 3, "generic": 2, "kill": 1}
AGGREGATE_HEADS = LEXICON.words("aggregate_heads")
GENERIC_PLURAL = LEXICON.words("generic_plurals")


@dataclass(frozen=True)
class TriggerDef:
    """What a pattern's match means (one row of triggers.jsonl)."""

    id: str
    sub: str
    kind: str
    attack: str | None = None
    weapon: str | None = None


@dataclass
class Trigger:
    """One match in a document: its span, the token that heads it, and its definition."""

    span: Span
    head: Token
    definition: TriggerDef


def load_definitions(
    rows: list[dict[str, Any]] | None = None,
) -> tuple[dict[str, TriggerDef], dict[str, list[list[dict]]]]:
    """Pattern rows (the lexicon's triggers.jsonl by default) → definitions and token patterns by id."""
    defs: dict[str, TriggerDef] = {}
    patterns: dict[str, list[list[dict]]] = {}
    for row in LEXICON.patterns("triggers") if rows is None else rows:
        defs[row["id"]] = TriggerDef(
            row["id"], row["sub"], row.get("kind", "specific"), row.get("attack"), row.get("weapon")
        )
        patterns.setdefault(row["id"], []).append(row["pattern"])
    return defs, patterns


def exact_patterns(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The patterns with one exact value per attribute that together match what `pattern` matches.

    Why: spaCy's Matcher checks an exact value in compiled code, but runs an `{"IN": [...]}` set as a Python
    call for every token of every document, for every pattern, whether or not the token could start a
    match: with the 72 trigger rows that was most of the trigger search. Spelled out (857 patterns), the
    matches are the same and the search takes about a third less time.
    """
    choices = [
        [
            dict(combo)
            for combo in product(
                *[
                    [(attr, one) for one in value["IN"]]
                    if isinstance(value, dict) and set(value) == {"IN"}
                    else [(attr, value)]
                    for attr, value in token.items()
                ]
            )
        ]
        for token in pattern
    ]
    return [list(tokens) for tokens in product(*choices)]


class TriggerFinder:
    """Built once per Extractor (the Matchers compile their patterns once); called once per document.

    Why many Matchers: spaCy's Matcher tries every pattern at every token, so one Matcher of the 857
    spelled-out patterns cost an article 857 checks per token, though nearly every token starts none.
    Every pattern's first token names its word (a lemma or a lower-case form), so the patterns are grouped
    by that word, and a document runs only the groups whose word it holds (a set lookup per distinct
    word): the same matches, for a fraction of the checks. A pattern whose first token names no word (or
    may be left out) goes to a Matcher that always runs.
    """

    def __init__(self, nlp: Language, rows: list[dict[str, Any]] | None = None) -> None:
        self.definitions, patterns = load_definitions(rows)
        self._row = {nlp.vocab.strings.add(key): n for n, key in enumerate(self.definitions)}
        self._by_word: dict[tuple[int, int], Matcher] = {}  # (LEMMA or LOWER, the word's hash) -> Matcher
        self._always = Matcher(nlp.vocab)
        for key, rows in patterns.items():
            for exact in (one for row in rows for one in exact_patterns(row)):
                anchor = _first_word(exact[0], nlp)
                if anchor is None:
                    self._always.add(key, [exact])
                else:
                    self._by_word.setdefault(anchor, Matcher(nlp.vocab)).add(key, [exact])

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every pattern in `doc`, by position, then by row of triggers.jsonl."""
        table = doc.to_array([LEMMA, LOWER])
        words = {(LEMMA, h) for h in set(table[:, 0].tolist())} | {
            (LOWER, h) for h in set(table[:, 1].tolist())
        }
        found = set(self._always(doc)) if len(self._always) else set()
        for anchor in words & self._by_word.keys():
            found.update(self._by_word[anchor](doc))
        return sorted(found, key=lambda m: (m[1], m[2], self._row[m[0]]))

    def __call__(self, doc: Doc) -> tuple[list[Trigger], list[Trigger]]:
        """(event triggers without overlaps, propaganda triggers: media nouns, release verbs, threats)."""
        events: list[Trigger] = []
        media: list[Trigger] = []
        for match_id, start, end in self.matches(doc):
            definition = self.definitions[doc.vocab.strings[match_id]]
            span = doc[start:end]
            head = _head(span, definition)
            trigger = Trigger(span, head, definition)
            (events if definition.kind in EVENT_KINDS else media).append(trigger)
        events.sort(key=lambda t: (-_PRIORITY[t.definition.kind], -(t.span.end - t.span.start), t.span.start))
        taken: set[int] = set()
        kept: list[Trigger] = []
        for trigger in events:
            tokens = set(range(trigger.span.start, trigger.span.end))
            if tokens & taken or trigger.head.i in taken:
                continue
            taken |= tokens
            kept.append(trigger)
        kept = _absorb_compounds(doc, kept)
        kept.sort(key=lambda t: t.span.start)
        seen: set[tuple[int, str]] = set()
        unique_media = []
        for trigger in sorted(media, key=lambda t: t.span.start):
            if (trigger.head.i, trigger.definition.kind) not in seen:
                seen.add((trigger.head.i, trigger.definition.kind))
                unique_media.append(trigger)
        return kept, unique_media


def _first_word(token: dict[str, Any], nlp: Language) -> tuple[int, int] | None:
    """(LEMMA or LOWER, hash of the word) that a pattern's first token requires; None if it names none or
    may match no token at all (an "OP")."""
    if "OP" in token:
        return None
    for attr, name in ((LEMMA, "LEMMA"), (LOWER, "LOWER")):
        if isinstance(token.get(name), str):
            return attr, nlp.vocab.strings.add(token[name])
    return None


def _absorb_compounds(doc: Doc, kept: list[Trigger]) -> list[Trigger]:
    """ "a grenade attack", "an IED attack": the specific word types the generic noun it modifies; the two
    are one trigger headed by the noun (which carries the targets and the casualties)."""
    generic_by_head = {t.head.i: t for t in kept if t.definition.kind == "generic"}
    dropped: set[int] = set()
    for trig in kept:
        if trig.definition.kind == "generic":
            continue
        subject = trig.head
        while subject.dep_ == "conj" and subject.head.i != subject.i:
            subject = (
                subject.head
            )  # "gunmen and suicide bombers attacked": the conjunct's head is the subject
        host = generic_by_head.get(trig.head.head.i)
        if subject.dep_ == "nsubj" and subject.head.i in generic_by_head and trig.head.pos_ == "NOUN":
            host = generic_by_head[subject.head.i]  # "suicide bombers attacked the camp": one suicide attack
        elif not (host is not None and trig.head.dep_ in {"compound", "amod", "nmod"}):
            host = None
        if host is not None and host.head.i != trig.head.i:
            start, end = min(trig.span.start, host.span.start), max(trig.span.end, host.span.end)
            trig.span, trig.head = doc[start:end], host.head
            dropped.add(id(host))
    return [t for t in kept if id(t) not in dropped]


def _head(span: Span, definition: TriggerDef) -> Token:
    """The token that carries the trigger in the parse: the verb of "set ... ablaze", else the span's root."""
    if len(span) > 1:
        # Pattern tokens sit at both ends (wildcards only in the middle): prefer a verb there.
        if span[-1].pos_ == "VERB":
            return span[-1]
        if span[0].pos_ == "VERB":
            return span[0]
    return span.root


def is_aggregate(trigger: Trigger) -> bool:
    """A plural generic noun ("guerrilla attacks"), a bare plural ("numerous bombings", see
    background.bare_plural) or "a series of" describes many incidents, not one: it is never an event of its
    own (it still absorbs the casualty figures said of it), unless the sentence dates it to one day."""
    head = trigger.head
    if head.pos_ == "NOUN" and head.tag_ == "NNS":
        if names_one_day(head.sent):
            return False  # "launched further raids early Monday": one occasion
        if bare_plural(head):
            return True  # "numerous bombings", "kidnappings and violence"
        if trigger.definition.kind == "generic" and head.lemma_.lower() in GENERIC_PLURAL:
            return True
        counted = any(
            c.dep_ in {"nummod", "det", "poss"} or c.lower_ in COUNTING_WORDS for c in head.children
        )
        of_victims = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
        aggregating = trigger.definition.kind == "killing" or trigger.definition.sub == "Peaceful protest"
        if aggregating and not (counted or of_victims):  # "depictions of executions", "political protests"
            return True
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in AGGREGATE_HEADS:
        return True
    # "Revenge killings, tribal fighting and upheaval have displaced many": listed with a bare plural, a mass
    # noun sums up as much as the plural does.
    return head.pos_ == "NOUN" and any(
        c.pos_ == "NOUN" and c.tag_ == "NNS" and bare_plural(c) for c in head.conjuncts
    )


ANAPHOR_NOUNS = LEXICON.words("anaphor_nouns")
NEW_EVENT_WORDS = LEXICON.words("new_event_words")


WEAPON_SUBJECTS = LEXICON.words("explosive_devices")


def is_anaphor(trigger: Trigger) -> bool:
    """ "the attack", "this bombing", "the blast", "the same base": a mention that points back to an event
    already told (a definite generic noun, or a definite incident noun of any type)."""
    head = trigger.head
    dets = {c.lower_ for c in head.children if c.dep_ in {"det", "amod"}}
    if dets & {"same"}:
        return True
    if head.pos_ == "NOUN" and any(c.dep_ == "poss" for c in head.children):
        return True  # "Saturday's attack", "the IRA's bombing": a definite reference
    if head.pos_ == "VERB" and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in REFERRING_PRONOUNS for c in head.children
    ):
        return True  # "it exploded before it could be stopped": the device already told
    if head.pos_ == "VERB" and any(
        c.dep_ in {"nsubj", "nsubjpass"}
        and c.pos_ == "NOUN"
        and c.lemma_.lower() in WEAPON_SUBJECTS
        and any(d.dep_ == "det" and d.lower_ in DEFINITE_DETERMINERS for d in c.children)
        for c in head.children
    ):
        return True  # "the bomb exploded on a Friday afternoon": the bomb already told
    if not dets & {"the", "this", "that", "these", "those"}:
        return False
    return trigger.definition.kind == "generic" or (
        head.pos_ == "NOUN" and head.lemma_.lower() in ANAPHOR_NOUNS
    )


def is_new_event(trigger: Trigger) -> bool:
    """ "another rocket attack", "a second blast": explicitly not an event told before."""
    head = trigger.head
    words = {c.lower_ for c in head.children if c.dep_ in {"det", "amod", "advmod"}}
    return bool(words & NEW_EVENT_WORDS)
