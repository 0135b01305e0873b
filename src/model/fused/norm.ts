// LayerNorm kernels for the wasm backend: the embeddings' sum and norm, and the post-LN
// "add & norm", each one kernel instead of ~10 ops.
import type * as tf from '@tensorflow/tfjs-core';
import { floats, heapOf, input, ints, numberAttr, type KernelArgs } from './heap';

/**
 * LayerNorm, in place, of `rows` rows of width `width` (`out` already holds the input), with
 * torch.nn.LayerNorm's biased variance; mean and variance are accumulated in float64.
 */
function normaliseRows(
  out: Float32Array,
  width: number,
  gamma: Float32Array,
  beta: Float32Array,
  eps: number,
): void {
  for (let start = 0; start < out.length; start += width) {
    let sum = 0;
    for (let c = 0; c < width; c++) sum += out[start + c] as number;
    const mean = sum / width;
    let squares = 0;
    for (let c = 0; c < width; c++) {
      const d = (out[start + c] as number) - mean;
      squares += d * d;
    }
    const scale = 1 / Math.sqrt(squares / width + eps);
    for (let c = 0; c < width; c++) {
      const normalised = ((out[start + c] as number) - mean) * scale;
      out[start + c] = normalised * (gamma[c] as number) + (beta[c] as number);
    }
  }
}

/**
 * LayerNorm(words[ids] + positions[positionIds] + types[typeIds]): [N, D]. An index outside
 * its table throws (the encoder validates ids first; this keeps a bad one from reading the heap).
 */
export function embedNorm(args: KernelArgs): tf.TensorInfo {
  const backend = heapOf(args);
  const tableInfos = ['words', 'positions', 'types'].map((name) => input(args, name));
  const indexInfos = ['ids', 'positionIds', 'typeIds'].map((name) => input(args, name));
  const rows = indexInfos[0]?.shape[0] ?? 0;
  const width = tableInfos[0]?.shape[1] ?? 0;
  const out = backend.makeOutput([rows, width], 'float32');
  const o = floats(backend, out);
  const tables = tableInfos.map((info) => ({
    values: floats(backend, info),
    rows: info.shape[0] ?? 0,
  }));
  const indices = indexInfos.map((info) => ints(backend, info));
  tables.forEach((table, t) => {
    const index = indices[t] as Int32Array;
    for (let r = 0; r < rows; r++) {
      const row = index[r] as number;
      if (!(row >= 0 && row < table.rows)) {
        throw new RangeError(`embedNorm: index ${row} is outside a table of ${table.rows} rows`);
      }
      const from = row * width;
      const to = r * width;
      if (t === 0) o.set(table.values.subarray(from, from + width), to);
      else
        for (let c = 0; c < width; c++)
          o[to + c] = (o[to + c] as number) + (table.values[from + c] as number);
    }
  });
  const gamma = floats(backend, input(args, 'gamma'));
  normaliseRows(o, width, gamma, floats(backend, input(args, 'beta')), numberAttr(args, 'eps'));
  return out;
}

/** LayerNorm(x + residual), or LayerNorm(x) when no residual is given: [N, D]. */
export function addNorm(args: KernelArgs): tf.TensorInfo {
  const backend = heapOf(args);
  const x = input(args, 'x');
  const residual = args.inputs.residual;
  const [rows = 0, width = 0] = x.shape;
  const out = backend.makeOutput([rows, width], 'float32');
  const o = floats(backend, out);
  const a = floats(backend, x);
  if (residual === undefined) {
    o.set(a);
  } else {
    const b = floats(backend, residual);
    for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) + (b[i] as number);
  }
  const gamma = floats(backend, input(args, 'gamma'));
  normaliseRows(o, width, gamma, floats(backend, input(args, 'beta')), numberAttr(args, 'eps'));
  return out;
}
