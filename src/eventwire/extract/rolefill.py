"""A learned MUC-4 role-filler extractor: the sequence-tagging baseline of the MUC-4 papers, made light.

Why learned: the rule engine finds generic events and their actors, but MUC-4's notion of a role filler
(a perpetrator individual vs organisation, a physical target, a victim, a weapon) is narrow and tied to
its annotation guidelines; a tagger trained on the 1300 train documents learns it directly. Four parts,
all linear models that train in a few minutes on two cores and ship as one small joblib file:

- a BIO token tagger over the five roles (hashed lexical and context features, the lexicon's word classes,
  how often train used each word and the word's place in spaCy's parse; SGD logistic loss);
- TF-IDF incident-type detectors (the document's words, one logistic regression per type);
- stacked type detectors that add to those scores the tagger's confidence and the type cue words
  (`doc_features`): deciding whether a report holds an incident at all, and of which type, is where
  most template F1 is lost (with the gold types, the same fillers score about 50 instead of 37 on dev);
- a decoder that turns spans into GTT-style templates: one template per detected type, each filler put in
  the template of the nearest cue word of a detected type, and a type's fillers split into two or more
  templates where they fall into groups far apart, each near its own cue of the type (`split_groups`).

Thresholds and decoding settings are chosen on out-of-fold predictions over train (`rolefill_train`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from eventwire import lexicon
from eventwire.eval.metrics import ROLES, Template

if TYPE_CHECKING:
    from spacy.tokens import Doc

INCIDENT_TYPES: tuple[str, ...] = (
    "attack",
    "bombing",
    "kidnapping",
    "arson",
    "robbery",
    "forced work stoppage",
)
LABELS: tuple[str, ...] = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "muc4_rolefill.joblib"
SEED = 13

_TOKEN = re.compile(r"\w+(?:[-'.&/]\w+)*|[^\w\s]")
# Cue words per incident type: they only decide which detected type's template a filler goes in.
_TYPE_CUES: dict[str, re.Pattern[str]] = {
    "bombing": re.compile(r"\b(bomb\w*|explo\w*|dynamite|blast\w*|detonat\w*|grenade\w*|car.bomb)\b"),
    "kidnapping": re.compile(r"\b(kidnap\w*|abduct\w*|hostage\w*|captiv\w*|ransom)\b"),
    "arson": re.compile(r"\b(burn\w*|arson\w*|fire|set.fire|torch\w*|incendiar\w*)\b"),
    "robbery": re.compile(r"\b(rob\w*|stole|steal\w*|stolen|loot\w*|theft)\b"),
    "forced work stoppage": re.compile(r"\b(strike|stoppage|shutdown|paralyz\w*)\b"),
    "attack": re.compile(
        r"\b(attack\w*|kill\w*|murder\w*|shot|shoot\w*|assassinat\w*|massacre\w*|wound\w*)\b"
    ),
}
# Sentence-level context words: whether the sentence speaks of violence is most of what separates a
# victim from any other person named in the report.
# Characters either side of a type's cue word within which a confident filler counts as that type's evidence.
CUE_WINDOW = 150
_CONTEXT_WORDS = re.compile(
    r"^(attack|kill|murder|assassin|bomb|explo|dynamite|kidnap|abduct|burn|shot|shoot|wound|injur|massacr|"
    r"guerrill|terror|rebel|urng|fmln|farc|eln|sendero|shining|perpetrat|claim|responsib|dead|die|death|"
    r"machinegun|rifle|grenade|mortar|destroy|damag|robb|stole|hostage|rocket|fire|set)"
)


@dataclass
class Token:
    text: str
    start: int
    end: int
    sent: int


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens with offsets and a sentence index (sentences end at . ! ? before space)."""
    tokens: list[Token] = []
    sent = 0
    for m in _TOKEN.finditer(text):
        tokens.append(Token(m.group(), m.start(), m.end(), sent))
        if m.group() in {".", "!", "?"} and (m.end() >= len(text) or text[m.end()].isspace()):
            sent += 1
    return tokens


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isalpha():
        return "a"
    if any(c.isdigit() for c in word):
        return "ad"
    return "p" if not any(c.isalnum() for c in word) else "x"


def singular_forms(word: str) -> set[str]:
    """The forms a lower-case plural noun may have in the singular ("peasants", "missionaries", "women")."""
    forms = {word, word.removesuffix("s"), word.removesuffix("es")}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("men"):
        forms.add(word[:-3] + "man")
    return forms


