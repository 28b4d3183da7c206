"""Parsing a long article in pieces and joining the parses into one Doc of the whole text.

Why: spaCy's parser and entity recogniser hold working memory in proportion to the text they are given
(about 1.7 GB for a 400 KB article) and refuse texts over `nlp.max_length` (1,000,000 characters). Cut at
line ends, where the newline component puts a sentence boundary anyway, the pieces parse exactly as they
would inside the whole text; `Doc.from_docs` then joins them into one Doc whose text is the article's text
character for character, so evidence offsets stay true. Texts up to PIECE_CHARS are parsed whole, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

PIECE_CHARS = 20_000

T = TypeVar("T")


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters whose concatenation is `text`.

    Each cut falls after a newline where there is one, else after a space, else (a run of `size`
    characters without whitespace) at `size`.
    """
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = window.rfind("\n") + 1 or window.rfind(" ") + 1 or size
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse(nlp: Language, text: str) -> Doc:
    """`nlp(text)`, in pieces for a long text, one piece in memory at a time."""
    parts = pieces(text)
    if len(parts) == 1:
        return nlp(text)
    return Doc.from_docs([nlp(part) for part in parts], ensure_whitespace=False)


def pipe(nlp: Language, pairs: Iterable[tuple[str, T]], batch_size: int = 32) -> Iterator[tuple[Doc, T]]:
    """`nlp.pipe(pairs, as_tuples=True, batch_size=...)` in the same order, each long text parsed by `parse`.

    Ordinary texts still go through `nlp.pipe` in batches (its throughput); a long one is parsed alone,
    so a batch never holds more than one long text's piece.
    """
    short: list[tuple[str, T]] = []
    for text, context in pairs:
        if len(text) <= PIECE_CHARS:
            short.append((text, context))
            if len(short) < batch_size:
                continue
        yield from nlp.pipe(short, as_tuples=True, batch_size=batch_size)
        short = []
        if len(text) > PIECE_CHARS:
            yield parse(nlp, text), context
    yield from nlp.pipe(short, as_tuples=True, batch_size=batch_size)
