"""Sentence boundaries set before the parser: newlines and wire datelines."""

from __future__ import annotations

import pytest

from eventwire.nlp.sentences import DATELINE


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("BAGHDAD, March 14 (Reuters) - A suicide bomber struck.", "BAGHDAD, March 14 (Reuters) - "),
        (
            "MAIDUGURI, Nigeria, June 20 (Reuters) — Fighters attacked.",
            "MAIDUGURI, Nigeria, June 20 (Reuters) — ",
        ),
        ("WASHINGTON -- The Pentagon said.", "WASHINGTON -- "),
        ("A normal line - with a dash.", None),
        ("US - Iraq talks resumed.", None),
    ],
)
def test_dateline_pattern(line: str, dateline: str | None) -> None:
    m = DATELINE.match(line)
    assert (line[: m.end()] if m else None) == dateline


@pytest.mark.slow
def test_dateline_words_are_never_the_leads_subject() -> None:
    from eventwire.nlp.pipeline import load_nlp
    from eventwire.nlp.sentences import add_newline_sentences

    nlp = add_newline_sentences(load_nlp())
    doc = nlp(
        "MAIDUGURI, Nigeria, June 20 (Reuters) - Islamic State fighters attacked an army base on Tuesday."
    )
    sents = [s.text for s in doc.sents]
    assert sents[0].startswith("MAIDUGURI") and sents[1].startswith("Islamic State fighters")
