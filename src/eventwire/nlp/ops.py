"""The spaCy model's matrix products on numpy's BLAS (OpenBLAS) instead of thinc's bundled BLIS.

Why: thinc's CPU backend multiplies matrices with the `blis` wheel, whose kernels are chosen by CPU model
at run time; on a CPU it does not recognise (a virtual machine's "AMD EPYC", for one) it falls back to its
generic reference kernel, and that product alone was a quarter of an ingest's CPU time. numpy ships
OpenBLAS built for every x86 generation (DYNAMIC_ARCH), three times faster there and never slower
elsewhere. The layers compute the same thing; only the summation order inside a product differs (≈1e-6),
and the tags, parses and entities of the geo/ corpus's 292 extracted articles came out identical.

BLAS threads are held at one per process: an ingest already runs one worker process per core, and a
second BLAS thread per worker would only spin on a core another worker needs.
"""

from __future__ import annotations

from spacy.language import Language
from thinc.api import NumpyOps, Ops


class NumpyBlasOps(NumpyOps):
    """thinc's NumpyOps with `gemm` done by numpy (`Ops.gemm`: `numpy.dot`), everything else unchanged."""

    name = "numpy_blas"
    gemm = Ops.gemm


def use_numpy_blas(nlp: Language) -> Language:
    """Point every layer of every component of `nlp` at NumpyBlasOps (in place), one BLAS thread; `nlp`."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyBlasOps()
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                if isinstance(layer.ops, NumpyOps):  # a GPU model (CupyOps) keeps its own
                    layer.ops = ops
    return nlp
