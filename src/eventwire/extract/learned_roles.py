"""Learned argument roles: the MUC-4 role tagger fills the roles the rules left empty.

Why: the rule arguments read the dependency tree around a trigger ("militants attacked a checkpoint"), and
they plateau where a role is told in a way the tree does not show (a perpetrator in an apposition, a victim
list, a weapon in another clause). The BIO tagger of `extract.rolefill`, trained on MUC-4's 1300 train
documents (`eventwire train muc4`), reads perpetrator individuals and organisations, physical targets,
victims and weapons as spans of text. The Extractor runs it over each article once and, for each event,
puts the spans that fall in the event's evidence sentences into the roles that are still empty: rules first,
the learned tagger where they found nothing. A span must score at least `min_score` (the tagger's mean
P(not O) over the span); the role thresholds the model was tuned with on train apply as well.

The tagger is linear over hashed word features (no spaCy, no encoder): about a millisecond per sentence.
Switching it off (`Extractor(learned_roles=False)`) is the ablation row of benchmarks/RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from eventwire.extract.rolefill import MODEL_PATH, RoleFiller, Span, load_model, tokenize
from eventwire.models import Actor, Event, Weapon
from eventwire.nlp.doc_index import doc_text

# Tagger roles -> the record's actor roles ("PerpInd"/"PerpOrg" are both perpetrators).
ACTOR_ROLE = {"PerpInd": "perpetrator", "PerpOrg": "perpetrator", "Target": "target", "Victim": "victim"}
# Chosen on the first 250 MUC-4 train documents (product GTT F1 for 0.0 / 0.1 / 0.2 / 0.35 / 0.5 / 0.65:
# 25.9 / 25.9 / 26.0 / 25.6 / 24.6 / 23.3); below the model's own tag threshold nothing changes.
DEFAULT_MIN_SCORE = 0.2
# The roles in which a learned span in the event's sentences replaces what the rules found. Measured on the
# first 250 MUC-4 train documents (`eval muc4`'s mapping; product GTT F1): rules first everywhere 26.4;
# learned first for target and victim 29.2; and weapon 30.6; and perpetrator 31.8 (the rules name heads and
# canonical groups, "members", "people", where the tagger reads the text's own filler, "six jesuits").
LEARNED_FIRST = frozenset({"perpetrator", "target", "victim", "weapon"})
# The type of a perpetrator the tagger reads as an organisation ("the urban guerrillas of the FMLN") when the
# actor base does not know it: as "object" marks a physical target, this marks a group that is no person.
ORGANIZATION = "organization"


@lru_cache(maxsize=2)
def _model(path: Path) -> RoleFiller:
    return load_model(path)


class LearnedRoles:
    """The learned role component: spans of one article, then the empty roles of its events filled."""

    def __init__(self, model_path: Path = MODEL_PATH, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.model = _model(Path(model_path))
        self.min_score = min_score

    def spans(self, text: str) -> list[Span]:
        """Scored role spans of a text, at or above `min_score`."""
        tokens = tokenize(text)
        if not tokens:
            return []
        probs = self.model.tag_probs(tokens)
        return [s for s in self.model.spans(text, tokens, probs) if s.score >= self.min_score]

    def fill(
        self, doc: Doc, events: list[Event], name_of: Callable[[str], tuple[str, str | None] | None]
    ) -> None:
        """Fill, in place, each event's empty perpetrator, target, victim and weapon roles from the spans in
        the sentences of its evidence. `name_of` resolves an actor phrase to (canonical name, ACLED type)."""
        if not events:
            return
        spans = self.spans(doc_text(doc))
        if not spans:
            return
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        for event in events:
            ranges = {
                (a, b) for ev in event.evidence for a, b in sentences if a <= ev.start < b or a < ev.end <= b
            }
            inside = [s for s in spans if any(a <= s.start and s.end <= b for a, b in ranges)]
            _fill_event(event, inside, name_of)


def _role(span: Span) -> str | None:
    return ACTOR_ROLE.get(span.role, "weapon" if span.role == "Weapon" else None)


def _fill_event(
    event: Event,
    spans: list[Span],
    name_of: Callable[[str], tuple[str, str | None] | None],
    learned_first: frozenset[str] = LEARNED_FIRST,
) -> None:
    found = {_role(s) for s in spans} & learned_first
    # where the tagger names a role in the event's own sentences, its spans replace the rules' (claimants
    # stay: a claim is told in words the tagger does not read)
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
            event.actors.append(Actor(name=name, role=role, type=acled_type, text=span.text))  # type: ignore[arg-type]
        taken.add(span.text.lower())
