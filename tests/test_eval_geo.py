"""The geo benchmark scorer, on a tiny hand-written file in the LGL layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DatasetError
from eventwire.eval.geo import GoldToponym, _realign_all, evaluate, read_dataset

DATA = Path(__file__).parent / "data" / "geo"


def test_read_lgl_layout() -> None:
    arts = read_dataset(DATA / "tiny_lgl.xml", "lgl")
    assert [len(a.toponyms) for a in arts] == [3, 2]
    for art in arts:
        for t in art.toponyms:
            assert art.text[t.start : t.end] == t.phrase


def test_realign_shifted_offsets() -> None:
    text = "Floods hit Pandi, Bulacan."
    shifted = GoldToponym(12, 17, "Pandi", 14.87, 120.95, None)  # GeoVirus counts from 1
    (fixed,) = _realign_all(text, [shifted])
    assert text[fixed.start : fixed.end] == "Pandi"


def test_realign_carries_a_growing_drift() -> None:
    """TR-News offsets fall further behind the text as an article goes on; each fix carries to the next."""
    text = "Ottawa said. " + "x" * 30 + " Then Ottawa, and later Toronto and Ottawa again."
    first = text.index("Ottawa", 1)
    second = text.index("Toronto")
    third = text.rindex("Ottawa")
    tops = [
        GoldToponym(0, 6, "Ottawa", 45.4, -75.7, None),
        GoldToponym(first + 9, first + 15, "Ottawa", 45.4, -75.7, None),  # 9 behind
        GoldToponym(second + 20, second + 27, "Toronto", 43.7, -79.4, None),  # 20 behind: past the slack
        GoldToponym(third + 20, third + 26, "Ottawa", 45.4, -75.7, None),
    ]
    fixed = _realign_all(text, tops)
    assert [text[t.start : t.end] for t in fixed] == ["Ottawa", "Ottawa", "Toronto", "Ottawa"]
    assert [t.start for t in fixed] == [0, first, second, third]


def test_unknown_dataset_is_a_dataset_error() -> None:
    with pytest.raises(DatasetError):
        evaluate(DATA, "dev", dataset="nope")
    with pytest.raises(DatasetError):
        read_dataset(DATA / "missing.xml", "lgl")


@pytest.mark.slow
def test_evaluate_tiny(tmp_path: Path) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "lgl.xml").write_bytes((DATA / "tiny_lgl.xml").read_bytes())
    scores = evaluate(tmp_path, "dev", dataset="lgl")
    assert scores["gold_toponyms"] == 5
    assert scores["within_161km_gold_spans"] == 100.0  # both Parises, Texas, Lamar County, France
    assert 0 < scores["toponym_recall"] <= 100 and 0 < scores["toponym_precision"] <= 100
    assert scores["within_161km_end_to_end"] <= scores["toponym_recall"]
