"""Example-based F1 (ConfliBERT's definition) and the SATP / IPE article kinds (text classifier + events)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DatasetError, ModelError
from eventwire.eval import classify, metrics
from eventwire.extract import Extractor, article_kinds
from eventwire.models import Article, Event

DATA = Path(__file__).parent / "data" / "eval"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    ("y_true", "y_pred", "expected"),
    [
        # 2*1/(2+1) = 2/3 for row 1; row 2 has no label on either side and is left out; row 3 scores 0.
        ([[1, 0, 1], [0, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 0, 0], [1, 0, 0]], 1 / 3),
        ([[1, 1], [0, 1]], [[1, 1], [0, 1]], 1.0),
        ([[0, 0]], [[0, 0]], 0.0),
        ([[1, 0]], [[0, 1]], 0.0),
    ],
)
def test_example_based_f1(y_true: list, y_pred: list, expected: float) -> None:
    assert metrics.example_based_f1(y_true, y_pred) == pytest.approx(expected)


def test_example_based_precision_recall() -> None:
    # precision over rows with a prediction: (1/1 + 0/1) / 2; recall over rows with a label: (1/2 + 0/1) / 2
    p, r = metrics.example_based_precision_recall([[1, 0, 1], [0, 1, 0]], [[1, 0, 0], [1, 0, 0]])
    assert (p, r) == (pytest.approx(0.5), pytest.approx(0.25))


def test_shape_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="shape"):
        metrics.example_based_f1([[1, 0]], [[1, 0, 0]])


def test_read_tsv_parses_headerless_rows() -> None:
    texts, y = article_kinds.read_tsv(DATA / "satp" / "dev.tsv", 4)
    assert len(texts) == y.shape[0] == 12 and y.shape[1] == 4
    assert set(np.unique(y)) <= {0, 1}


def test_read_tsv_rejects_bad_rows(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("first\t1\t0\t0\t0\nsecond\t1\tx\t0\t0\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        article_kinds.read_tsv(bad, 4)


def _event(sub: str) -> Event:
    from eventwire.models import SUB_EVENT_PARENT

    return Event(id=sub, event_type=SUB_EVENT_PARENT[sub], sub_event_type=sub)


def test_event_features_mark_sub_event_types() -> None:
    row = article_kinds.event_features([_event("Grenade"), _event("Arrests"), _event("Grenade")])
    names = article_kinds.EVENT_FEATURES
    assert {names[i] for i in np.flatnonzero(row)} == {"Grenade", "Arrests", "any event"}
    assert not article_kinds.event_features([]).any()


def test_stacking_uses_events_only_where_they_help_out_of_fold() -> None:
    # Label 0 shows only in the events (a Grenade event), never in the wording; label 1 only in the wording.
    rng = np.random.default_rng(0)
    words = ["market", "road", "village", "town", "river", "school", "camp", "bridge"]
    texts, events, y = [], [], []
    for i in range(120):
        a, b = i % 2, (i // 2) % 2
        body = " ".join(rng.choice(words, 12)) + (
            " police arrested the suspects" if b else " people gathered"
        )
        texts.append(body)
        events.append([_event("Grenade")] if a else [])
        y.append([a, b, int(i % 3 == 0), 1 - b])
    model = article_kinds.fit("satp", texts, events, np.array(y))
    assert model.stacked[0]  # the events beat the text classifier out-of-fold on label 0
    pred = model.predict(["a road near the village", "a road near the village"], [[_event("Grenade")], []])
    assert pred[:, 0].tolist() == [1, 0]
    assert model.predict(["police arrested the suspects"], [[]], "text")[0, 1] == 1
    assert model.predict(["police arrested the suspects"], [[_event("Grenade")]], "events")[0, 0] == 1


def test_train_then_evaluate_on_tiny_split(tmp_path: Path, extractor: Extractor) -> None:
    summary = article_kinds.train("satp", DATA, tmp_path, extractor=extractor)
    assert Path(summary["model"]).exists() and summary["rows"] == 60
    again = article_kinds.train("satp", DATA, tmp_path / "again", extractor=extractor)
    assert again["thresholds"] == summary["thresholds"]  # fixed seeds: reproducible
    kinds = {"satp": article_kinds.load("satp", Path(summary["model"]))}
    x = Extractor(nlp=extractor.nlp, places=extractor.places, actors=extractor.actors, kinds=kinds)
    out = classify.evaluate("satp", DATA, "dev", extractor=x)
    # The fixture's labels are spelled out by distinct phrases: a working model gets nearly all.
    assert out["example_f1"] > 80 and out["text_example_f1"] > 80
    assert set(out) >= {"example_f1", "f1_kidnapping", "text_f1_kidnapping", "events_example_f1", "documents"}


def test_read_many_adds_kinds_and_keeps_the_events(tmp_path: Path, extractor: Extractor) -> None:
    model = article_kinds.load("satp")
    x = Extractor(nlp=extractor.nlp, places=extractor.places, actors=extractor.actors, kinds={"satp": model})
    text = "Maoists abducted a village headman in Bijapur district on Monday, police said."
    articles = article_kinds.articles([text, "The weather was fine and the market was open."])
    read = list(x.read_many(articles, kind_sets=("satp",)))
    plain = list(x.extract_many(articles))
    assert [e.model_dump() for _, evs, _ in read for e in evs] == [
        e.model_dump() for _, evs in plain for e in evs
    ]
    assert "kidnapping" in read[0][2]["satp"]
    # Only the kind sets asked for; SATP reports are all attacks, so only the label itself is checked.
    assert set(read[1][2]) == {"satp"} and "kidnapping" not in read[1][2]["satp"]


def test_unknown_dataset_and_missing_weights(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        classify.evaluate("nope", DATA, "dev")
    with pytest.raises(ModelError):
        article_kinds.load("satp", tmp_path / "missing.joblib")
    with pytest.raises(ValueError, match="extractor"):  # weights go to the extractor, never beside it
        classify.evaluate("satp", DATA, "dev", model=tmp_path / "x.joblib", extractor=object())


@pytest.mark.parametrize("name", ["satp", "ipe"])
def test_shipped_weights_are_small_and_load(name: str) -> None:
    path = article_kinds.model_path(name)
    assert path.stat().st_size < 5_000_000
    model = article_kinds.load(name)
    assert (
        len(model.text.thresholds) == len(model.combined.thresholds) == len(article_kinds.KIND_SETS[name][1])
    )


def test_shipped_satp_model_reads_a_bombing(extractor: Extractor) -> None:
    text = "An IED blast killed two soldiers when militants detonated a bomb near the camp in Sukma."
    article = Article(id="a", text=text)
    ((_, events, kinds),) = extractor.read_many([article])
    assert "bombing_explosion" in kinds["satp"]
    assert set(kinds) == {"satp", "ipe"}
