"""Newlines are sentence boundaries: a pipeline component that runs before the parser.

Why: in an Article's text a newline ends a headline, a standfirst or a paragraph. Headlines carry no final
full stop, so spaCy's parser glues "Bomb kills three soldiers\\nA suicide bomber drove ..." into one sentence;
evidence then spans two paragraphs and the facts of the second (its date, its place) are read against the
first. Marking the first token after every newline as a sentence start fixes that; the parser respects
boundaries that are already set, so it only adds boundaries inside each line.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "eventwire_newline_sentences"


@Language.component(COMPONENT)
def newline_sentences(doc: Doc) -> Doc:
    """Make every token that follows a newline (a whitespace token holding "\\n") a sentence start."""
    after_newline = False
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                after_newline = True
            continue
        if after_newline and token.i > 0:
            token.is_sent_start = True
        after_newline = False
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
