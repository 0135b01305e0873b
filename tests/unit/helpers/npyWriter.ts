// Writes .npy bytes (format 1.0, little-endian float32 or int64, C order) for tests: an
// independent writer of the layout numpy/lib/format.py documents.

/** A .npy file holding `data` with `shape`. */
export function npyBytes(data: Float32Array | BigInt64Array, shape: readonly number[]): Uint8Array {
  const descr = data instanceof Float32Array ? '<f4' : '<i8';
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
