"""Reference values for rounding float32 to fp16 and bf16: tests/golden/rounding.json.

Run from the repo root:  /usr/bin/python3 training/golden/make_rounding_golden.py
fp16 comes from numpy's float16 cast, bf16 from torch.bfloat16 (both round to nearest, ties to
even, and overflow to infinity). Values are stored as float32 bit patterns (uint32), so NaN,
±Infinity, -0 and subnormals survive JSON exactly. Deterministic (seed 0).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

OUT = Path("tests/golden/rounding.json")
SEED = 0
F16_MAX, F16_TINY, F16_SUB = 65504.0, 2.0**-14, 2.0**-24


def edge_cases() -> list[float]:
    """Ties, subnormals, the overflow boundaries and the mask constants."""
    f32 = np.finfo(np.float32)
    bf16_max = float(torch.finfo(torch.bfloat16).max)
    values = [
        0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 1e-4, -1e-4, 0.1, 1 / 3,
        # fp16 ties: 1 + 2^-11 (tie, rounds down to even 1), 1 + 3·2^-11 (tie, rounds up)
        1 + 2.0**-11, 1 + 3 * 2.0**-11, 2048 + 1, 2048 + 3, 4096 + 2, 4096 + 6,
        # fp16 overflow: 65504 is the max, 65519.99 rounds to it, 65520 (a tie) to infinity
        F16_MAX, 65505.0, 65519.0, np.nextafter(np.float32(65520), np.float32(0)), 65520.0, 65536.0,
        -F16_MAX, -65519.0, -65520.0, -131008.0, -1e5, 1e5,
        # fp16 subnormals and the underflow tie at 2^-25
        F16_TINY, F16_TINY * 0.75, F16_SUB, F16_SUB * 1.5, F16_SUB * 2.5, 2.0**-25, 2.0**-25 * 1.01,
        2.0**-26, -F16_SUB, 6.1e-5,
        # negative underflow ties: -2^-25 (fp16) and -2^-134 (bf16) round to -0, not +0
        -(2.0**-25), -(2.0**-26), -(2.0**-134), -(2.0**-135),
        # the mask constants
        -1e4, -1e9, -1e-9, float(f32.min), float(f32.max), -65504.0, float(torch.finfo(torch.bfloat16).min),
        # bf16: ties and overflow near float32 max
        1 + 2.0**-8, 1 + 3 * 2.0**-8, bf16_max, float(np.float32(3.39e38)), float(f32.min) * 0.999,
        # float32 subnormals (bf16 keeps float32's exponent range)
        float(np.float32(1e-40)), float(np.float32(2.0**-149)), float(np.float32(2.0**-126)),
        float("inf"), float("-inf"), float("nan"),
    ]
    return [float(np.float32(v)) for v in values]


def nan_values() -> np.ndarray:
    """NaNs with a sign and a payload: only their NaN-ness is compared (see src/model/rounding.ts)."""
    return np.array([0xFFC00000, 0x7FA00001, 0x7FC00123], dtype=np.uint32).view(np.float32)


def random_values(n: int) -> np.ndarray:
    """Values spread over every binade of float32, both signs, plus exact ties of each format."""
    rng = np.random.default_rng(SEED)
    mantissa = rng.uniform(1, 2, n)
    exponent = rng.integers(-30, 20, n)
    sign = rng.choice([-1.0, 1.0], n)
    spread = (sign * mantissa * 2.0**exponent).astype(np.float32)
    wide = (rng.choice([-1.0, 1.0], n // 4) * 2.0 ** rng.uniform(-140, 127, n // 4)).astype(np.float32)
    # k·2^-11 and k·2^-8 with odd k: halfway between two fp16 / bf16 neighbours in [1, 2)
    ties16 = (1 + (2 * rng.integers(0, 1024, n // 8) + 1) * 2.0**-11).astype(np.float32)
    ties_bf = (1 + (2 * rng.integers(0, 128, n // 8) + 1) * 2.0**-8).astype(np.float32)
    return np.concatenate([spread, wide, ties16, ties_bf])


def bits(values: np.ndarray) -> list[int]:
    return values.astype(np.float32).view(np.uint32).tolist()


def main() -> None:
    x = np.concatenate([np.array(edge_cases(), dtype=np.float32), nan_values(), random_values(2000)])
    with np.errstate(over="ignore", invalid="ignore"):
        fp16 = x.astype(np.float16).astype(np.float32)
    bf16 = torch.from_numpy(x.copy()).to(torch.bfloat16).to(torch.float32).numpy()
    doc = {
        "description": "float32 bit patterns: x, x rounded to fp16 (numpy float16), to bf16 "
        "(torch.bfloat16); from training/golden/make_rounding_golden.py",
        "x": bits(x),
        "fp16": bits(fp16),
        "bf16": bits(bf16),
    }
    OUT.write_text(json.dumps(doc) + "\n")
    print(f"{len(x)} values; fp16 inf: {int(np.isinf(fp16).sum())}, bf16 inf: {int(np.isinf(bf16).sum())}")


if __name__ == "__main__":
    main()
