"""Small dependency-tree helpers shared by the argument, status, date and casualty rules.

Why a module of its own: every rule asks the same questions of the parse ("is this token inside that
clause?", "how far apart are these two words in the tree?", "which verb governs this noun?"), and answering
them one way keeps the rules consistent with each other.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
VERB_POS = frozenset({"VERB", "AUX"})


def ancestors_self(token: Token) -> list[Token]:
    """The token, then its heads up to the root of its sentence."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def own_clause_conj(token: Token) -> bool:
    """A conjoined verb with its own subject starts a new clause ("X was killed ... and Y died ...")."""
    return (
        token.dep_ == "conj"
        and token.pos_ in VERB_POS
        and any(c.dep_ in SUBJECT_DEPS for c in token.children)
    )


def climb(token: Token, to: Token) -> bool:
    """Whether `to` is an ancestor-or-self of `token`, reached without entering another clause on the way."""
    for step in ancestors_self(token):
        if step.i == to.i:
            return True
        if own_clause_conj(step):
            return False
    return False


def tree_distance(a: Token, b: Token) -> int:
    """Number of edges between two tokens of one sentence (large when they are in different sentences)."""
    up_a = ancestors_self(a)
    index_b = {t.i: n for n, t in enumerate(ancestors_self(b))}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 99


def governing_verb(token: Token) -> Token:
    """The nearest verb at or above a token (a noun trigger's clause), else the sentence root."""
    for step in ancestors_self(token):
        if step.pos_ in VERB_POS:
            return step
    return token.sent.root


def clause_span(token: Token) -> tuple[int, int]:
    """Character offsets of the clause that carries a trigger: its governing verb's subtree, minus conjoined
    clauses with their own subject. Evidence is this span, short enough to check in one glance."""
    verb = governing_verb(token)
    excluded: set[int] = set()
    for child in verb.children:
        if own_clause_conj(child) or child.dep_ == "cc" and any(own_clause_conj(c) for c in verb.children):
            excluded.update(t.i for t in child.subtree)
    kept = [t for t in verb.subtree if t.i not in excluded and not t.is_space]
    # Trim punctuation and quotes at both ends.
    while kept and (kept[0].is_punct or kept[0].is_quote):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].is_quote):
        kept.pop()
    if not kept or not (kept[0].i <= token.i <= kept[-1].i):
        return token.idx, token.idx + len(token.text)
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    if end - start > 400:  # a run-on parse: fall back to the trigger's own phrase
        sub = list(token.subtree)
        return sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return start, end


def noun_phrase_text(token: Token) -> str:
    """The name-like part of a noun phrase: compounds, adjectives and the head, no determiners or clauses."""
    keep_deps = {"compound", "amod", "nmod", "poss", "npadvmod"}
    left = [c for c in token.lefts if c.dep_ in keep_deps and not c.is_punct]
    words: list[Token] = []
    for c in left:
        words.extend(
            t for t in c.subtree if t.dep_ not in {"det", "case"} and not t.is_punct or t.text == "-"
        )
    words.append(token)
    words.sort(key=lambda t: t.i)
    text = " ".join(t.text for t in words).replace(" - ", "-")
    return text.strip()


def span_of(token: Token) -> Span:
    """A one-token span (the anchor handed to the place resolver)."""
    return token.doc[token.i : token.i + 1]
