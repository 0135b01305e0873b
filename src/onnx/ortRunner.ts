/**
 * Running a patched model with onnxruntime-web (wasm, or WebGPU in a browser that has it). The
 * ORT module is passed in, never imported here, so the page loads it only when a model is
 * dropped and Node points it at node_modules (see cli/ortNode.ts).
 */
import type * as Ort from 'onnxruntime-web';
import type { ExternalFile } from './externalData';
import type { FeedTensor } from './feeds';
import type { OutputTensor } from './measure';
import type { RunModel } from './paddingTest';

/** The onnxruntime-web module, as `import('onnxruntime-web')` gives it. */
export type OrtModule = typeof Ort;

/** An open model: run it, then release it. */
export interface OpenModel {
  readonly run: RunModel;
  readonly release: () => Promise<void>;
}

/**
 * Opens model bytes (already patched with the tap outputs) on ORT's wasm backend;
 * `externalData` gives, once, the files its external weights name (the original file under WEIGHTS_PATH
 * when `bytes` came from externaliseWeights, and any `.onnx_data` of the export). Graph
 * optimisation stays at 'basic': the extended level fuses attention and would remove the Softmax
 * nodes we tap.
 */
export async function openModel(
  ort: OrtModule,
  bytes: Uint8Array,
  executionProviders: readonly string[] = ['wasm'],
  externalData: () => readonly ExternalFile[] = () => [],
): Promise<OpenModel> {
  // The files are taken inside the call, so that nothing here holds them once ORT has its copy.
  const session = await ort.InferenceSession.create(
    bytes,
    sessionOptions(executionProviders, externalData()),
  );
  const run: RunModel = async (feeds) => {
    const inputs: Record<string, Ort.Tensor> = {};
    for (const [name, feed] of feeds) inputs[name] = toOrt(ort, feed);
    const results = await session.run(inputs);
    const out = new Map<string, OutputTensor>();
    for (const [name, tensor] of Object.entries(results)) {
      out.set(name, { dims: [...tensor.dims], data: toFloat32(tensor.data) });
      tensor.dispose();
    }
    return out;
  };
  return { run, release: () => session.release() };
}

function sessionOptions(
  executionProviders: readonly string[],
  externalData: readonly ExternalFile[],
): Ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'basic',
    // Pre-packing copies MatMul weights into MLAS's layout beside the originals: peak memory 3.15
    // → 2.9× the model's size on a 392 MB export, and no slower there (bench/onnxBench.mjs).
    extra: { session: { disable_prepacking: '1' } },
    executionProviders: [...executionProviders],
    ...(externalData.length === 0 ? {} : { externalData: [...externalData] }),
  };
}

function toOrt(ort: OrtModule, feed: FeedTensor): Ort.Tensor {
  const dims = [...feed.dims];
  switch (feed.type) {
    case 'int64':
      return new ort.Tensor('int64', feed.data as BigInt64Array, dims);
    case 'int32':
      return new ort.Tensor('int32', feed.data as Int32Array, dims);
    case 'bool':
      return new ort.Tensor('bool', feed.data as Uint8Array, dims);
    case 'float64':
      return new ort.Tensor('float64', feed.data as Float64Array, dims);
    case 'float32':
      return new ort.Tensor('float32', feed.data as Float32Array, dims);
  }
}

function toFloat32(data: Ort.Tensor['data']): Float32Array {
  if (data instanceof Float32Array) return data.slice();
  if (Array.isArray(data)) return new Float32Array(data.length).fill(NaN); // string tensors
  return Float32Array.from(data as ArrayLike<number | bigint>, Number);
}
