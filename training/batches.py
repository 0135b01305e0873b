"""MLM batches: variable-length windows of consecutive sentences from one document.

A batch is a pure function of (seed, step), so a resumed run sees exactly the batches it would
have seen. About `short_fraction` of sequences get a short target length, so batches carry a
fair share of padding (right-padded, key-masked in the model).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch

from training.tokenizer import CLS, MASK, PAD, SEP, SPECIAL_TOKENS, WordPieceTokenizer

SELECT_RATE = 0.15  # of real, non-special tokens
MASK_SHARE, RANDOM_SHARE = 0.8, 0.1  # of selected tokens; the remaining 10% stay unchanged
SHORT_MIN, SHORT_MAX = 8, 64


@dataclass
class Batch:
    """ids/mask (B, T) int64; rows = flat indices of selected tokens; targets = their true ids."""

    ids: torch.Tensor
    mask: torch.Tensor
    rows: torch.Tensor
    targets: torch.Tensor


@dataclass
class Corpus:
    """Token ids per document, per sentence; `weights` samples documents by token count."""

    docs: list[list[np.ndarray]]
    weights: np.ndarray

    @classmethod
    def build(cls, docs: dict[str, list[str]], tok: WordPieceTokenizer) -> "Corpus":
        encoded = [[np.array(tok.encode(t), dtype=np.int64) for t in sents] for sents in docs.values()]
        encoded = [[s for s in d if len(s)] for d in encoded]
        encoded = [d for d in encoded if d]
        sizes = np.array([sum(len(s) for s in d) for d in encoded], dtype=np.float64)
        return cls(encoded, sizes / sizes.sum())


def window(corpus: Corpus, rng: np.random.Generator, limit: int, pack: bool = False,
           stream: bool = False) -> np.ndarray:
    """Consecutive sentences of one random document, at most `limit` tokens (first one truncated).
    With `pack` the sentence that does not fit is cut to fill the window, so only a document's end
    leaves room for padding. With `stream` a window that reaches a document's end goes on with the
    next document (the last wraps to the first), so every window holds exactly `limit` tokens."""
    d = int(rng.choice(len(corpus.docs), p=corpus.weights))
    start = int(rng.integers(len(corpus.docs[d])))
    first = corpus.docs[d][start]
    pieces, size = [first[:limit]], min(len(first), limit)
    for sent in following(corpus, d, start, stream):
        if size + len(sent) > limit:
            if pack or stream:
                pieces.append(sent[: limit - size])
            break
        pieces.append(sent)
        size += len(sent)
    return np.concatenate(pieces)


def following(corpus: Corpus, d: int, start: int, stream: bool) -> Iterator[np.ndarray]:
    """The sentences after sentence `start` of document `d`; with `stream`, then those of the next
    documents, round and round (a window stops the walk once it is full)."""
    yield from corpus.docs[d][start + 1:]
    while stream:
        d = (d + 1) % len(corpus.docs)
        yield from corpus.docs[d]


def mask_tokens(ids: np.ndarray, real: np.ndarray, rng: np.random.Generator, tok: WordPieceTokenizer,
                rate: float = SELECT_RATE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Select `rate` (15%) of maskable tokens (>= 1 per row): 80% [MASK], 10% random, 10% unchanged."""
    specials = [tok.special_id(t) for t in (PAD, CLS, SEP)]
    maskable = real & ~np.isin(ids, specials)
    selected = maskable & (rng.random(ids.shape) < rate)
    for r in np.flatnonzero(~selected.any(axis=1) & maskable.any(axis=1)):
        selected[r, rng.choice(np.flatnonzero(maskable[r]))] = True
    roll = rng.random(ids.shape)
    corrupted = ids.copy()
    corrupted[selected & (roll < MASK_SHARE)] = tok.special_id(MASK)
    randomise = selected & (roll >= MASK_SHARE) & (roll < MASK_SHARE + RANDOM_SHARE)
    # random replacements are drawn from non-special tokens, which follow the specials in vocab.txt
    first_plain = len(SPECIAL_TOKENS)
    corrupted[randomise] = rng.integers(first_plain, len(tok.tokens), size=int(randomise.sum()))
    rows = np.flatnonzero(selected)
    return corrupted, rows, ids.reshape(-1)[rows]


def make_batch(corpus: Corpus, tok: WordPieceTokenizer, rng: np.random.Generator, size: int,
               max_len: int, short_fraction: float, select_rate: float = SELECT_RATE, pack: bool = False,
               stream: bool = False) -> Batch:
    """`size` sequences `[CLS] window [SEP]`, right-padded to the longest, then MLM-masked."""
    seqs = []
    for _ in range(size):
        target = int(rng.integers(SHORT_MIN, SHORT_MAX + 1)) if rng.random() < short_fraction else max_len
        body = window(corpus, rng, target - 2, pack, stream)
        seqs.append(np.concatenate([[tok.special_id(CLS)], body, [tok.special_id(SEP)]]))
    length = max(len(s) for s in seqs)
    ids = np.full((size, length), tok.special_id(PAD), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
    real = np.arange(length)[None, :] < np.array([len(s) for s in seqs])[:, None]
    corrupted, rows, targets = mask_tokens(ids, real, rng, tok, select_rate)
    return Batch(torch.from_numpy(corrupted), torch.from_numpy(real.astype(np.int64)),
                 torch.from_numpy(rows), torch.from_numpy(targets))
