// GELU for the wasm backend in one kernel (the op chain is five ops, one of them erf).
import type * as tf from '@tensorflow/tfjs-core';
import { TANH_GELU_CUBIC, TANH_GELU_SCALE } from '../layers';
import { floats, heapOf, input, type KernelArgs } from './heap';

/**
 * erf(x) by Abramowitz & Stegun 7.1.28: 1 − (1 + a₁x + … + a₆x⁶)⁻¹⁶ for x ≥ 0, |error| ≤ 3e-7
 * (below float32's resolution of the GELU it feeds). Polynomial only: no exp, fast in a loop.
 */
export function erf(x: number): number {
  const a = x < 0 ? -x : x;
  // prettier-ignore
  const p = 1 + a * (0.0705230784 + a * (0.0422820123 + a * (0.0092705272 +
                a * (0.0001520143 + a * (0.0002765672 + a * 0.0000430638)))));
  const p2 = p * p;
  const p4 = p2 * p2;
  const p8 = p4 * p4;
  const value = 1 - 1 / (p8 * p8);
  return x < 0 ? -value : value;
}

/** GELU, exact (erf) form: x·Φ(x). */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x * Math.SQRT1_2));
}

/** GELU, tanh approximation (gelu_new / gelu_pytorch_tanh). */
export function geluTanh(x: number): number {
  return 0.5 * x * (1 + Math.tanh(TANH_GELU_SCALE * (x + TANH_GELU_CUBIC * x * x * x)));
}

/**
 * Both GELUs are tabulated on [-LIMIT, LIMIT] at STEPS points per unit and linearly interpolated:
 * |error| ≤ h²/8 · max|gelu''| = (1/512)²/8 · 0.8 ≈ 4e-7, at a quarter of the cost of evaluating
 * erf per element. Outside the range GELU is x (x ≥ 8: Φ(8) = 1 − 6e-16) or 0 (x ≤ −8).
 */
const LIMIT = 8;
const STEPS = 512;
const tables = new Map<(x: number) => number, Float64Array>();

function tableOf(fn: (x: number) => number): Float64Array {
  let table = tables.get(fn);
  if (table === undefined) {
    table = Float64Array.from({ length: 2 * LIMIT * STEPS + 2 }, (_, i) => fn(-LIMIT + i / STEPS));
    tables.set(fn, table);
  }
  return table;
}

/** The activation elementwise: attrs.act is 'gelu' (erf) or 'gelu_tanh'. NaN stays NaN. */
export function activate(args: KernelArgs): tf.TensorInfo {
  const backend = heapOf(args);
  const x = input(args, 'x');
  const out = backend.makeOutput([...x.shape], 'float32');
  const o = floats(backend, out);
  const v = floats(backend, x);
  const fn = args.attrs?.act === 'gelu' ? gelu : geluTanh;
  const table = tableOf(fn);
  for (let i = 0; i < o.length; i++) {
    const xi = v[i] as number;
    if (xi > -LIMIT && xi < LIMIT) {
      const at = (xi + LIMIT) * STEPS;
      const j = at | 0;
      const below = table[j] as number;
      o[i] = below + ((table[j + 1] as number) - below) * (at - j);
    } else {
      o[i] = xi >= LIMIT ? xi : xi <= -LIMIT ? fn(xi) : xi; // fn keeps -∞ → NaN as torch; NaN → NaN
    }
  }
  return out;
}
