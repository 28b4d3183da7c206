"""Learned argument roles: the MUC-4 role tagger names the perpetrators, targets, victims and weapons.

Why: the rule arguments read the dependency tree around a trigger ("militants attacked a checkpoint"), and
they plateau where a role is told in a way the tree does not show (a perpetrator in an apposition, a victim
list, a weapon in another clause), and they name heads and canonical groups ("members", "people") where a
report names the text's own filler ("six jesuits"). The BIO tagger of `extract.rolefill`, trained on MUC-4's
1300 train documents (`eventwire train muc4`), reads perpetrator individuals and organisations, physical
targets, victims and weapons as spans of text. The Extractor runs it over each article once; for each event,
where the spans in the event's evidence sentences tell a role, they replace what the rules found in it
(`LEARNED_FIRST`); the other roles stay the rules'. Spans in no event's sentences go to the nearest violent
event within `ORPHAN_SENTENCES` ("The victims were identified as ...") for the roles its own sentences did not
tell (a perpetrator only where the event has none). A span must score at least `min_score` (the tagger's mean
P(not O) over the span); the role thresholds the model was tuned with on train apply as well. Each choice was
measured on MUC-4 train (the constants below say with what); on the modern reports and the seeds the figures
stayed the same.

The tagger is linear over hashed word features and the article's spaCy parse, which the Extractor has already
made (no encoder): about a millisecond per sentence.
Switching it off (`Extractor(learned_roles=False)`) is the ablation row of benchmarks/RESULTS.md.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from eventwire.extract import arguments as args
from eventwire.extract.rolefill import MODEL_PATH, RoleFiller, Span, load_model, tokenize
from eventwire.models import VIOLENT_EVENT_TYPES, Actor, Event, Weapon
from eventwire.nlp.doc_index import doc_text

# Tagger roles -> the record's actor roles ("PerpInd"/"PerpOrg" are both perpetrators).
ACTOR_ROLE = {"PerpInd": "perpetrator", "PerpOrg": "perpetrator", "Target": "target", "Victim": "victim"}
# The tagger role whose spans are named without the title, as the rules name a person hit (a perpetrator keeps
# it, as in the rules). MUC-4 train[:250], product GTT F1: none 38.0; victims 38.3; victims and individual
# perpetrators 38.1 (dev 33.9 / 34.1 / 33.6).
PERSON_ROLES = frozenset({"Victim"})
# Where a victim's full name may be read: the tagger's spans of people. A name is at most this many words.
FULL_NAME_SOURCES = frozenset({"Victim", "PerpInd"})
MAX_NAME_WORDS = 5
# Chosen on the first 250 MUC-4 train documents (product GTT F1 for 0.0 / 0.1 / 0.2 / 0.35 / 0.5 / 0.65:
# 25.9 / 25.9 / 26.0 / 25.6 / 24.6 / 23.3); below the model's own tag threshold nothing changes.
DEFAULT_MIN_SCORE = 0.2
# Where the product's minimum span score per role differs from the model's own, which `eventwire train muc4`
# chose for the component's template decoder (0.4 for individual perpetrators). The product reads perpetrator
# individuals from DEFAULT_MIN_SCORE, but a span below the model's own threshold is weak: it fills a role the
# rules and attribution left empty and never replaces what they found (`_fill_event`). With the tagger
# refitted on train[250:] (`scripts/muc4_heldout.py`), the product's GTT F1 on train[:250] / dev: 35.7 / 40.7
# before; 36.0 / 42.4 with weak spans replacing too, which cost `eval reports` a perpetrator ("suicide
# bomber" in place of the Taliban that claimed the bombing); 35.7 / 41.4 with weak spans only filling (the
# shipped tagger: `eval muc4` 41.2 -> 42.1, every other eval of record the same).
PRODUCT_ROLE_THRESHOLDS = {"PerpInd": DEFAULT_MIN_SCORE}
# The roles in which a learned span in the event's sentences replaces what the rules found. Measured on the
# first 250 MUC-4 train documents (`eval muc4`'s mapping; product GTT F1): rules first everywhere 26.4;
# learned first for target and victim 29.2; and weapon 30.6; and perpetrator 31.8 (the rules name heads and
# canonical groups, "members", "people", where the tagger reads the text's own filler, "six jesuits").
LEARNED_FIRST = frozenset({"perpetrator", "target", "victim", "weapon"})
# The type of a perpetrator the tagger reads as an organisation ("the urban guerrillas of the FMLN") when the
# actor base does not know it: as "object" marks a physical target, this marks a group that is no person.
ORGANIZATION = "organization"
# How many sentences from a violent event's own a span that no event's sentences hold may lie and still be
# that event's ("The victims were identified as ..."). Chosen on MUC-4 train[:250] (product GTT F1, learned
# roles first as above and MUC's battles left out): none 33.1; 1 sentence 34.4; 2: 36.6; 3: 36.7.
ORPHAN_SENTENCES = 2
# The roles such a span may take. A perpetrator only where the event has none (`orphan_roles`): "the FMLN"
# named a sentence after "urban commandos blew up a pylon"; it never replaces one that attribution or the
# rules found ("claimed", "blamed on": extract/attribution.py). MUC-4 train[:250], product GTT F1 37.1 ->
# 37.2 (dev 33.2 -> 33.6); `eval reports`, `seeds` and `incidents` the same. (Replacing the rules'
# perpetrators from another sentence had cost a perpetrator on the modern reports, 53.1 -> 50.0 at 471bb63.)
ORPHAN_ROLES = frozenset({"target", "victim", "weapon", "perpetrator"})


@lru_cache(maxsize=2)
def _model(path: Path) -> RoleFiller:
    return load_model(path)


class LearnedRoles:
    """The learned role component: spans of one article, then the roles of its events they tell."""

    def __init__(self, model_path: Path = MODEL_PATH, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.model = _model(Path(model_path))
        self.min_score = min_score

    def spans(self, doc: Doc) -> list[Span]:
        """Scored role spans of a parsed article, at or above `min_score`."""
        text = doc_text(doc)
        tokens = tokenize(text)
        if not tokens:
            return []
        probs = self.model.tag_probs(tokens, doc)
        thresholds = {**self.model.role_thresholds, **PRODUCT_ROLE_THRESHOLDS}
        return [s for s in self.model.spans(text, tokens, probs, thresholds) if s.score >= self.min_score]

    def fill(
        self, doc: Doc, events: list[Event], name_of: Callable[[str], tuple[str, str | None] | None]
    ) -> None:
        """Set, in place, each event's perpetrator, target, victim and weapon roles from the spans in the
        sentences of its evidence, then from the spans no event's sentences hold that lie within
        `ORPHAN_SENTENCES` of a violent event (the nearest one). `name_of` resolves an actor phrase to
        (canonical name, ACLED type)."""
        if not events:
            return
        spans = [_without_title(doc, s) for s in self.spans(doc)]
        if not spans:
            return
        spans = _fullest_names(spans, doc)
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        sentence_of = _sentence_index([a for a, _ in sentences])
        own: list[list[Span]] = []
        for event in events:
            ranges = {
                (a, b) for ev in event.evidence for a, b in sentences if a <= ev.start < b or a < ev.end <= b
            }
            own.append([s for s in spans if any(a <= s.start and s.end <= b for a, b in ranges)])
        held = {id(s) for inside in own for s in inside}
        orphans = _nearest_events(
            [s for s in spans if id(s) not in held and _role(s) in ORPHAN_ROLES],
            [(i, e) for i, e in enumerate(events) if e.event_type in VIOLENT_EVENT_TYPES and e.evidence],
            sentence_of,
        )
        strong = self.model.role_thresholds
        for i, event in enumerate(events):
            _fill_event(event, own[i], name_of, strong=strong)
            if orphans.get(i):
                _fill_event(event, orphans[i], name_of, orphan_roles(event, own[i]), strong)


def _without_title(doc: Doc, span: Span) -> Span:
    """A victim's span named without the title before the name, as the rules name a person hit (`arguments.
    without_title`: "director colonel roberto armando rivera escobar" -> "roberto armando rivera escobar")."""
    if span.role not in PERSON_ROLES:
        return span
    chars = doc.char_span(span.start, span.end, alignment_mode="expand")
    if chars is None:
        return span
    name = args.without_title(span.text, chars.root)
    if name == span.text or not span.text.endswith(name):
        return span
    return replace(span, start=span.end - len(name), text=name)


def _fullest_names(spans: list[Span], doc: Doc) -> list[Span]:
    """A victim named by the end of a name the article gives in full elsewhere takes the full name: "pardo
    leal" after "jaime pardo leal" (a person's span of the tagger or a person the entity recogniser names).
    Only where the fuller forms agree (each is the end of the longest one): "perez" stays where the article
    names both a "luis perez" and a "maria perez". The span keeps the offsets of the mention it was read at
    (the event's evidence); its text is the name as the article gives it in full. MUC-4 train[:250], product
    GTT F1 38.3 → 38.4 (with or without the recogniser's persons); dev 34.1 → 34.4."""
    names = {s.text.lower() for s in spans if s.role in FULL_NAME_SOURCES}
    names |= {e.text.lower() for e in doc.ents if e.label_ == "PERSON"}
    out = []
    for span in spans:
        low = span.text.lower()
        longer = [n for n in names if n.endswith(" " + low) and len(n.split()) <= MAX_NAME_WORDS]
        fullest = max(longer, key=len, default=None)
        if (
            span.role in PERSON_ROLES
            and fullest
            and all(fullest.endswith(" " + n) for n in longer if n != fullest)
        ):
            span = replace(span, text=fullest)
        out.append(span)
    return out


def orphan_roles(event: Event, own: list[Span]) -> frozenset[str]:
    """The roles spans from outside the event's sentences may fill: none its own sentences told (those stay
    theirs), and a perpetrator only where the event has none and no claimant (a perpetrator the rules or
    attribution found is never replaced from another sentence)."""
    told = {_role(s) for s in own}
    if any(a.role in {"perpetrator", "claimant"} for a in event.actors):
        told.add("perpetrator")
    return ORPHAN_ROLES - told


def _sentence_index(starts: list[int]) -> Callable[[int], int]:
    return lambda pos: bisect_right(starts, pos) - 1


def _nearest_events(
    spans: list[Span], events: list[tuple[int, Event]], sentence_of: Callable[[int], int]
) -> dict[int, list[Span]]:
    """Each span to the event (index) whose evidence sentences are nearest, at most `ORPHAN_SENTENCES` away;
    on a tie, the event told before the span (a report names the victims after the attack)."""
    reach = [(i, sentence_of(e.evidence[0].start), sentence_of(e.evidence[-1].end - 1)) for i, e in events]
    out: dict[int, list[Span]] = {}
    for span in spans:
        here = sentence_of(span.start)
        best: tuple[int, int, int] | None = None
        for i, first, last in reach:
            gap = here - last if here > last else first - here if here < first else 0
            rank = (gap, 0 if here >= first else 1, i)
            if gap <= ORPHAN_SENTENCES and (best is None or rank < best):
                best = rank
        if best is not None:
            out.setdefault(best[2], []).append(span)
    return out


def _role(span: Span) -> str | None:
    return ACTOR_ROLE.get(span.role, "weapon" if span.role == "Weapon" else None)


def _fill_event(
    event: Event,
    spans: list[Span],
    name_of: Callable[[str], tuple[str, str | None] | None],
    learned_first: frozenset[str] = LEARNED_FIRST,
    strong: Mapping[str, float] | None = None,
) -> None:
    """Set an event's roles from spans. `strong`: the span score per tagger role from which a span replaces
    what the rules found in its role (`PRODUCT_ROLE_THRESHOLDS`); a weaker span never makes the rules' actors
    give way: it joins a role that is empty or that a strong span has taken over."""
    strong = strong or {}
    found = {_role(s) for s in spans if s.score >= strong.get(s.role, 0.0)} & learned_first
    # where the tagger names a role in the event's own sentences, its spans replace the rules' (claimants
    # stay: a claim is told in words the tagger does not read); the doubt the text casts on who did it
    # ("suspected", "alleged") is the event's, so a perpetrator read in place of a doubted one keeps it
    doubt = next((a.certainty for a in event.actors if a.role == "perpetrator" and a.certainty), None)
    event.actors = [a for a in event.actors if a.role not in found]
    if "weapon" in found:
        event.weapons = []
    have = {a.role for a in event.actors}  # the other roles the rules filled stay theirs
    if event.weapons:
        have.add("weapon")
    taken = {(a.text or a.name).lower() for a in event.actors}
    for span in sorted(spans, key=lambda s: -s.score):
        role = _role(span)
        if role is None or (role in have and role not in found) or span.text.lower() in taken:
            continue
        if role == "weapon":
            event.weapons.append(Weapon(name=span.text.lower(), text=span.text))
        else:
            resolved = name_of(span.text)
            name, acled_type = resolved if resolved is not None else (span.text, None)
            if role == "target" and acled_type is None:
                acled_type = "object"
            elif span.role == "PerpOrg" and acled_type is None:
                acled_type = ORGANIZATION  # a group the actor base does not know: still a group, not a person
            certainty = doubt if role == "perpetrator" else None
            actor = Actor(name=name, role=role, type=acled_type, text=span.text, certainty=certainty)  # type: ignore[arg-type]
            event.actors.append(actor)
        taken.add(span.text.lower())
