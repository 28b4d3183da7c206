"""Long articles: parsed in pieces into one Doc of the exact text, indexed once, extracted in linear time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from eventwire.bench import long_article
from eventwire.nlp import long_texts
from eventwire.nlp.doc_index import doc_text, ents_within


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short",
        "line one\nline two\n" * 3000,
        "word " * 9000,
        "x" * 45_001,
        "para one.\n\n" + "a" * 30_000 + " tail\n" + "b " * 12_000,
    ],
)
def test_pieces_join_to_the_text_and_respect_the_size(text: str) -> None:
    parts = long_texts.pieces(text)
    assert "".join(parts) == text
    assert all(0 < len(p) <= long_texts.PIECE_CHARS for p in parts) or parts == [""]


@pytest.fixture(scope="module")
def extractor():  # noqa: ANN201
    from eventwire.extract import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def long_text(shared_dir: Path) -> str:
    return long_article(shared_dir / "data", 60_000)


@pytest.mark.slow
def test_a_long_text_parses_into_one_doc_of_the_exact_text(extractor, long_text: str) -> None:  # noqa: ANN001
    doc = long_texts.parse(extractor.nlp, long_text)
    assert len(long_texts.pieces(long_text)) > 1
    assert doc.text == long_text == doc_text(doc)
    assert doc.has_annotation("DEP") and doc.has_annotation("SENT_START") and len(doc.ents) > 100
    for sent in doc.sents:
        assert ents_within(sent) == list(sent.ents)


@pytest.mark.slow
def test_pipe_keeps_order_with_long_texts_among_short_ones(extractor, long_text: str) -> None:  # noqa: ANN001
    texts = [f"Short report {n} from Baghdad." for n in range(5)] + [long_text] + ["Another."] * 3
    out = list(long_texts.pipe(extractor.nlp, [(t, n) for n, t in enumerate(texts)], batch_size=2))
    assert [n for _, n in out] == list(range(len(texts)))
    assert all(doc.text == texts[n] for doc, n in out)


@pytest.mark.slow
def test_the_real_extractor_is_stopped_by_the_budget_and_the_batch_stored(
    extractor,  # noqa: ANN001
    shared_dir: Path,
    tmp_path: Path,
) -> None:
    """A 1 MB article under a 3 s budget is skipped as over-budget inside spaCy and the extractor; the two
    ordinary reports of its batch are stored, and it is retried on a re-run with the budget raised."""
    from eventwire import pipeline
    from eventwire.settings import Settings
    from eventwire.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Bomb kills three in Kirkuk\nA roadside bomb killed three soldiers near Kirkuk on Monday.",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Gunmen attack checkpoint\nGunmen killed four police officers at a checkpoint in Mosul on Tuesday.",
        encoding="utf-8",
    )
    (folder / "c_long.txt").write_text(
        "A long report\n" + long_article(shared_dir / "data", 1_000_000), encoding="utf-8"
    )
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    start = time.monotonic()
    report = pipeline.ingest(
        [folder], store, Settings.from_env(environ={}, article_seconds=3), extractor=extractor
    )
    assert time.monotonic() - start < 60
    assert report.stored == 2
    [skipped] = report.skipped
    assert skipped.source.endswith("c_long.txt") and skipped.reason == "over-budget: more than 3 s"
    assert str(folder / "c_long.txt") not in store.sources_done()  # an over-budget skip is retried
    store.close()