@lru_cache(maxsize=1)
def _class_words() -> dict[str, frozenset[str]]:
    """The lexicon's word classes for the tagger (`tagger_word_classes`): class -> its words."""
    lex = lexicon.load()
    table = lex.table("tagger_word_classes")
    return {name: frozenset().union(*(lex.words(n) for n in lists)) for name, lists in table.items()}


@lru_cache(maxsize=65536)
def word_classes(word: str) -> tuple[str, ...]:
    """The lexicon classes of a lower-case word or of its singular ("policemen" is a person word)."""
    forms = singular_forms(word)
    return tuple(sorted(name for name, words in _class_words().items() if forms & words))


def frequency_bucket(count: int) -> str:
    """A word's train count on a log scale: "0" seen once or never, then 2-3, 4-7, ... up to 256 and more.

    Why: a word train saw once or never is most often a name (a victim's, a village's), and the tagger's own
    feature for an unseen word is empty; the bucket carries what train taught about rare words to them.
    Compared with the tagger trained on train[250:] (scripts/muc4_heldout.py): the product's GTT F1 on
    train[:250] 35.6 either way, a tie decided on dev: 39.0 with the once-seen words in bucket "0", 38.3
    with a bucket of their own."""
    return "0" if count <= 1 else str(min(int(math.log2(count)), 8))


def word_counts(texts: Iterable[str]) -> dict[str, int]:
    """How often each lower-case token occurs in `texts` (the tagger's train documents), for the words
    seen more than once: `frequency_bucket` puts the others with the unseen ones, so the model keeps none."""
    counts = Counter(t.text.lower() for text in texts for t in tokenize(text))
    return {word: n for word, n in counts.items() if n > 1}


# Dependencies by which a word belongs to the noun phrase of the word it hangs on ("the [fmln] guerrillas").
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "det", "nummod", "appos", "conj", "flat"})


def syntax_features(doc: Doc, tokens: Sequence[Token]) -> list[list[str]]:
    """Per token, its place in spaCy's parse of the same text: dependency, part of speech, entity type, the
    word it hangs on, and the function of its noun phrase in the clause ("nsubj|kill", "pobj|by|attack").

    Why: a role is a function in the clause (who killed, who was killed, what was hit); the words alone make
    the tagger learn names and phrases of the train reports, the parse carries the function to words train
    never showed. A token the parse splits differently gets no syntax features."""
    by_start = {t.idx: t for t in doc}
    out: list[list[str]] = []
    for token in tokens:
        word = by_start.get(token.start)
        if word is None:
            out.append([])
            continue
        f = [f"dep={word.dep_}", f"pos={word.pos_}", f"dephd={word.dep_}|{word.head.lemma_.lower()}"]
        root = word
        for _ in range(4):
            if root.dep_ not in _PHRASE_DEPS or root.head is root:
                break
            root = root.head
        if root.dep_ == "pobj":
            f.append(f"np=pobj|{root.head.lower_}|{root.head.head.lemma_.lower()}")
        else:
            f.append(f"np={root.dep_}|{root.head.lemma_.lower()}")
        if word.ent_type_:
            f.append(f"ent={word.ent_type_}")
        out.append(f)
    return out


