"""Tag attributes looked up once per kind of token (nlp/attributes.py): what spaCy's ruler sets."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from eventwire.nlp.attributes import CachedAttributeRuler, cache_attributes
from eventwire.nlp.pipeline import DEFAULT_MODEL

# One-token rules of every kind (tags, words with tags, "there" before "is"), and the ruler's rules of several
# tokens ("gon na", "let 's", "c'm on", "y'all", "ain't") that still run through a Matcher.
TEXT = (
    "Gunmen attacked two police checkpoints near Kirkuk on Tuesday, killing 3 officers.\n"
    "There is a bomb; there were two.  Y'all gon na see it, let's go, c'm on! "
    "It ain't over, they got ta run. "
    '"Who\'s there?" -- she asked (again) at 5:30 p.m. & left.'
)
ATTRS = [TAG, POS, MORPH, LEMMA, DEP]


def test_loaded_model_caches_attributes(nlp) -> None:  # noqa: ANN001 - spacy.Language
    assert isinstance(nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)


def test_same_attributes_as_spacy() -> None:
    plain = spacy.load(DEFAULT_MODEL)
    cached = cache_attributes(spacy.load(DEFAULT_MODEL))
    assert not isinstance(plain.get_pipe("attribute_ruler"), CachedAttributeRuler)
    expected = plain(TEXT)
    assert {"VERB", "NOUN", "PRON", "PUNCT", "SPACE"} <= {t.pos_ for t in expected}  # the ruler ran
    assert any(t.lemma_ == "go" and t.lower_ == "gon" for t in expected)  # a rule of several tokens applied
    for _ in range(2):  # an empty table, then a filled one
        assert (cached(TEXT).to_array(ATTRS) == expected.to_array(ATTRS)).all()
    assert cache_attributes(cached) is cached  # applying it again changes nothing
    assert type(cached.get_pipe("attribute_ruler")).__mro__.count(CachedAttributeRuler) == 1


def test_a_doc_without_a_parse_gets_the_rulers_own_way() -> None:
    plain = spacy.load(DEFAULT_MODEL, exclude=["parser"])
    cached = cache_attributes(spacy.load(DEFAULT_MODEL, exclude=["parser"]))
    assert (cached(TEXT).to_array([POS, MORPH]) == plain(TEXT).to_array([POS, MORPH])).all()


def test_a_pattern_added_later_applies() -> None:
    cached = cache_attributes(spacy.load(DEFAULT_MODEL))
    assert cached("Gunmen attacked the post.")[0].pos_ == "NOUN"  # compiled now
    cached.get_pipe("attribute_ruler").add([[{"LOWER": "gunmen"}]], {"POS": "PROPN"})
    assert cached("Gunmen attacked the post.")[0].pos_ == "PROPN"
