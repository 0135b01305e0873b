"""Minimal safetensors writer and reader (no dependency on the `safetensors` package).

Format (https://github.com/huggingface/safetensors): 8-byte little-endian header length N,
then N bytes of JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}},
padded with spaces to a multiple of 8, then the raw little-endian tensor bytes. Offsets are
relative to the first byte after the header.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

_DTYPES: dict[str, np.dtype] = {
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
}


def _dtype_name(array: np.ndarray) -> str:
    for name, dtype in _DTYPES.items():
        if array.dtype == dtype.newbyteorder("=") or array.dtype == dtype:
            return name
    raise ValueError(f"unsupported dtype {array.dtype}")


def write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    """Write `tensors` (kept in insertion order) to `path` as a safetensors file."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    chunks: list[bytes] = []
    offset = 0
    for name, array in tensors.items():
        dtype_name = _dtype_name(array)
        data = np.ascontiguousarray(array, dtype=_DTYPES[dtype_name]).tobytes()
        header[name] = {
            "dtype": dtype_name,
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(header_bytes)))
        handle.write(header_bytes)
        for chunk in chunks:
            handle.write(chunk)


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a safetensors file written by any writer; used to round-trip check our own."""
    raw = Path(path).read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        out[name] = np.frombuffer(raw[base + begin : base + end], dtype=dtype).reshape(info["shape"])
    return out
