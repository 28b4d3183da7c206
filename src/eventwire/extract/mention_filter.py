"""The learned event-mention filter: does this clause tell an incident that happened, or only refer to one?

Why learned: the rule components (`background`, `generic`, `scope`, `status`) drop the references whose cue
they know ("a court sentenced", "at least 282 people were killed in June", "if forces pull out"), and they
plateau where the cue is spread over the clause (a total told without "total", a trial without "court",
background in the past perfect). A linear model over what the clause says (its words with names and numbers
masked, the words that govern the trigger, the trigger's tense, negation, modals, determiners and object)
reads those cues together. It is trained by `eventwire train mentions` (`mention_filter_train.py`) on the
rule engine's own candidate mentions in train text, labelled weakly: a mention in a MUC-4 train document
whose sentence names a filler of one of its templates tells an incident; one in a document without templates,
or in a sentence naming no filler, does not.

What it decides: only the mentions of the parent types its training labels speak about (`FILTERED_TYPES`:
MUC-4's attacks, bombings, kidnappings and arson). Battles, protests, riots, strategic developments and
propaganda releases pass untouched: MUC-4 codes no military clash and no protest, so its labels say nothing
about them. It runs after the merge and drops an incident only when none of its mentions scores at the
threshold (chosen on a held-out part of train): a reference ("Saturday's attack", "the explosion") scores
low by design, and must not take the incident it refers to with it.

Cheap on CPU: hashed string features and one sparse dot product per mention (no encoder); the weights are
a few hundred kilobytes. `Extractor(learned_mentions=False)` is the ablation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.tokens import Token

from eventwire.extract.rolefill import LinearScorer
from eventwire.extract.syntax import ancestors_self
from eventwire.models import SUB_EVENT_PARENT

if TYPE_CHECKING:
    from eventwire.extract.mentions import Mention
    from eventwire.extract.merge import Group

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "mention_filter.joblib"
N_FEATURES = 2**18
# The parent types whose mentions the training labels (MUC-4 templates) speak about.
FILTERED_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})
# Entity labels masked to their label: a name says where, not whether, something happened.
_MASKED = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_NUMERIC = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
_TIME = frozenset({"DATE", "TIME"})
_CHILD_DEPS = frozenset({"aux", "auxpass", "neg", "mark", "det", "amod", "poss", "nummod", "prep", "advmod"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "attr"})


@dataclass
class MentionModel:
    """The shipped weights: a sparse linear scorer over hashed features, and the threshold it was tuned
    with (held-out part of train). `meta` records the data, split and held-out figures for the model card."""

    scorer: LinearScorer
    threshold: float
    n_features: int = N_FEATURES
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, features: Sequence[list[str]]) -> np.ndarray:
        """P(tells an incident) for each mention's feature list."""
        if not features:
            return np.zeros(0)
        return self.scorer.predict_proba(hash_features(features, self.n_features))[:, 1]


def hash_features(features: Sequence[list[str]], n_features: int = N_FEATURES) -> Any:
    """The feature lists as one sparse matrix (the hashing trick: no vocabulary to ship)."""
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False).transform(features)


def _word(tok: Token) -> str:
    """A token as the model sees it: lower-cased lemma; names by their entity label, numbers as <num>."""
    if tok.ent_type_ in _TIME:
        return "<date>"
    if tok.ent_type_ in _NUMERIC or tok.like_num:
        return "<num>"
    if tok.ent_type_ in _MASKED or tok.pos_ == "PROPN":
        return f"<{tok.ent_type_ or 'name'}>"
    return tok.lemma_.lower()


def _clause_tokens(mention: Mention) -> list[Token]:
    """The tokens of the mention's evidence clause (the clause the rules cut around its trigger)."""
    start, end = mention.evidence
    sent = mention.token.sent
    inside = [t for t in sent if start <= t.idx < end]
    return inside or list(sent)