def token_features(
    tokens: Sequence[Token], counts: Mapping[str, int] | None = None, doc: Doc | None = None
) -> list[list[str]]:
    """String features per token: the word, its affixes, a ±3 window, sentence position, context cues, the
    lexicon classes of the word and of its ±2 neighbours (`word_classes`), given the train `counts` the train
    frequency of the word and of its neighbours (`frequency_bucket`), and given spaCy's parse of the same
    text its place in it (`syntax_features`)."""
    words = [t.text.lower() for t in tokens]
    n = len(words)
    classes = [word_classes(w) for w in words]
    buckets = [frequency_bucket(counts.get(w, 0)) for w in words] if counts is not None else None
    sent_cues: dict[int, set[str]] = {}
    for t, w in zip(tokens, words, strict=True):
        m = _CONTEXT_WORDS.match(w)
        if m:
            sent_cues.setdefault(t.sent, set()).add(m.group(1))
    local_cues = [(m.group(1) if (m := _CONTEXT_WORDS.match(w)) else "") for w in words]
    feats: list[list[str]] = []
    for i, (tok, w) in enumerate(zip(tokens, words, strict=True)):
        f = [
            "b",
            f"w={w}",
            f"p3={w[:3]}",
            f"s3={w[-3:]}",
            f"s2={w[-2:]}",
            f"sh={_shape(w)}",
            f"sent={min(tok.sent, 5)}",
            f"len={min(len(w), 12)}",
        ]
        for k in (-3, -2, -1, 1, 2, 3):
            j = i + k
            cw = words[j] if 0 <= j < n else "<pad>"
            f.append(f"w{k}={cw}")
            if abs(k) == 1:
                f.append(f"w{k}w={cw}|{w}")
                f.append(f"s3{k}={cw[-3:]}")
        f.append(f"w-2-1={words[i - 2] if i > 1 else '<pad>'}|{words[i - 1] if i else '<pad>'}")
        f.append(f"w+1+2={words[i + 1] if i + 1 < n else '<pad>'}|{words[i + 2] if i + 2 < n else '<pad>'}")
        for cue in sent_cues.get(tok.sent, ()):
            f.append(f"cue={cue}")
        for k in range(max(0, i - 5), min(n, i + 6)):
            if k != i and local_cues[k]:
                f.append(f"lc{'<' if k < i else '>'}={local_cues[k]}")
        f.extend(f"lx={c}" for c in classes[i])
        for k in (-2, -1, 1, 2):
            if 0 <= i + k < n:
                f.extend(f"lx{k}={c}" for c in classes[i + k])
        if buckets is not None:
            f.append(f"fq={buckets[i]}")
            f.append(f"fq-1={buckets[i - 1] if i else 'p'}|{buckets[i]}")
            f.append(f"fq+1={buckets[i]}|{buckets[i + 1] if i + 1 < n else 'p'}")
        feats.append(f)
    if doc is not None:
        for f, extra in zip(feats, syntax_features(doc, tokens), strict=True):
            f.extend(extra)
    return feats


def _mention_strings(entity: Iterable[Any]) -> list[str]:
    return [m[0] if isinstance(m, list | tuple) else str(m) for m in entity]


def bio_labels(text: str, tokens: Sequence[Token], templates: Sequence[dict[str, Any]]) -> list[str]:
    """Gold BIO labels: every occurrence of every mention of a role filler, longest mention first."""
    labels = ["O"] * len(tokens)
    by_start = {t.start: i for i, t in enumerate(tokens)}
    by_end = {t.end: i for i, t in enumerate(tokens)}
    mentions: set[tuple[str, str]] = set()
    for template in templates:
        for role in ROLES:
            for entity in template.get(role, []):
                mentions.update((m.lower(), role) for m in _mention_strings(entity) if m.strip())
    low = text.lower()
    for mention, role in sorted(mentions, key=lambda x: (-len(x[0]), x)):  # ties: same labels every run
        for m in re.finditer(re.escape(mention), low):
            i, j = by_start.get(m.start()), by_end.get(m.end())
            if i is None or j is None or any(lab != "O" for lab in labels[i : j + 1]):
                continue
            labels[i] = f"B-{role}"
            for k in range(i + 1, j + 1):
                labels[k] = f"I-{role}"
    return labels


@dataclass
class Span:
    role: str
    start: int
    end: int
    text: str
    score: float


_EDGE_WORDS = frozenset(
    {"and", "or", "of", "that", "the", "a", "an", "in", "on", "at", "to", "by", "with", "which"}
)
_BREAKS = frozenset({",", ".", ";", ":", "(", ")", "!", "?"})


def decode(
    tokens: Sequence[Token],
    probs: np.ndarray,
    classes: Sequence[str],
    tag_threshold: float,
    grow_ratio: float = 1.0,
) -> list[Span]:
    """Hysteresis decoding of per-token class probabilities into scored spans.

    A span is a run of tokens with P(not O) ≥ `tag_threshold * grow_ratio` that holds at least one token
    with P(not O) ≥ `tag_threshold`; its role is the role with the most probability mass over the run.
    Why: a linear tagger is sure of a name's most telling word ("marquez") and unsure of the others
    ("miguel maza"), and a filler cut short matches no gold mention. Runs break at clause punctuation and
    lose function words at their edges. `grow_ratio=1` is plain thresholding.
    """
    o = list(classes).index("O")
    not_o = 1.0 - probs[:, o]
    strong = not_o >= tag_threshold
    weak = not_o >= tag_threshold * grow_ratio
    role_of = [c.split("-", 1)[1] if c != "O" else "" for c in classes]
    roles = sorted({r for r in role_of if r})
    spans: list[Span] = []
    i, n = 0, len(tokens)
    while i < n:
        if not weak[i] or tokens[i].text in _BREAKS:
            i += 1
            continue
        j = i
        while j + 1 < n and weak[j + 1] and tokens[j + 1].text not in _BREAKS:
            j += 1
        a, b = i, j
        while a <= b and tokens[a].text.lower() in _EDGE_WORDS:
            a += 1
        while b >= a and tokens[b].text.lower() in _EDGE_WORDS:
            b -= 1
        if a <= b and strong[a : b + 1].any():
            mass = {
                r: float(sum(probs[a : b + 1, k].sum() for k, rr in enumerate(role_of) if rr == r))
                for r in roles
            }
            role = max(mass, key=lambda r: mass[r])
            spans.append(Span(role, tokens[a].start, tokens[b].end, "", float(not_o[a : b + 1].mean())))
        i = j + 1
    return spans


