"""Helpers shared by evaluate.py and padding_eval.py: masked examples, padded forwards, accuracy."""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np
import torch

from training.data import load_sentences
from training.model import BertForMaskedLM
from training.tokenizer import CLS, MASK, SEP, SPECIAL_TOKENS, WordPieceTokenizer

EVAL_SEED = 20240601
SELECT_RATE = 0.15
TOP_K = 5


@dataclass
class Example:
    """[CLS] … [SEP] ids with some positions replaced by [MASK]; targets = the original ids there."""

    text: str
    original: np.ndarray
    masked: np.ndarray
    positions: np.ndarray


def make_examples(texts: list[str], tok: WordPieceTokenizer, max_len: int, seed: int) -> list[Example]:
    """Mask 15% (at least one) of each sequence's word pieces with a fixed seed."""
    rng = np.random.default_rng(seed)
    out = []
    for text in texts:
        body = tok.encode(text)[: max_len - 2]
        if not body:
            continue
        ids = np.array([tok.special_id(CLS), *body, tok.special_id(SEP)], dtype=np.int64)
        chosen = np.flatnonzero(rng.random(len(body)) < SELECT_RATE) + 1
        if len(chosen) == 0:
            chosen = np.array([1 + int(rng.integers(len(body)))])
        masked = ids.copy()
        masked[chosen] = tok.special_id(MASK)
        out.append(Example(text, ids, masked, chosen))
    return out


def padded_batch(rows: list[np.ndarray], pads: int, pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Same-length sequences (B, T) with `pads` [PAD]s appended: ids and mask, (B, T + pads)."""
    ids = torch.from_numpy(np.stack(rows))
    b, t = ids.shape
    ids = torch.cat([ids, torch.full((b, pads), pad_id, dtype=torch.int64)], dim=1)
    mask = torch.cat([torch.ones(b, t, dtype=torch.int64), torch.zeros(b, pads, dtype=torch.int64)], dim=1)
    return ids, mask


@torch.no_grad()
def padded_logits(model: BertForMaskedLM, rows: list[np.ndarray], pads: int, mode: str,
                  pad_id: int) -> list[torch.Tensor]:
    """Logits (T_i, V) of the real tokens of each same-length sequence after `pads` right pads."""
    ids, mask = padded_batch(rows, pads, pad_id)
    b, t = ids.shape
    real = torch.arange(t - pads)
    flat = torch.cat([real + j * t for j in range(b)])  # padding rows skip the vocabulary head
    return list(model(ids, mask, rows=flat, mode=mode).logits.view(b, t - pads, -1))


def by_length(examples: list[Example]) -> dict[int, list[int]]:
    """Indices of the examples grouped by sequence length (one batch per length, no extra pads)."""
    groups: dict[int, list[int]] = collections.defaultdict(list)
    for i, e in enumerate(examples):
        groups[len(e.masked)].append(i)
    return groups


@torch.no_grad()
def predictions_and_padding_mass(model: BertForMaskedLM, examples: list[Example], pads: int, mode: str,
                                 pad_id: int, with_mass: bool = True) -> tuple[list[torch.Tensor], list[float]]:
    """Logits at each example's masked positions, (M_i, V), only those rows through the head; and per
    layer the mean attention weight real query rows put on padding keys (over heads, queries and
    examples; zeros without pads or `with_mass`). One forward per length group serves both."""
    out: list[torch.Tensor] = [torch.empty(0)] * len(examples)
    mass = torch.zeros(model.config.num_hidden_layers, dtype=torch.float64)
    keep = with_mass and pads > 0
    for length, idx in sorted(by_length(examples).items()):
        ids, mask = padded_batch([examples[i].masked for i in idx], pads, pad_id)
        t = ids.shape[1]
        flat = [torch.from_numpy(examples[i].positions) + j * t for j, i in enumerate(idx)]
        result = model(ids, mask, rows=torch.cat(flat), mode=mode, keep=keep)
        for i, part in zip(idx, result.logits.split([len(f) for f in flat])):
            out[i] = part
        if keep:  # attention (L, B, H, Tq, Tk) -> (L,), summed over the group's sequences
            mass += result.attention[:, :, :, :length, length:].sum(-1).mean(dim=(2, 3)).sum(1).double()
    return out, (mass / max(1, len(examples))).tolist()


def predictions(model: BertForMaskedLM, examples: list[Example], pads: int, mode: str,
                pad_id: int) -> list[torch.Tensor]:
    """Logits at each example's masked positions, (M_i, V); only those rows go through the head."""
    return predictions_and_padding_mass(model, examples, pads, mode, pad_id, with_mass=False)[0]


def accuracy(examples: list[Example], logits: list[torch.Tensor]) -> dict[str, float]:
    """Top-1 / top-5 accuracy over every masked token; a row with a NaN logit is a miss (its ranking
    means nothing, and torch.topk puts NaN first)."""
    hits1 = hits5 = total = 0
    for e, l in zip(examples, logits):
        target = torch.from_numpy(e.original[e.positions])
        ranked = ~torch.isnan(l).any(-1)
        top = l.topk(TOP_K, dim=-1).indices
        hits1 += int(((top[:, 0] == target) & ranked).sum())
        hits5 += int(((top == target[:, None]).any(-1) & ranked).sum())
        total += len(target)
    return {"top1": hits1 / total, "top5": hits5 / total, "masked_tokens": total}


def unigram_baseline(tok: WordPieceTokenizer, examples: list[Example]) -> dict[str, float]:
    """Always predict the train split's most frequent non-special pieces."""
    counts: collections.Counter[int] = collections.Counter()
    for s in load_sentences(split="train"):
        counts.update(tok.encode(s.text))
    specials = {tok.special_id(t) for t in SPECIAL_TOKENS}
    top = [i for i, _ in counts.most_common(TOP_K + len(specials)) if i not in specials][:TOP_K]
    targets = np.concatenate([e.original[e.positions] for e in examples])
    return {"top1": float(np.mean(targets == top[0])), "top5": float(np.isin(targets, top).mean()),
            "masked_tokens": len(targets), "top_tokens": [tok.tokens[i] for i in top]}
