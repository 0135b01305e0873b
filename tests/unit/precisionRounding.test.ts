// fp16 / bf16 rounding in tfjs ops against numpy's float16 and torch.bfloat16
// (tests/golden/rounding.json, from training/golden/make_rounding_golden.py), bit for bit, on
// the cpu and wasm backends: ties, subnormals, the 65504/65520 boundary, the mask constants, the
// sign of zero. NaN is the stated exception: NaN stays NaN, its sign and payload are not compared.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { BackendName } from '../../src/backend/backends';
import { BFLOAT16_MIN, FLOAT16_MIN } from '../../src/masks/numerics';
import type { Precision } from '../../src/masks/numerics';
import { roundTo } from '../../src/model/rounding';

interface RoundingGolden {
  readonly x: number[];
  readonly fp16: number[];
  readonly bf16: number[];
}

const golden = JSON.parse(readFileSync('tests/golden/rounding.json', 'utf8')) as RoundingGolden;
const fromBits = (bits: readonly number[]) => new Float32Array(Uint32Array.from(bits).buffer);

function rounded(values: Float32Array, precision: Precision): Float32Array {
  return tf.tidy(
    () => roundTo(tf.tensor1d(values, 'float32'), precision).dataSync() as Float32Array,
  );
}

/** Indices where a and b differ in their bits (-0 differs from 0), any NaN matching any NaN. */
function mismatches(a: Float32Array, b: Float32Array): number[] {
  const [bitsA, bitsB] = [a, b].map((v) => new Uint32Array(v.buffer, v.byteOffset, v.length));
  const bad: number[] = [];
  a.forEach((value, i) => {
    const isBothNaN = Number.isNaN(value) && Number.isNaN(b[i]);
    if (!isBothNaN && bitsA?.[i] !== bitsB?.[i]) bad.push(i);
  });
  return bad;
}

describe.each<BackendName>(['cpu', 'wasm'])('rounding on the %s backend', (backend) => {
  beforeAll(async () => {
    const report = await initBackend(backend);
    expect(report.active).toBe(backend);
  });

  const x = fromBits(golden.x);
  it.each(['fp16', 'bf16'] as const)(
    'rounds %s exactly as the Python reference on every stored value',
    (precision) => {
      const expected = fromBits(golden[precision]);
      const actual = rounded(x, precision);
      const bad = mismatches(actual, expected).slice(0, 5);
      const detail = bad.map((i) => `x=${x[i]} got ${actual[i]} want ${expected[i]}`).join('; ');
      expect(bad, detail).toEqual([]);
    },
  );

  it('leaves fp32 untouched', () => {
    expect(mismatches(rounded(x, 'fp32'), x)).toEqual([]);
  });

  it.each([
    ['fp16', 65504, 65504],
    ['fp16', 65519, 65504],
    ['fp16', 65520, Infinity],
    ['fp16', -1e9, -Infinity],
    ['fp16', FLOAT16_MIN, FLOAT16_MIN],
    ['fp16', FLOAT16_MIN * 2, -Infinity],
    ['fp16', -3.4028234663852886e38, -Infinity],
    ['fp16', 2 ** -25, 0],
    ['fp16', -(2 ** -25), -0],
    ['fp16', -(2 ** -26), -0],
    ['fp16', 1.5 * 2 ** -24, 2 ** -23],
    ['bf16', -1e9, -998244352],
    ['bf16', BFLOAT16_MIN, BFLOAT16_MIN],
    ['bf16', BFLOAT16_MIN * 2, -Infinity],
    ['bf16', -3.4028234663852886e38, -Infinity],
    ['bf16', 1 + 2 ** -8, 1],
    ['bf16', -(2 ** -134), -0],
  ] as const)('rounds %s(%d) to %d', (precision, value, expected) => {
    expect(rounded(Float32Array.of(value), precision)[0]).toBe(expected);
  });

  it.each(['fp16', 'bf16'] as const)(
    '%s rounding is idempotent, monotonic and sign-symmetric',
    (precision) => {
      const finite = fc.float({ noNaN: true, noDefaultInfinity: true });
      fc.assert(
        fc.property(fc.array(finite, { minLength: 2, maxLength: 64 }), (values) => {
          const sorted = Float32Array.from(values).sort();
          const once = rounded(sorted, precision);
          expect(mismatches(rounded(once, precision), once)).toEqual([]);
          for (let i = 1; i < once.length; i++) {
            expect(once[i] ?? NaN).toBeGreaterThanOrEqual(once[i - 1] ?? NaN);
          }
          const negated = rounded(
            sorted.map((v) => -v),
            precision,
          );
          expect(
            mismatches(
              negated,
              once.map((v) => -v),
            ),
          ).toEqual([]);
        }),
        { numRuns: 50 },
      );
    },
  );
});
