// Shrinking a T×T matrix for a small heatmap: a 512² head drawn in a 100-pixel square needs 100²
// pixels, not 512². Each block keeps the value of largest magnitude (NaN first), so one leaking
// cell or one NaN in a block still shows: pooling may hide an exact zero, never a leak.

/** How many cells per side one pixel covers when `seqLen` cells are drawn in `pixels` pixels. */
export function poolFactor(seqLen: number, pixels: number): number {
  return Math.max(1, Math.floor(seqLen / Math.max(1, Math.floor(pixels))));
}

/**
 * Pools a row-major matrix of `rows` × T (T × T by default) by `factor` per side into
 * ceil(rows / factor) × ceil(T / factor) cells, keeping the value of largest magnitude in each
 * block (NaN wins). factor 1 returns the matrix itself. `size` is the pooled T, `rows` the
 * pooled row count.
 */
export function poolCells(
  matrix: Float32Array,
  seqLen: number,
  factor: number,
  rowCount = seqLen,
): { readonly matrix: Float32Array; readonly size: number; readonly rows: number } {
  if (factor <= 1) return { matrix, size: seqLen, rows: rowCount };
  const size = Math.ceil(seqLen / factor);
  const rows = Math.ceil(rowCount / factor);
  const out = new Float32Array(rows * size);
  for (let row = 0; row < rowCount; row++) {
    const outRow = Math.floor(row / factor) * size;
    for (let col = 0; col < seqLen; col++) {
      const value = matrix[row * seqLen + col] ?? NaN;
      const at = outRow + Math.floor(col / factor);
      const kept = out[at] ?? 0;
      if (Number.isNaN(kept)) continue;
      if (Number.isNaN(value) || Math.abs(value) > Math.abs(kept)) out[at] = value;
    }
  }
  return { matrix: out, size, rows };
}
