// GELU for the wasm backend in one kernel (the op chain is five ops, one of them erf).
import type * as tf from '@tensorflow/tfjs-core';
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

const TANH_GELU_SCALE = Math.sqrt(2 / Math.PI);

/** The activation elementwise: attrs.act is 'gelu' (erf) or 'gelu_tanh'. */
export function activate(args: KernelArgs): tf.TensorInfo {
  const backend = heapOf(args);
  const x = input(args, 'x');
  const out = backend.makeOutput([...x.shape], 'float32');
  const o = floats(backend, out);
  const v = floats(backend, x);
  if (args.attrs?.act === 'gelu') {
    for (let i = 0; i < o.length; i++) {
      const xi = v[i] as number;
      o[i] = 0.5 * xi * (1 + erf(xi * Math.SQRT1_2));
    }
  } else {
    for (let i = 0; i < o.length; i++) {
      const xi = v[i] as number;
      o[i] = 0.5 * xi * (1 + Math.tanh(TANH_GELU_SCALE * (xi + 0.044715 * xi * xi * xi)));
    }
  }
  return out;
}
