"""The trigger Matcher with its sets spelled out (triggers.exact_patterns) finds what the rows find."""

from __future__ import annotations

from spacy.matcher import Matcher

from eventwire.extract.triggers import TriggerFinder, exact_patterns, load_definitions

TEXT = (
    "A roadside bomb exploded near a convoy and rockets hit the base on Monday.\n"
    "Gunmen kidnapped two engineers; militants claimed the suicide bombing in a video.\n"
    "Airstrikes and a chlorine gas attack killed 12 people, and protesters rioted after the beheading."
)


def test_exact_patterns_spell_out_every_combination() -> None:
    pattern = [
        {"LEMMA": {"IN": ["bomb", "blast"]}, "POS": {"IN": ["NOUN", "PROPN"]}},
        {"OP": "?"},
        {"LOWER": "x"},
    ]
    spelled = exact_patterns(pattern)
    assert len(spelled) == 4
    assert {(p[0]["LEMMA"], p[0]["POS"]) for p in spelled} == {
        ("bomb", "NOUN"),
        ("bomb", "PROPN"),
        ("blast", "NOUN"),
        ("blast", "PROPN"),
    }
    assert all(p[1:] == [{"OP": "?"}, {"LOWER": "x"}] for p in spelled)
    assert exact_patterns([{"LEMMA": {"NOT_IN": ["a"]}}]) == [[{"LEMMA": {"NOT_IN": ["a"]}}]]  # kept as is


def test_same_matches_as_one_matcher_of_the_rows_with_sets(nlp) -> None:  # noqa: ANN001 - spacy.Language
    doc = nlp(TEXT)
    _, patterns = load_definitions()
    with_sets = Matcher(nlp.vocab)
    for key, rows in patterns.items():
        with_sets.add(key, rows)
    finder = TriggerFinder(nlp)
    expected = sorted(with_sets(doc))
    assert len(expected) >= 6
    assert sorted(finder.matches(doc)) == expected
