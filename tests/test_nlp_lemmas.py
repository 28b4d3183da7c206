"""Lemmas worked out once per word form (nlp/lemmas.py): the same lemmas as spaCy's own lemmatizer."""

from __future__ import annotations

import spacy

from eventwire.nlp.lemmas import CachedLemmatizer, cache_lemmas
from eventwire.nlp.pipeline import DEFAULT_MODEL

TEXT = (
    "Gunmen attacked two police checkpoints near Kirkuk on Tuesday, killing three officers and wounding "
    "others.\nThe Islamic State said its fighters had attacked the checkpoints; they were attacking again. "
    "Bombs exploded, a bomb was defused, and the militants' leader is being sought. I'm sure they'd gone."
)


def test_loaded_model_caches_lemmas(nlp) -> None:  # noqa: ANN001 - spacy.Language
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)


def test_same_lemmas_as_spacy() -> None:
    plain = spacy.load(DEFAULT_MODEL)
    cached = cache_lemmas(spacy.load(DEFAULT_MODEL))
    assert not isinstance(plain.get_pipe("lemmatizer"), CachedLemmatizer)
    expected = [t.lemma_ for t in plain(TEXT)]
    assert "attack" in expected and "be" in expected  # real lemmatisation, not the words themselves
    for _ in range(2):  # cold, then from the cache
        assert [t.lemma_ for t in cached(TEXT)] == expected
    assert cache_lemmas(cached) is cached  # applying it again changes nothing
    assert type(cached.get_pipe("lemmatizer")).__mro__.count(CachedLemmatizer) == 1
