"""Newlines and wire datelines are sentence boundaries: a pipeline component that runs before the parser.

Why: in an Article's text a newline ends a headline, a standfirst or a paragraph. Headlines carry no final
full stop, so spaCy's parser glues "Bomb kills three soldiers\\nA suicide bomber drove ..." into one sentence;
evidence then spans two paragraphs and the facts of the second (its date, its place) are read against the
first. Marking the first token after every newline as a sentence start fixes that; the parser respects
boundaries that are already set, so it only adds boundaries inside each line.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "eventwire_newline_sentences"
# A wire dateline opening a line: "BAGHDAD, March 14 (Reuters) - ", "MAIDUGURI, Nigeria (Reuters) — ".
# What follows it starts a sentence, so that the dateline's words are never read as the lead's subject
# ("MAIDUGURI Nigeria June 20 Islamic State fighters").
DATELINE = re.compile(r"(?m)^[A-Z][A-Z'’.-]{2,}(?:[ ,]+[^\n.!?]{0,60}?)?\s+(?:-{1,2}|—|–)\s+")


@Language.component(COMPONENT)
def newline_sentences(doc: Doc) -> Doc:
    """Make every token that follows a newline (a whitespace token holding "\\n") or a dateline a sentence
    start."""
    after_newline = False
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                after_newline = True
            continue
        if after_newline and token.i > 0:
            token.is_sent_start = True
        after_newline = False
    starts = {m.end() for m in DATELINE.finditer(doc.text)}
    if starts:
        for token in doc:
            if token.idx in starts and token.i > 0:
                token.is_sent_start = True
    return doc


def add_newline_sentences(nlp: Language) -> Language:
    """Insert the component before the parser (or the senter, or last) unless it is already there."""
    if COMPONENT in nlp.pipe_names:
        return nlp
    for anchor in ("parser", "senter"):
        if anchor in nlp.pipe_names:
            nlp.add_pipe(COMPONENT, before=anchor)
            return nlp
    nlp.add_pipe(COMPONENT)
    return nlp


__all__ = ["COMPONENT", "add_newline_sentences", "newline_sentences"]