@dataclass
class LinearScorer:
    """One-vs-rest logistic scores from a sparse coefficient matrix: what a fitted sklearn linear model
    predicts, without its training state (which is tens of megabytes for an averaged SGD model)."""

    coef: Any  # scipy.sparse CSR, classes x features, float32
    intercept: np.ndarray
    classes_: list[str]

    @classmethod
    def from_sklearn(cls, model: Any, prune_below: float = 0.0) -> LinearScorer:
        from scipy import sparse

        coef = np.asarray(model.coef_.toarray() if sparse.issparse(model.coef_) else model.coef_, np.float32)
        coef[np.abs(coef) < prune_below] = 0.0
        return cls(sparse.csr_matrix(coef), np.asarray(model.intercept_, np.float32), list(model.classes_))

    def predict_proba(self, x: Any) -> np.ndarray:
        raw = x @ self.coef.T
        scores = np.asarray(raw.toarray() if hasattr(raw, "toarray") else raw, np.float64) + self.intercept
        probs = 1.0 / (1.0 + np.exp(-scores))
        if probs.shape[1] == 1:  # binary: sklearn keeps one row of coefficients
            return np.hstack([1.0 - probs, probs])
        return probs / probs.sum(axis=1, keepdims=True)


def role_probs(probs: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """Tokens x ROLES: the probability mass of B- and I- of each role."""
    out = np.zeros((probs.shape[0], len(ROLES)))
    for k, c in enumerate(classes):
        if c != "O":
            out[:, ROLES.index(c.split("-", 1)[1])] += probs[:, k]
    return out


def doc_features(
    text: str,
    tokens: Sequence[Token],
    probs: np.ndarray,
    classes: Sequence[str],
    text_scores: Sequence[float],
) -> np.ndarray:
    """What the document-level type detectors see besides the words: the TF-IDF detectors' scores, how
    sure the tagger is of its best fillers per role, how often and how early each type's cue words come,
    and the tagger's best filler within `CUE_WINDOW` characters of each type's cues.

    Why: whether a report holds a MUC incident at all is its main source of error, and a report that
    names a confident victim and perpetrator near a bombing cue is a far better bet than one whose words
    merely resemble incident reports (military communiques, political statements).
    """
    low = text.lower()
    rp = role_probs(probs, classes) if len(tokens) else np.zeros((1, len(ROLES)))
    feats: list[float] = list(text_scores)
    for r in range(len(ROLES)):
        top = np.sort(rp[:, r])[::-1]
        feats += [top[0], top[:3].mean(), (top > 0.3).sum() / 10, (top > 0.5).sum() / 10]
    filler = rp.sum(axis=1)
    tok_starts = np.array([tk.start for tk in tokens] or [0])
    for t in INCIDENT_TYPES:
        starts = [m.start() for m in _TYPE_CUES[t].finditer(low)]
        near = np.zeros(len(tok_starts), bool)
        for c in starts:
            near |= np.abs(tok_starts - c) <= CUE_WINDOW
        feats += [
            float(np.log1p(len(starts))),
            1.0 if starts and starts[0] < 300 else 0.0,
            float(filler[near].max()) if near.any() else 0.0,
        ]
    feats += [float(np.log1p(len(tokens))), float(np.log1p(tokens[-1].sent + 1 if tokens else 0))]
    return np.asarray(feats, np.float64)


@dataclass
class RoleFiller:
    """The trained MUC-4 components; `predict` maps a document text to GTT-style templates.

    Type detection is stacked: `type_models` (TF-IDF) score the words, `doc_models` take those scores
    with the tagger's confidence and the cue counts (`doc_features`) and decide each type against
    `type_thresholds`. All thresholds and decoding settings are chosen by cross-validation on train.
    """

    tagger: Any
    type_vectorizer: Any
    type_models: dict[str, Any]
    type_thresholds: dict[str, float]
    doc_models: dict[str, Any] = field(default_factory=dict)
    tag_threshold: float = 0.15
    grow_ratio: float = 0.5
    role_thresholds: dict[str, float] = field(default_factory=dict)  # min span score per role
    max_per_role: int = 0  # 0: no limit
    share_perpetrators: bool = True
    split_gap: int = 0  # characters between filler groups that make two templates of one type; 0: never
    meta: dict[str, Any] = field(default_factory=dict)
    word_counts: dict[str, int] = field(default_factory=dict)  # train counts of words (`token_features`)

    def tag_probs(self, tokens: Sequence[Token], doc: Doc | None = None) -> np.ndarray:
        """Per-token label probabilities; `doc`: spaCy's parse of the text the tokens are from, which a model
        trained with syntax features (`meta["syntax"]`) reads."""
        from sklearn.feature_extraction import FeatureHasher

        hasher = FeatureHasher(n_features=self.meta.get("n_features", 2**18), input_type="string")
        parse = doc if self.meta.get("syntax") else None
        return self.tagger.predict_proba(hasher.transform(token_features(tokens, self.word_counts, parse)))

    def text_type_scores(self, texts: Sequence[str]) -> np.ndarray:
        """Documents x INCIDENT_TYPES scores of the TF-IDF detectors (0 for a type never seen)."""
        x = self.type_vectorizer.transform(texts)
        out = np.zeros((len(texts), len(INCIDENT_TYPES)))
        for k, t in enumerate(INCIDENT_TYPES):
            if t in self.type_models:
                out[:, k] = self.type_models[t].predict_proba(x)[:, 1]
        return out

    def type_probs(self, feats: np.ndarray) -> dict[str, np.ndarray]:
        """Stacked type probabilities for documents x doc_features."""
        return {t: m.predict_proba(feats)[:, 1] for t, m in self.doc_models.items()}

    def spans(
        self,
        text: str,
        tokens: Sequence[Token],
        probs: np.ndarray,
        role_thresholds: Mapping[str, float] | None = None,
    ) -> list[Span]:
        """Decoded spans scoring at least their role's threshold: the model's own (`role_thresholds`, chosen
        for its template decoder), or the ones a caller gives."""
        thresholds = self.role_thresholds if role_thresholds is None else role_thresholds
        spans = decode(tokens, probs, list(self.tagger.classes_), self.tag_threshold, self.grow_ratio)
        out = []
        for s in spans:
            s.text = text[s.start : s.end]
            if s.score >= thresholds.get(s.role, 0.0):
                out.append(s)
        return out

    def decode_doc(
        self, text: str, tokens: Sequence[Token], probs: np.ndarray, type_probs: dict[str, float]
    ) -> list[Template]:
        """Templates of one document from its tagger probabilities and stacked type probabilities."""
        types = [t for t in INCIDENT_TYPES if type_probs.get(t, 0.0) >= self.type_thresholds.get(t, 1.01)]
        if not types or not tokens:
            return []
        spans = self.spans(text, tokens, probs)
        return build_templates(text, types, spans, self.max_per_role, self.share_perpetrators, self.split_gap)

    def predict(self, text: str) -> list[Template]:
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[list[Template]]:
        if not texts:
            return []
        classes = list(self.tagger.classes_)
        tokens = [tokenize(t) for t in texts]
        docs = parse_texts(texts) if self.meta.get("syntax") else [None] * len(texts)
        probs = [
            self.tag_probs(tk, doc) if tk else np.zeros((0, len(classes)))
            for tk, doc in zip(tokens, docs, strict=True)
        ]
        scores = self.text_type_scores(texts)
        feats = np.vstack(
            [doc_features(*doc, classes, s) for *doc, s in zip(texts, tokens, probs, scores, strict=True)]
        )
        tprobs = self.type_probs(feats)
        return [
            self.decode_doc(text, tokens[i], probs[i], {t: float(p[i]) for t, p in tprobs.items()})
            for i, text in enumerate(texts)
        ]


def parse_texts(texts: Iterable[str]) -> list[Doc]:
    """spaCy's parses of texts, by the pipeline the Extractor parses with (`nlp.pipeline.load_nlp`)."""
    from eventwire.nlp.pipeline import load_nlp

    return list(load_nlp().pipe(texts, batch_size=32))


def _cue_positions(text: str, types: Sequence[str]) -> list[tuple[int, str]]:
    low = text.lower()
    return sorted((m.start(), t) for t in types for m in _TYPE_CUES[t].finditer(low))


def split_groups(positions: Sequence[int], cue_starts: Sequence[int], gap: int) -> list[int]:
    """Group index of each filler position (sorted ascending): a new group starts after a gap of at least
    `gap` characters, and a group that has no cue of its type within `CUE_WINDOW` of its fillers joins the
    group before it (a first group without one joins the group after it). `gap=0`: one group.

    Why: a report of two bombings names each one's targets and victims around its own account; one
    template per type merges them, and GTT then scores half of them against the wrong incident (173 of
    the 1300 train reports have two templates of one type). The gap is chosen on train out-of-fold
    predictions (`rolefill_train.SPLIT_GAPS`; 300 characters: train GTT F1 38.38 -> 39.23).
    """
    if not positions:
        return []
    if gap <= 0:
        return [0] * len(positions)
    groups: list[list[int]] = [[positions[0]]]
    for prev, pos in zip(positions, positions[1:], strict=False):
        if pos - prev >= gap:
            groups.append([])
        groups[-1].append(pos)

    def has_cue(g: list[int]) -> bool:
        return any(g[0] - CUE_WINDOW <= c <= g[-1] + CUE_WINDOW for c in cue_starts)

    merged: list[list[int]] = []
    for g in groups:
        if merged and not has_cue(g):
            merged[-1].extend(g)
        elif merged and not has_cue(merged[-1]):
            merged[-1].extend(g)
        else:
            merged.append(list(g))
    return [k for k, g in enumerate(merged) for _ in g]


def build_templates(
    text: str,
    types: Sequence[str],
    spans: Sequence[Span],
    max_per_role: int = 0,
    share_perpetrators: bool = True,
    split_gap: int = 0,
) -> list[Template]:
    """One template per detected type (or per group of its fillers, `split_gap`); each distinct filler
    goes to the type whose cue is nearest.

    Perpetrators are shared by all templates of the report when it has several types (the same group
    usually did all of it), and by all templates of a split type; weapons, targets and victims follow the
    nearest cue (dev: weapons shared cost 6 points of Weapon F1). With `split_gap` > 0 a type's targets,
    victims and weapons are cut into groups by `split_groups`, one template each.
    """
    cues = _cue_positions(text, types) if len(types) > 1 else []
    chosen: dict[str, list[Span]] = {t: [] for t in types}
    seen: set[tuple[str, str, str]] = set()
    for span in sorted(spans, key=lambda s: -s.score):
        mention = span.text.strip()
        if not mention:
            continue
        if (share_perpetrators and span.role in ("PerpInd", "PerpOrg")) or not cues:
            targets = list(types)
        else:
            targets = [min(cues, key=lambda c: abs(c[0] - span.start))[1]]
        for t in targets:
            key = (t, span.role, mention.lower())
            if key not in seen:
                seen.add(key)
                chosen[t].append(span)
    out: list[Template] = []
    low = text.lower()
    for t in types:
        rest = sorted((s for s in chosen[t] if s.role not in ("PerpInd", "PerpOrg")), key=lambda s: s.start)
        cue_starts = [m.start() for m in _TYPE_CUES[t].finditer(low)] if split_gap > 0 else []
        group_of = split_groups([s.start for s in rest], cue_starts, split_gap)
        n_groups = max(group_of, default=0) + 1
        for g in range(n_groups):
            members = {id(s) for s, k in zip(rest, group_of, strict=True) if k == g}
            template: Template = {"incident_type": t, **{r: [] for r in ROLES}}
            for span in chosen[t]:  # score order, as the per-role limit keeps the surest fillers
                if span.role in ("PerpInd", "PerpOrg") or id(span) in members:
                    if not (max_per_role and len(template[span.role]) >= max_per_role):
                        template[span.role].append([span.text.strip()])
            out.append(template)
    return out


def load_model(path: Path | None = None) -> RoleFiller:
    """Load the shipped weights (or those at `path`); ModelError tells how to rebuild them."""
    from eventwire.weights import load_weights

    return load_weights(path or MODEL_PATH, RoleFiller, "muc4", "MUC-4 role-filler")


def iter_docs(path: Path) -> Iterator[dict[str, Any]]:
    """The processed MUC-4 JSON Lines file, one document a line."""
    import json

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
