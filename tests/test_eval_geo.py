"""The geo benchmark scorer, on a tiny hand-written file in the LGL layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DatasetError
from eventwire.eval.geo import GoldToponym, _realign, evaluate, read_dataset

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
    fixed = _realign(text, shifted)
    assert text[fixed.start : fixed.end] == "Pandi"


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
