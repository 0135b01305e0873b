/**
 * onnxruntime-web for Node: loaded on first use (the `check` command never pays for it), its
 * wasm files read from node_modules/onnxruntime-web/dist, one thread, nothing from the network.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OrtModule } from '../onnx/ortRunner';

/** Imports onnxruntime-web and points its wasm at the installed package. */
export async function loadOrtForNode(): Promise<OrtModule> {
  const ort = await import('onnxruntime-web');
  const entry = createRequire(import.meta.url).resolve('onnxruntime-web');
  ort.env.wasm.wasmPaths = `${pathToFileURL(dirname(entry)).href}/`;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return ort;
}
