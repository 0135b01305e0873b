"""The committed goldens match an independent NumPy BERT run on the exported files.

Fails if `model.safetensors` was re-exported without regenerating `tests/golden/default`, or if
the export's key names / layouts differ from what a Hugging Face-style reader expects.
"""

from __future__ import annotations

import json
import unittest

import numpy as np
from scipy.special import erf, softmax

from training.export import MODEL_DIR, REPO_ROOT
from training.golden import GOLDEN_DIR
from training.safetensors_io import read_safetensors

TOLERANCE = 1e-4
HF_KEYS_PER_LAYER = 16


def layer_norm(x: np.ndarray, w: dict[str, np.ndarray], prefix: str, eps: float) -> np.ndarray:
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w[prefix + ".weight"] + w[prefix + ".bias"]


def linear(x: np.ndarray, w: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]  # PyTorch layout [out, in]


def attention(x: np.ndarray, w: dict[str, np.ndarray], p: str, heads: int, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b, t, d = x.shape
    split = lambda y: y.reshape(b, t, heads, d // heads).transpose(0, 2, 1, 3)  # (B, H, T, hs)
    q, k, v = (split(linear(x, w, f"{p}.attention.self.{n}")) for n in ("query", "key", "value"))
    probs = softmax(q @ k.transpose(0, 1, 3, 2) / np.sqrt(d // heads) + bias, axis=-1)  # (B, H, Tq, Tk)
    return (probs @ v).transpose(0, 2, 1, 3).reshape(b, t, d), probs


def forward(w: dict[str, np.ndarray], cfg: dict, case: dict) -> dict[str, np.ndarray]:
    """Reference BERT forward in float64; returns logits rows, hidden states and attention."""
    b, t, eps = case["batch"], case["seqLen"], cfg["layer_norm_eps"]
    ids, pos = np.array(case["ids"]).reshape(b, t), np.array(case["positionIds"]).reshape(b, t)
    mask = np.array(case["attentionMask"]).reshape(b, t)
    mode = case["mode"]
    bias = ((1 - mask) * mode["constant"])[:, None, None, :] if mode["kind"] == "keyAdditive" else 0.0
    e = "bert.embeddings."
    x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][pos] + w[e + "token_type_embeddings.weight"][0]
    x = layer_norm(x, w, e + "LayerNorm", eps)
    hidden, attn = [x], []
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}"
        a, probs = attention(x, w, p, cfg["num_attention_heads"], bias)
        x = layer_norm(x + linear(a, w, f"{p}.attention.output.dense"), w, f"{p}.attention.output.LayerNorm", eps)
        h = linear(x, w, f"{p}.intermediate.dense")
        h = 0.5 * h * (1 + erf(h / np.sqrt(2)))  # exact GELU
        x = layer_norm(x + linear(h, w, f"{p}.output.dense"), w, f"{p}.output.LayerNorm", eps)
        hidden.append(x)
        attn.append(probs)
    rows = x.reshape(b * t, -1)[case["logitRows"]]
    rows = linear(rows, w, "cls.predictions.transform.dense")
    rows = layer_norm(0.5 * rows * (1 + erf(rows / np.sqrt(2))), w, "cls.predictions.transform.LayerNorm", eps)
    logits = rows @ w["bert.embeddings.word_embeddings.weight"].T + w["cls.predictions.bias"]  # tied decoder
    return {"logits": logits, "hidden": np.stack(hidden), "attention": np.stack(attn)}


@unittest.skipUnless((GOLDEN_DIR / "cases.json").exists(), "run training.golden first")
class GoldenTest(unittest.TestCase):
    def setUp(self) -> None:
        self.doc = json.loads((GOLDEN_DIR / "cases.json").read_text())
        model_dir = REPO_ROOT / self.doc["checkpoint"]
        self.cfg = json.loads((model_dir / "config.json").read_text())
        self.weights = {k: v.astype(np.float64) for k, v in read_safetensors(model_dir / "model.safetensors").items()}
        self.expected = read_safetensors(GOLDEN_DIR / "expected.safetensors")

    def test_export_has_exactly_the_hugging_face_keys_without_the_tied_decoder(self) -> None:
        n = self.cfg["num_hidden_layers"]
        self.assertEqual(len(self.weights), 5 + HF_KEYS_PER_LAYER * n + 5)
        self.assertNotIn("cls.predictions.decoder.weight", self.weights)
        self.assertEqual(self.doc["checkpoint"], str(MODEL_DIR.relative_to(REPO_ROOT)))

    def test_goldens_match_an_independent_numpy_forward_within_1e_4(self) -> None:
        for case in self.doc["cases"]:
            ours = forward(self.weights, self.cfg, case)
            for name, value in ours.items():
                with self.subTest(case=case["name"], tensor=name):
                    golden = self.expected[f"{case['name']}.{name}"]
                    self.assertEqual(golden.shape, value.shape)
                    self.assertLess(float(np.abs(golden - value).max()), TOLERANCE)


if __name__ == "__main__":
    unittest.main()
