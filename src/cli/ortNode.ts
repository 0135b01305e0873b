/**
 * onnxruntime-web for Node: loaded on first use (the `check` command never pays for it), its
 * wasm files read from node_modules/onnxruntime-web/dist, one thread, nothing from the network.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OrtModule } from '../onnx/ortRunner';

/** The onnxruntime-web release the ONNX code is tested with (package.json pins it). */
const ORT_VERSION = '1.30.0';

/** Imports onnxruntime-web and points its wasm at the installed package. */
export async function loadOrtForNode(): Promise<OrtModule> {
  let ort: OrtModule;
  let entry: string;
  try {
    ort = await import('onnxruntime-web');
    entry = createRequire(import.meta.url).resolve('onnxruntime-web');
  } catch {
    // An optional peer: `check` and `convention` users do not download its 139 MB.
    throw new Error(
      `maskscope model runs ONNX Runtime Web, which is not installed here: npm install onnxruntime-web@${ORT_VERSION}`,
    );
  }
  ort.env.wasm.wasmPaths = `${pathToFileURL(dirname(entry)).href}/`;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  return ort;
}
