"""`eventwire train NAME` dispatch; the real fits are exercised on tiny fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DatasetError
from eventwire.train import TRAINERS, train

DATA = Path(__file__).parent / "data" / "eval"


def test_trainers_listed() -> None:
    assert set(TRAINERS) == {"muc4", "mentions", "satp", "ipe"}


def test_unknown_name_raises(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        train("nope", DATA, tmp_path)


def test_missing_data_raises(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        train("ipe", tmp_path, tmp_path)


def test_satp_training_writes_to_out(tmp_path: Path) -> None:
    # Reproducibility and the figures of the fit: tests/test_eval_classify.py (shared Extractor there).
    a = train("satp", DATA, tmp_path / "a")
    assert Path(a["model"]).parent == tmp_path / "a" and a["rows"] == 60


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_muc4_training_writes_loadable_model(tmp_path: Path) -> None:
    from eventwire.extract.rolefill import load_model

    # The fixture's dev.json doubles as a tiny train split.
    data = tmp_path / "data"
    (data / "muc4").mkdir(parents=True)
    src = (DATA / "muc4" / "dev.json").read_text(encoding="utf-8")
    (data / "muc4" / "train.json").write_text(src * 4, encoding="utf-8")
    summary = train("muc4", data, tmp_path / "out")
    model = load_model(Path(summary["model"]))
    assert isinstance(model.predict("guerrillas attacked the farm."), list)
