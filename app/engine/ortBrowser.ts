/**
 * ONNX Runtime Web for the engine worker, loaded on the first dropped model only (the first
 * screen never requests it: tests/browser/onnxLazy.spec.ts). The wasm build's bundle carries its
 * JS glue, so the only other file is the binary, served from the app's own origin (public/ort/,
 * copied by scripts/copyWasm.mjs): the CSP's script-src 'self' 'wasm-unsafe-eval' covers both.
 */
import type { OrtModule } from '../../src/onnx/ortRunner';

/** Where public/ort/ is served. */
const ORT_WASM = '/ort/ort-wasm-simd-threaded.wasm';

let loading: Promise<OrtModule> | null = null;

/** Imports onnxruntime-web's wasm build once and points it at the app's own binary. */
export function loadOrtForBrowser(): Promise<OrtModule> {
  loading ??= import('onnxruntime-web/wasm').then((module) => {
    const ort = module as unknown as OrtModule;
    ort.env.wasm.wasmPaths = { wasm: new URL(ORT_WASM, self.location.href).href };
    // One thread: ORT's own thread pool would start workers from its bundle's URL, which a
    // bundler renames; the padding test of a small export takes well under a second per forward.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    return ort;
  });
  return loading;
}
