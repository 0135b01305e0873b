import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/checkpoint/checkpointError';
import { parseSafetensors } from '../../src/checkpoint/safetensors';
import type { DenseTensor } from '../../src/checkpoint/types';
import {
  f32Bytes,
  f64Bytes,
  i64Bytes,
  rawSafetensors,
  u16Bytes,
  writeSafetensors,
  type TensorSpec,
} from './helpers/safetensorsWriter';
import { float16Reference } from './helpers/float16Reference';

const RUNS = { numRuns: 1_000 };
const FILE = 'model.safetensors';

/** Parses, requiring that any failure is a CheckpointError; returns null on failure. */
function parseOrCheckpointError(bytes: Uint8Array): Map<string, DenseTensor> | null {
  try {
    return parseSafetensors(bytes, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return null;
  }
}

/** A float32 result never holds more elements than the file has bytes: no huge allocation. */
function expectBoundedBy(tensors: Map<string, DenseTensor>, fileBytes: number): void {
  const elements = [...tensors.values()].reduce((sum, tensor) => sum + tensor.data.length, 0);
  expect(elements).toBeLessThanOrEqual(fileBytes);
}

interface GeneratedTensor {
  readonly spec: TensorSpec;
  /** What the parser must return for it (null: skipped integer tensor). */
  readonly expected: Float32Array | null;
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });

function numel(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** A random tensor of a random dtype with its expected float32 decoding. */
const tensorArb = (name: string): fc.Arbitrary<GeneratedTensor> =>
  shapeArb.chain((shape) => {
    const n = numel(shape);
    const bits16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: n, maxLength: n });
    const doubles = fc.array(fc.double(), { minLength: n, maxLength: n });
    return fc.oneof(
      fc.array(fc.float(), { minLength: n, maxLength: n }).map((values) => ({
        spec: { name, dtype: 'F32', shape, bytes: f32Bytes(values) },
        expected: Float32Array.from(values),
      })),
      doubles.map((values) => ({
        spec: { name, dtype: 'F64', shape, bytes: f64Bytes(values) },
        expected: Float32Array.from(values),
      })),
      bits16.map((bits) => ({
        spec: { name, dtype: 'BF16', shape, bytes: u16Bytes(bits) },
        expected: new Float32Array(Uint32Array.from(bits, (b) => (b << 16) >>> 0).buffer),
      })),
      bits16.map((bits) => ({
        spec: { name, dtype: 'F16', shape, bytes: u16Bytes(bits) },
        expected: Float32Array.from(bits, float16Reference),
      })),
      fc.array(fc.integer(), { minLength: n, maxLength: n }).map((values) => ({
        spec: { name, dtype: 'I64', shape, bytes: i64Bytes(values) },
        expected: null,
      })),
    );
  });

const filesArb = fc
  .uniqueArray(
    fc.string({ minLength: 1, maxLength: 12 }).filter((name) => name !== '__metadata__'),
    { maxLength: 5 },
  )
  .chain((names) => fc.tuple(...names.map(tensorArb)))
  .chain((tensors) =>
    fc.record({
      tensors: fc.constant(tensors),
      // Every alignment of the data buffer modulo 8.
      headerPadding: fc.integer({ min: 0, max: 7 }),
    }),
  );

describe('parseSafetensors on random input', () => {
  it('never fails with anything but a CheckpointError on random bytes', () => {
    const withPlausibleLength = fc
      .uint8Array({ maxLength: 64 })
      .map((tail) => rawSafetensors(new TextDecoder().decode(tail)));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 128 }), withPlausibleLength), (bytes) => {
        const tensors = parseOrCheckpointError(bytes);
        if (tensors !== null) {
          expectBoundedBy(tensors, bytes.length);
        }
      }),
      RUNS,
    );
  });

  it('round-trips random tensors of every dtype through the writer', () => {
    fc.assert(
      fc.property(filesArb, ({ tensors, headerPadding }) => {
        const file = writeSafetensors(
          tensors.map((t) => t.spec),
          { headerPadding },
        );
        const parsed = parseSafetensors(file, FILE);
        for (const { spec, expected } of tensors) {
          const got = parsed.get(spec.name);
          if (spec.dtype === 'I64') {
            expect(got).toBeUndefined();
            continue;
          }
          expect(got?.shape).toEqual(spec.shape);
          expect(got?.data).toHaveLength(numel(spec.shape));
          const wrong = Array.from(expected ?? [], (_value, i) => i).filter(
            (i) => !Object.is(got?.data[i], expected?.[i]),
          );
          expect(wrong).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('rejects every truncation of a valid file with a CheckpointError', () => {
    const truncated = filesArb
      .filter(({ tensors }) => tensors.some((t) => t.spec.bytes.length > 0))
      .chain(({ tensors }) => {
        const file = writeSafetensors(tensors.map((t) => t.spec));
        return fc.integer({ min: 0, max: file.length - 1 }).map((length) => file.slice(0, length));
      });
    fc.assert(
      fc.property(truncated, (bytes) => {
        expect(() => parseSafetensors(bytes, FILE)).toThrow(CheckpointError);
      }),
      RUNS,
    );
  });
});

/** Values a hostile header might put anywhere. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    2 ** 60,
    2 ** 64,
    -1,
    0.5,
    Number.MAX_SAFE_INTEGER,
    1e308,
    '4',
    null,
    true,
    [],
    {},
  ),
  fc.integer({ min: -8, max: 300 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 2 ** 31 }), fc.constant(2 ** 60)), { maxLength: 4 }),
  fc.string({ maxLength: 6 }),
);

const mutatedFile = fc
  .record({
    field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'entry'),
    tensor: fc.constantFrom('a', 'b'),
    value: hostileValue,
    declaredLength: fc.option(
      fc.oneof(fc.bigInt({ min: 0n, max: 200n }), fc.constantFrom(2n ** 60n, 2n ** 64n - 1n)),
    ),
  })
  .map(({ field, tensor, value, declaredLength }) => {
    const header: Record<string, Record<string, unknown>> = {
      a: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
      b: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
    };
    if (field === 'entry') {
      (header as Record<string, unknown>)[tensor] = value;
    } else {
      (header[tensor] ?? {})[field] = value;
    }
    return rawSafetensors(header, new Uint8Array(22), declaredLength ?? undefined);
  });

describe('parseSafetensors on mutated headers', () => {
  it('only ever throws CheckpointError and never allocates beyond the file size', () => {
    fc.assert(
      fc.property(mutatedFile, (bytes) => {
        const tensors = parseOrCheckpointError(bytes);
        if (tensors !== null) {
          expectBoundedBy(tensors, bytes.length);
        }
      }),
      RUNS,
    );
  });
});
