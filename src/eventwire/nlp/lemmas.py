"""spaCy's rule lemmatizer with its per-token work done once per distinct word form, not once per token.

Why: the lemmatizer builds a Token object, reads its text, part of speech and morphology as strings and
writes the lemma back as a string for every token of every article; on news that Python work was about 6 %
of an ingest's CPU, though the lemma is a pure function of (word form, part of speech, morphology) — the
key spaCy's own cache already uses — and a few hundred forms make up most tokens. `CachedLemmatizer` reads
those three as integers for the whole Doc at once (`Doc.to_array`), asks spaCy's own `rule_lemmatize` only
for a key it has not seen, and writes every lemma back at once (`Doc.from_array`). Same lemmas, by the same
rules; a lemma set earlier in the pipeline (by the attribute ruler) is kept, as spaCy keeps it.
"""

from __future__ import annotations

from functools import cache

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc


class CachedLemmatizer(Lemmatizer):
    """A rule-mode Lemmatizer that remembers the lemma hash of each (ORTH, POS, MORPH) key it has seen.

    Used as a mixin in front of the loaded lemmatizer's own class (English has its own `is_base_form`), so
    `rule_lemmatize` is the language's."""

    _lemma_hashes: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        hashes = self.__dict__.setdefault("_lemma_hashes", {})
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma != 0 and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = hashes.get(key)
            if found is None:
                found = hashes[key] = strings.add(self.rule_lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@cache
def _cached_class(cls: type[Lemmatizer]) -> type[Lemmatizer]:
    return type(f"Cached{cls.__name__}", (CachedLemmatizer, cls), {})


def cache_lemmas(nlp: Language) -> Language:
    """Put CachedLemmatizer in front of the class of `nlp`'s rule-mode lemmatizer (in place); `nlp`.

    The instance keeps its loaded lookup tables and settings; only its class changes, since spaCy builds the
    component from the model's own config and tables, which a new factory would have to load again."""
    for _, component in nlp.components:
        if isinstance(component, Lemmatizer) and not isinstance(component, CachedLemmatizer):
            if component.mode == "rule":
                component.__class__ = _cached_class(type(component))
    return nlp
