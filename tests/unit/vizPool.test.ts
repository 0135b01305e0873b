import { describe, expect, it } from 'vitest';
import { poolCells, poolFactor } from '../../src/viz/poolCells';

describe('pooling a matrix for a small heatmap', () => {
  it('pools only when the cells outnumber the pixels', () => {
    expect(poolFactor(512, 100)).toBe(5);
    expect(poolFactor(128, 200)).toBe(1);
    expect(poolFactor(64, 0.5)).toBe(64);
  });

  it('keeps the value of largest magnitude per block, so a lone leak still shows', () => {
    // 4×4 with one 1e-5 leak among zeros, one NaN, and a negative difference.
    const m = new Float32Array(16);
    m[1 * 4 + 2] = 1e-5;
    m[3 * 4 + 0] = NaN;
    m[2 * 4 + 1] = -0.5;
    m[2 * 4 + 0] = 0.25;
    const pooled = poolCells(m, 4, 2);
    expect(pooled.size).toBe(2);
    expect(pooled.matrix[0]).toBe(0);
    expect(pooled.matrix[1]).toBeCloseTo(1e-5, 10);
    expect(pooled.matrix[2]).toBeNaN();
    expect(pooled.matrix[3]).toBe(0);
    expect(poolCells(m, 4, 1).matrix).toBe(m);
  });

  it('covers a size that the factor does not divide', () => {
    const m = Float32Array.from({ length: 25 }, (_, i) => i);
    const pooled = poolCells(m, 5, 2);
    expect(pooled.size).toBe(3);
    expect(Array.from(pooled.matrix)).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });
});

describe('pooling only the drawn query rows', () => {
  it('pools a 3 × 4 matrix by 2 into 2 × 2 blocks, keeping each block’s largest magnitude', () => {
    const m = Float32Array.from([0, 0.1, 0, 0, 0.2, 0, 0, 0.9, 0.3, 0, 0, 0]);
    const pooled = poolCells(m, 4, 2, 3);
    expect([pooled.rows, pooled.size]).toEqual([2, 2]);
    expect([...pooled.matrix].map((v) => Number(v.toFixed(6)))).toEqual([0.2, 0.9, 0.3, 0]);
  });
});
