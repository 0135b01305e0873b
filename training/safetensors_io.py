"""Minimal safetensors reader/writer (F32/F16/I32), written here so nothing must be installed.

Layout: u64 little-endian header length N, N bytes of JSON `{name: {dtype, shape,
data_offsets: [begin, end]}, "__metadata__": {...}}` (space-padded to 8 bytes), then the raw
little-endian data, offsets relative to the end of the header.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "I32": np.dtype("<i4"), "I64": np.dtype("<i8")}
NAMES = {v: k for k, v in DTYPES.items()}
ALIGN = 8


def write_safetensors(path: Path, tensors: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> None:
    """Write `tensors` (C-contiguous, dtypes from DTYPES) in sorted key order."""
    header: dict[str, object] = {"__metadata__": metadata or {}}
    blobs, offset = [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        dtype = array.dtype.newbyteorder("<")
        blob = array.astype(dtype).tobytes()
        header[name] = {"dtype": NAMES[dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % ALIGN)
    with path.open("wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """All tensors of a safetensors file, in their stored dtype."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    header.pop("__metadata__", None)
    base = 8 + size
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        out[name] = np.frombuffer(raw[base + begin : base + end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return out