def _bucket(n: int, edges: Iterable[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return "more"


def mention_features(mention: Mention, sentence_index: int) -> list[str]:
    """What the model reads of one mention: its trigger, the trigger's syntax and the clause around it.

    `sentence_index` is the mention's sentence number in the document (the headline and lead tell the
    incident; later sentences more often background)."""
    tok = mention.token
    trig = mention.trigger
    feats = [
        "bias",
        f"trig={trig.definition.id if trig is not None else tok.lemma_.lower()}",
        f"kind={mention.kind}",
        f"sub={mention.sub}",
        f"status={mention.status}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"sent={_bucket(sentence_index, (0, 1, 2, 4, 8))}",
        f"date={mention.date.precision if mention.date is not None else 'none'}",
        f"toll={bool(mention.killed.text or mention.wounded.text)}",
        f"perp={bool(mention.perpetrators)}",
        f"target={bool(mention.targets)}",
        f"anaphor={mention.anaphor}",
        f"new={mention.new_event}",
    ]
    chain = ancestors_self(tok)[1:]
    for k, up in enumerate(chain[:3], 1):
        feats.append(f"up{k}={_word(up)}")
        feats.append(f"up{k}tag={up.tag_}")
    for up in chain:
        feats.append(f"anc={_word(up)}")
        for child in up.children:
            if child.dep_ in {"neg", "mark"} or (child.dep_ in {"aux", "auxpass"} and child.tag_ == "MD"):
                feats.append(f"ancch={child.dep_}:{child.lower_}")
    for child in tok.children:
        if child.dep_ in _CHILD_DEPS:
            feats.append(f"ch={child.dep_}:{_word(child)}")
        if child.dep_ in _OBJECT_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
            obj = (
                next((g for g in child.children if g.dep_ == "pobj"), child)
                if child.dep_ == "prep"
                else child
            )
            determined = any(g.dep_ in {"det", "poss", "nummod"} for g in obj.children)
            feats.append(f"obj={_word(obj)}")
            feats.append(f"objnum={obj.tag_}:{'det' if determined else 'bare'}")
    words = [_word(t) for t in _clause_tokens(mention) if not t.is_punct and not t.is_space]
    feats.extend(f"w={w}" for w in words)
    feats.extend(f"bi={a}|{b}" for a, b in zip(words, words[1:], strict=False))
    sent = list(tok.sent)
    at = tok.i - tok.sent.start
    for k in (-3, -2, -1, 1, 2):
        j = at + k
        feats.append(f"w{k}={_word(sent[j]) if 0 <= j < len(sent) else '<pad>'}")
    feats.append(f"len={_bucket(len(words), (5, 10, 20, 40))}")
    return feats


def filtered(mention: Mention) -> bool:
    """Whether the filter decides on this mention (an event mention of a type its labels cover)."""
    return mention.media is None and SUB_EVENT_PARENT.get(mention.sub) in FILTERED_TYPES


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> MentionModel:
    """The shipped weights (once per process); ModelError tells how to rebuild them."""
    from eventwire.weights import load_weights

    return load_weights(Path(path), MentionModel, "mentions", "event-mention filter")


class MentionFilter:
    """Scores the mentions it decides on and keeps those at or above the threshold (the model's own unless
    `threshold` is given)."""

    def __init__(self, model_path: Path = MODEL_PATH, threshold: float | None = None) -> None:
        self.model = load_model(Path(model_path))
        self.threshold = self.model.threshold if threshold is None else threshold

    def scores(self, mentions: Sequence[Mention], sentence_of: dict[int, int]) -> list[float | None]:
        """Each mention's score; None for a mention the filter does not decide on."""
        todo = [m for m in mentions if filtered(m)]
        values = iter(self.model.scores([mention_features(m, sentence_of[m.sent_start]) for m in todo]))
        return [float(next(values)) if filtered(m) else None for m in mentions]

    def keep(self, mentions: list[Mention], sentence_of: dict[int, int]) -> list[Mention]:
        """The mentions that tell an incident, in their order."""
        return [
            m
            for m, s in zip(mentions, self.scores(mentions, sentence_of), strict=True)
            if s is None or s >= self.threshold
        ]

    def keep_groups(self, groups: list[Group], sentence_of: dict[int, int]) -> list[Group]:
        """The incidents (merged groups) of which at least one mention tells that it happened, or the
        filter decides on none: a reference ("Saturday's attack") stays when its incident is told."""
        every = [m for g in groups for m in g.mentions]
        score = {id(m): s for m, s in zip(every, self.scores(every, sentence_of), strict=True)}
        kept = []
        for group in groups:
            decided = [score[id(m)] for m in group.mentions if score[id(m)] is not None]
            if not decided or max(decided) >= self.threshold:
                kept.append(group)
        return kept


__all__ = ["FILTERED_TYPES", "MODEL_PATH", "MentionFilter", "MentionModel", "mention_features"]
