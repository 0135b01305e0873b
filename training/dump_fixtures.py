"""Attention dumps written by real PyTorch code, with the layout and bug family each must be read as.

`tests/fixtures/dumps/` gets one file (or two) per case and `manifest.json` listing, per case, the
files, how the CLI is told about the mask, and the expected layout letters and family. The cases
are what people actually save: `nn.MultiheadAttention` weights (head-averaged or per head) with
and without `key_padding_mask`, the classic `attention_mask.bool()` inversion, hand-written
attention with the catalogue's bugs around it, DL4J's and Julia's key-first layouts, and a
Hugging Face-style tuple of per-layer attentions from the bundled BERT. CI only reads the outputs.

    /usr/bin/python3 -m training.dump_fixtures
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch

from training.export import MODEL_DIR, REPO_ROOT, load_exported
from training.safetensors_io import write_safetensors
from training.tokenizer import PAD, WordPieceTokenizer

OUT = REPO_ROOT / "tests" / "fixtures" / "dumps"
LENGTHS = (10, 6)  # item 0 has no padding, item 1 has 4 pads (T = 10)
T, E, HEADS = 10, 16, 2
NEG = -1e4


def inputs(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x [B, T, E] and the attention mask [B, T] (1 = real), right padding."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(len(LENGTHS), T, E, generator=g) * 2.0
    mask = torch.tensor([[1] * n + [0] * (T - n) for n in LENGTHS])
    return x, mask


def mha(seed: int) -> torch.nn.MultiheadAttention:
    torch.manual_seed(seed)
    return torch.nn.MultiheadAttention(E, HEADS, batch_first=True).eval()


def scores(seed: int) -> torch.Tensor:
    """Hand-written pre-softmax scores S = QKᵀ/√d, [B, H, T, T]."""
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(len(LENGTHS), HEADS, T, 8, generator=g)
    k = torch.randn(len(LENGTHS), HEADS, T, 8, generator=g)
    return 2.0 * q @ k.transpose(-1, -2) / math.sqrt(8)


def keys(mask: torch.Tensor) -> torch.Tensor:
    return (1.0 - mask.float())[:, None, None, :]  # K(m): 1 at padding keys


def queries(mask: torch.Tensor) -> torch.Tensor:
    return (1.0 - mask.float())[:, None, :, None]  # Q(m): 1 at padding queries


def np32(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().numpy()


def bert_tuple() -> tuple[list[np.ndarray], np.ndarray]:
    """The bundled BERT's per-layer attentions ([B, H, T, T] each) on two padded sentences."""
    model = load_exported(MODEL_DIR)
    tok = WordPieceTokenizer.from_file(MODEL_DIR / "vocab.txt")
    texts = ["the doctor said that [MASK] would be fine .", "he did not go ."]
    ids = [tok.encode(t, add_special_tokens=True) for t in texts]
    length = max(map(len, ids)) + 3
    padded = torch.tensor([i + [tok.special_id(PAD)] * (length - len(i)) for i in ids])
    mask = torch.tensor([[1] * len(i) + [0] * (length - len(i)) for i in ids])
    with torch.no_grad():
        out = model(padded, mask, mode="key", keep=True)
    return [np32(a) for a in out.attention], mask.numpy().astype(np.int64)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cases: list[dict[str, object]] = []

    def case(name: str, files: list[str], layout: str, family: str, mask: dict[str, object], note: str) -> None:
        cases.append({"name": name, "files": files, "mask": mask, "layout": layout, "family": family, "note": note})

    x, mask = inputs(1)
    lengths = {"kind": "lengths", "lengths": list(LENGTHS), "side": "right"}
    with torch.no_grad():
        # nn.MultiheadAttention, per head, with key_padding_mask (True = ignore): correct.
        _, w = mha(2)(x, x, x, key_padding_mask=mask == 0, need_weights=True, average_attn_weights=False)
        np.savez(OUT / "mha_key_padding_mask.npz", attn_weights=np32(w), key_padding_mask=(mask == 0).numpy())
        case("mha_key_padding_mask", ["mha_key_padding_mask.npz"], "BHQK", "correct", {"kind": "found"},
             "nn.MultiheadAttention(need_weights=True, average_attn_weights=False) with key_padding_mask")
        # The same module called without the mask, head-averaged (the default): [B, T, T].
        _, w = mha(2)(x, x, x, need_weights=True)
        np.save(OUT / "mha_no_mask.npy", np32(w))
        np.save(OUT / "mha_no_mask.attention_mask.npy", mask.numpy().astype(np.int64))
        case("mha_no_mask", ["mha_no_mask.npy"], "BQK", "missing-key-mask",
             {"kind": "file", "file": "mha_no_mask.attention_mask.npy"}, "nn.MultiheadAttention called without key_padding_mask")
        # The classic inversion: an HF attention_mask (1 = real) passed as key_padding_mask.
        _, w = mha(2)(x, x, x, key_padding_mask=mask.bool(), need_weights=True, average_attn_weights=False)
        np.savez(OUT / "mha_inverted.npz", attentions=np32(w), attention_mask=mask.numpy())
        case("mha_inverted", ["mha_inverted.npz"], "BHQK", "inverted", {"kind": "found"},
             "key_padding_mask=attention_mask.bool(): real tokens ignored, the unpadded item all NaN")

    s = scores(3)
    correct = torch.softmax(s + keys(mask) * NEG, -1)
    # DL4J returns [B, H, keys, queries]: the correct weights with the last two axes swapped.
    np.save(OUT / "dl4j_keys_first.npy", np32(correct.transpose(-1, -2)))
    case("dl4j_keys_first", ["dl4j_keys_first.npy"], "BHKQ", "correct", lengths,
         "a correct mask read back in DL4J's [B, H, Tk, Tq] layout")
    # Julia's NNlib gives (Tk, Tq, H, B) column-major: saved Fortran-ordered, as NPZ.jl would.
    np.save(OUT / "nnlib_keys_first.npy", np.asfortranarray(np32(correct.permute(3, 2, 1, 0))))
    case("nnlib_keys_first", ["nnlib_keys_first.npy"], "KQHB", "correct", lengths,
         "a correct mask in NNlib's (Tk, Tq, H, B), Fortran order")
    # Three layers, mask on the query axis with -1e9, one tensor per layer in safetensors.
    layers = {f"attentions.{i}": np32(torch.softmax(scores(10 + i) + queries(mask) * -1e9, -1)) for i in range(3)}
    write_safetensors(OUT / "query_axis_layers.safetensors", {**layers, "attention_mask": mask.numpy().astype(np.int32)})
    case("query_axis_layers", ["query_axis_layers.safetensors"], "LBHQK", "missing-key-mask", {"kind": "found"},
         "softmax(S + Q(m)·(-1e9)) in three layers saved as attentions.0 … attentions.2")
    after = torch.softmax(s, -1) * mask[:, None, None, :]
    (OUT / "after_softmax.json").write_text(json.dumps({"attentions": np32(after).round(7).tolist(), "attention_mask": mask.tolist()}))
    case("after_softmax", ["after_softmax.json"], "BHQK", "after-softmax", {"kind": "found"},
         "softmax(S) ⊙ m without renormalising, as JSON")
    multiplicative = torch.softmax(s * mask[:, None, None, :], -1)
    np.savez_compressed(OUT / "multiplicative.npz", probs=np32(multiplicative), attention_mask=mask.numpy())
    case("multiplicative", ["multiplicative.npz"], "BHQK", "multiplicative", {"kind": "found"}, "softmax(S ⊙ m), compressed npz")
    float_add = torch.softmax(s + mask[:, None, None, :].float(), -1)
    np.savez(OUT / "float_add_with_scores.npz", attentions=np32(float_add), scores=np32(s), attention_mask=mask.numpy())
    case("float_add_with_scores", ["float_add_with_scores.npz"], "BHQK", "float-add", {"kind": "found"},
         "softmax(S + m) with the raw scores saved beside it")
    weak = torch.softmax(s + keys(mask) * -1e-9, -1)
    np.savez(OUT / "weak_constant.npz", attentions=np32(weak), attention_mask=mask.numpy())
    case("weak_constant", ["weak_constant.npz"], "BHQK", "missing-key-mask", {"kind": "found"}, "c = -1e-9: the sign typo")
    both = torch.maximum(keys(mask), queries(mask))
    nan = torch.softmax(s.masked_fill(both.bool(), float("-inf")), -1)
    np.savez(OUT / "neg_inf_both_axes.npz", attentions=np32(nan), attention_mask=mask.numpy())
    case("neg_inf_both_axes", ["neg_inf_both_axes.npz"], "BHQK", "nan", {"kind": "found"},
         "-inf on both axes: padding rows are NaN")
    half = torch.softmax(s + keys(mask) * NEG, -1).to(torch.float16)
    write_safetensors(OUT / "correct_fp16.safetensors", {"attn": half.numpy(), "lengths": np.array(LENGTHS, dtype=np.int64)})
    case("correct_fp16", ["correct_fp16.safetensors"], "BHQK", "correct", {"kind": "found"}, "a correct mask stored in float16")

    attentions, bert_mask = bert_tuple()
    np.savez(OUT / "bert_output_attentions.npz", *attentions, attention_mask=bert_mask)
    case("bert_output_attentions", ["bert_output_attentions.npz"], "LBHQK", "correct", {"kind": "found"},
         "np.savez(f, *outputs.attentions, attention_mask=…) from the bundled BERT (sink heads included)")

    (OUT / "manifest.json").write_text(json.dumps({"cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
