"""Per-document look-ups that spaCy recomputes on every call, computed once per Doc.

Why: `Doc.text` joins every token each time it is read, and `Span.ents` walks the whole document's
entities for every span it is asked about. Called once per sentence or per mention, both make extraction
quadratic in the article's length (a 200 KB article took minutes). These helpers give the same answers
from an index built on first use and kept, without touching the Doc, in a weak map that is dropped with
the Doc: docs stay picklable and serialisable, and nothing outlives the article.

The index assumes the Doc is no longer changed, which holds for every Doc the extractor reads (it is
complete once `nlp()` returns).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token


@dataclass
class _Index:
    text: str
    ents: tuple[Span, ...] | None = None
    ent_starts: list[int] = field(default_factory=list)


_INDEX: WeakKeyDictionary[Doc, _Index] = WeakKeyDictionary()


def _index(doc: Doc) -> _Index:
    found = _INDEX.get(doc)
    if found is None:
        found = _INDEX[doc] = _Index(text=doc.text)
    return found


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document."""
    return _index(doc).text


def _ents(doc: Doc) -> _Index:
    index = _index(doc)
    if index.ents is None:
        index.ents = tuple(doc.ents)
        index.ent_starts = [e.start for e in index.ents]
    return index


def ents_within(span: Span) -> list[Span]:
    """`span.ents` (the entities wholly inside the span, in order) in O(log n + k), not O(all entities)."""
    index = _ents(span.doc)
    assert index.ents is not None
    found: list[Span] = []
    for ent in index.ents[bisect_left(index.ent_starts, span.start) :]:
        if ent.end > span.end:
            break  # as spaCy's Span.ents: the first entity running past the span ends the list
        found.append(ent)
    return found


def ent_at(token: Token) -> Span | None:
    """The entity that holds `token`, None outside entities, without walking all of them."""
    index = _ents(token.doc)
    assert index.ents is not None
    i = bisect_right(index.ent_starts, token.i) - 1
    return index.ents[i] if i >= 0 and index.ents[i].end > token.i else None
