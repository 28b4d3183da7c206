"""The learned event-mention filter: its features, its weak labels, its threshold, its training and its place
in the Extractor (off by default, one flag to switch it on)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DatasetError, ModelError
from eventwire.extract.mention_filter_train import Example, _fillers, fit, keep_threshold, mention_label

TEMPLATES = [
    {
        "incident_type": "bombing",
        "PerpInd": [],
        "PerpOrg": [[["fmln", 10], ["farabundo marti national liberation front", 40]]],
        "Target": [[["power pylon", 90]]],
        "Victim": [],
        "Weapon": [[["dynamite", 120]], [["it", 130]]],
    }
]


def test_fillers_are_every_mention_of_every_role_long_enough_to_match() -> None:
    assert _fillers(TEMPLATES) == {
        "fmln",
        "farabundo marti national liberation front",
        "power pylon",
        "dynamite",
    }
    assert _fillers([]) == set()


def test_a_mention_tells_an_incident_when_its_sentence_names_a_filler() -> None:
    fillers = _fillers(TEMPLATES)
    assert mention_label("Guerrillas of the FMLN blew up a power pylon.", fillers)
    assert not mention_label("The army said the offensive was over.", fillers)
    assert not mention_label("Guerrillas of the FMLN blew up a power pylon.", set())  # no templates


def test_threshold_keeps_the_asked_share_of_incident_mentions() -> None:
    rng = np.random.default_rng(0)
    y = rng.random(400) < 0.5
    p = np.clip(np.where(y, 0.7, 0.3) + rng.normal(0, 0.2, 400), 0, 1)
    for recall in (0.8, 0.95, 1.0):
        thr = keep_threshold(y, p, recall)
        assert (p[y] >= thr).mean() >= recall
        assert (p[y] >= thr + 0.01).mean() < recall + 0.02  # the highest such threshold, not just any
    assert (p[~y] < keep_threshold(y, p, 0.95)).mean() > 0.5  # it does drop background


def _examples(n_docs: int = 60) -> list[Example]:
    """Toy mentions: trial and total words mark background, a toll and a day date mark an incident."""
    out = []
    for doc in range(n_docs):
        out.append(Example(["bias", "w=kill", "toll=True", "date=day", f"w=x{doc % 7}"], True, doc))
        out.append(Example(["bias", "w=kill", "anc=trial", "toll=False", f"w=x{doc % 5}"], False, doc))
        out.append(Example(["bias", "w=attack", "anc=total", "date=month"], False, doc))
    return out


def test_fit_chooses_on_held_out_documents_and_separates_the_cues() -> None:
    model, summary = fit(_examples(), 60)
    assert summary["held_out_docs"] == 12 and summary["held_out_positives_kept"] >= 95.0
    incident, trial = model.scores(
        [["bias", "w=kill", "toll=True", "date=day"], ["bias", "w=kill", "anc=trial"]]
    )
    assert incident >= model.threshold > trial
    assert model.meta["C"] == summary["C"]


def test_fit_refuses_one_label_only() -> None:
    with pytest.raises(DatasetError, match="both labels"):
        fit([e for e in _examples() if e.label], 60)


def test_missing_weights_say_how_to_rebuild_them(tmp_path: Path) -> None:
    from eventwire.extract.mention_filter import load_model

    with pytest.raises(ModelError, match="eventwire train mentions"):
        load_model(tmp_path / "none.joblib")


def test_learned_mentions_applies_only_to_the_extractor_benchmarks(tmp_path: Path) -> None:
    from eventwire.eval import run

    with pytest.raises(DatasetError, match="--learned-mentions"):
        run("geo", tmp_path, "dev", learned_mentions=True)


def test_the_filter_goes_at_the_end_of_any_pipeline() -> None:
    from eventwire.extract.engine import with_mention_filter
    from eventwire.nlp.components import MENTION_FILTER, PIPELINE

    assert with_mention_filter(PIPELINE) == (*PIPELINE, MENTION_FILTER)
    assert with_mention_filter((*PIPELINE, MENTION_FILTER)) == (*PIPELINE, MENTION_FILTER)  # once


# --- on real parses --------------------------------------------------------------------------------------

TRIAL = "He is not charged with taking part in the April 15 attack in Boston, which killed three people."
BOMBING = "Militants detonated a car bomb in Kirkuk on Monday, killing 12 soldiers."


@pytest.fixture(scope="module")
def extractor(nlp):  # noqa: ANN001, ANN201 - the session's spaCy model; an Extractor
    from eventwire.extract import Extractor

    return Extractor(nlp=nlp, learned_mentions=True)


@pytest.mark.slow
def test_features_read_the_governing_words_and_mask_names_and_numbers(extractor) -> None:  # noqa: ANN001
    from eventwire.extract.mention_filter import filtered, mention_features
    from eventwire.models import Article

    doc = extractor.run_components(Article(id="t", text=TRIAL), extractor.nlp(TRIAL))
    mention = next(m for m in doc._.ew_mentions if m.token.lower_ == "attack")
    assert filtered(mention)
    feats = mention_features(mention, 3)
    assert "anc=charge" in feats and "ancch=neg:not" in feats and "sent=4" in feats
    words = {f for f in feats if f.startswith("w=")}
    assert "w=<GPE>" in words and "w=boston" not in words and "w=<date>" in words


@pytest.mark.slow
def test_extractor_flag_puts_the_filter_in_and_it_decides_on_incidents(extractor) -> None:  # noqa: ANN001
    from eventwire.extract import Extractor
    from eventwire.models import Article
    from eventwire.nlp.components import MENTION_FILTER

    off = Extractor(nlp=extractor.nlp, places=extractor.places, actors=extractor.actors)
    assert MENTION_FILTER not in off.component_names  # off by default
    assert extractor.component_names[-1] == MENTION_FILTER
    article = Article(id="b", text=BOMBING, published=date(2020, 3, 16))
    assert [e.sub_event_type for e in off.extract(article)] == ["Remote explosive/landmine/IED"]

    def with_threshold(value: float) -> Extractor:
        config = {MENTION_FILTER: {"threshold": value}}
        return Extractor(
            nlp=extractor.nlp, places=off.places, actors=off.actors, learned_mentions=True, config=config
        )

    assert [e.id for e in with_threshold(0.0).extract(article)] == [e.id for e in off.extract(article)]
    assert with_threshold(1.01).extract(article) == []  # nothing scores above 1: every bombing dropped
    unmerged = Extractor(
        nlp=extractor.nlp,
        places=off.places,
        actors=off.actors,
        learned_mentions=True,
        disable=["eventwire_merge"],
        config={MENTION_FILTER: {"threshold": 1.01}},
    )
    assert unmerged.extract(article) == []  # without a merge it decides on each mention
    protest = Article(
        id="p", text="Thousands of students protested in Khartoum on Monday.", published=date(2020, 3, 16)
    )
    assert [e.sub_event_type for e in with_threshold(1.01).extract(protest)] == [
        "Peaceful protest"
    ]  # not its call


@pytest.mark.slow
def test_shipped_weights_keep_a_told_incident_and_drop_a_trial(extractor) -> None:  # noqa: ANN001
    from eventwire.extract.mention_filter import MentionFilter
    from eventwire.models import Article

    flt = MentionFilter()
    assert 0.0 < flt.threshold < 1.0 and flt.model.meta["train_docs"] == 1300
    scores = {}
    for text in (TRIAL, BOMBING):
        doc = extractor.run_components(Article(id="s", text=text), extractor.nlp(text))
        scored = flt.scores([m for g in doc._.ew_groups for m in g.mentions], {doc[0].sent.start: 0})
        scores[text] = max(s for s in scored if s is not None)
    assert scores[BOMBING] > scores[TRIAL]


@pytest.mark.slow
def test_train_mentions_writes_loadable_weights(tmp_path: Path, extractor) -> None:  # noqa: ANN001
    from eventwire.extract.mention_filter import MentionModel, load_model
    from eventwire.train import train

    told = "guerrillas of the fmln detonated a bomb at the power pylon in usulutan, killing two guards."
    other = "a bomb exploded outside the embassy in lima, killing two people."
    rows = []
    for n in range(30):
        rows.append({"docid": f"d{n}", "doctext": told, "templates": TEMPLATES})
        rows.append({"docid": f"e{n}", "doctext": other, "templates": []})  # no template: no incident
    data = tmp_path / "data" / "muc4"
    data.mkdir(parents=True)
    (data / "train.json").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = train("mentions", tmp_path / "data", tmp_path / "out")
    model = load_model(Path(result["model"]))
    assert isinstance(model, MentionModel) and result["train_docs"] == 60 and result["mentions"] >= 60
    assert 0.0 < model.threshold < 1.0


def test_muc4_refuses_an_extractor_with_an_ablation_engine(tmp_path: Path) -> None:
    from eventwire.eval import muc4

    with pytest.raises(DatasetError, match="product engine only"):
        muc4.evaluate(tmp_path, "dev", engine="rules", extractor=object())
