"""The model's matrix products on numpy's BLAS (nlp/ops.py): every layer uses it; it parses as BLIS does."""

from __future__ import annotations

import numpy
import pytest
from thinc.api import NumpyOps

from eventwire.nlp.ops import NumpyBlasOps, use_numpy_blas

TEXT = (
    "Gunmen attacked a police checkpoint near Kirkuk on Tuesday, killing three officers.\n"
    "The Islamic State claimed the attack in a statement released on Telegram."
)


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_matches_blis(trans1: bool, trans2: bool) -> None:
    rng = numpy.random.default_rng(0)
    x = rng.random((7, 5) if not trans1 else (5, 7), dtype="float32")
    y = rng.random((5, 3) if not trans2 else (3, 5), dtype="float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = NumpyBlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == (7, 3)
    numpy.testing.assert_allclose(got, expected, rtol=1e-5)
    out = numpy.zeros((7, 3), dtype="float32")
    assert NumpyBlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    numpy.testing.assert_allclose(out, expected, rtol=1e-5)


def test_loaded_model_uses_numpy_blas(nlp) -> None:  # noqa: ANN001 - spacy.Language
    models = [getattr(c, "model", None) for _, c in nlp.components]
    layers = [layer for model in models if hasattr(model, "walk") for layer in model.walk()]
    assert layers
    assert all(isinstance(layer.ops, NumpyBlasOps) for layer in layers)


def test_parse_is_the_same_as_on_blis(nlp) -> None:  # noqa: ANN001 - spacy.Language
    import spacy

    from eventwire.nlp.pipeline import DEFAULT_MODEL

    def analysis(doc) -> list[tuple]:  # noqa: ANN001 - spacy.tokens.Doc
        return [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]

    blis = spacy.load(DEFAULT_MODEL)
    assert not isinstance(blis.get_pipe("parser").model.ops, NumpyBlasOps)
    numpy_blas = use_numpy_blas(spacy.load(DEFAULT_MODEL))
    assert analysis(numpy_blas(TEXT)) == analysis(blis(TEXT))
    assert any(t.ent_type_ for t in numpy_blas(TEXT))
