"""The MUC-4 gap bins: each predicted filler is right, wrong, another template's, in an unaligned template,
or in a report whose key has no template, under the alignment GTT scores with."""

from __future__ import annotations

from eventwire.eval.metrics import gtt_score
from eventwire.eval.muc4_gap import filler_bins


def _t(kind: str, **roles: list[str]) -> dict:
    return {
        "incident_type": kind,
        **{r: [[m] for m in roles.get(r, [])] for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")},
    }


def test_fillers_fall_in_the_bin_of_their_template() -> None:
    golds = {
        "1": [
            _t("bombing", PerpOrg=["fmln"], Target=["pylon"]),
            _t("attack", Target=["bus"], Victim=["jose perez"]),
        ],
        "2": [],
    }
    preds = {
        "1": [
            _t("bombing", PerpOrg=["fmln"], Target=["bus", "church"]),  # aligned: right; other, wrong
            _t("kidnapping", Victim=["jose perez"]),  # no gold kidnapping: unaligned
        ],
        "2": [_t("attack", Weapon=["rifles"])],  # the key has no template
    }
    out = filler_bins(preds, golds)
    assert out["templates"] == {
        "gold": 2,
        "predicted": 3,
        "aligned": 1,
        "unaligned": 1,
        "no_gold_template": 1,
    }
    assert out["fillers"]["PerpOrg"]["right"] == 1
    assert out["fillers"]["Target"] == {
        "right": 0,
        "wrong": 1,
        "other_template": 1,
        "unaligned": 0,
        "no_gold_template": 0,
    }
    assert out["fillers"]["Victim"]["unaligned"] == 1 and out["fillers"]["Weapon"]["no_gold_template"] == 1
    # the same alignment as the scorer: one right PerpOrg of one predicted is precision 1 for that slot
    assert gtt_score(preds, golds)["PerpOrg"]["p"] == 1.0
