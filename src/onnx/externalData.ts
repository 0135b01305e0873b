/**
 * Weights in external data files (`torch.onnx.export(..., large_model)` / onnx's
 * `save_model(..., save_as_external_data=True)` write `model.onnx_data` beside `model.onnx`):
 * which files a model names, checked to be plain names beside it, and the size limit.
 */
import { forEachField, readString, type WireField } from './wire';

/**
 * The most model plus external weights maskscope opens: ONNX Runtime Web runs in 32-bit
 * WebAssembly, whose 4 GB memory must hold every weight once plus the activations and taps of
 * the padding test; and one protobuf file cannot pass 2 GB at all.
 */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

/** Why a model of `bytes` bytes (external data included) is refused, or null when it is not. */
export function sizeRefusal(bytes: number): string | null {
  if (bytes <= MAX_MODEL_BYTES) return null;
  const gb = (bytes / 1024 ** 3).toFixed(2);
  return `the model and its weights are ${gb} GB, over maskscope's 2 GB limit: ONNX Runtime Web runs in 32-bit WebAssembly (4 GB of memory), which must hold every weight plus the padding test's activations and taps. Test a smaller configuration of the same architecture (fewer layers or a narrower width): padding bugs do not depend on size.`;
}

function subFields(bytes: Uint8Array, range: WireField, visit: (f: WireField) => void): void {
  forEachField(bytes, visit, range.start, range.end);
}

/** The `location` of one TensorProto's external_data (13: { key 1, value 2 }), or null. */
function locationOf(bytes: Uint8Array, tensor: WireField): string | null {
  let location: string | null = null;
  subFields(bytes, tensor, (f) => {
    if (f.field !== 13 || f.wire !== 2) return;
    let key = '';
    let value = '';
    subFields(bytes, f, (entry) => {
      if (entry.wire !== 2) return;
      if (entry.field === 1) key = readString(bytes, entry);
      else if (entry.field === 2) value = readString(bytes, entry);
    });
    if (key === 'location') location = value;
  });
  return location;
}

/**
 * The external data files the main graph's initializers name (ModelProto.graph 7 →
 * GraphProto.initializer 5), each once, in order of first use.
 */
export function externalDataFiles(bytes: Uint8Array): string[] {
  const files = new Set<string>();
  forEachField(bytes, (f) => {
    if (f.field !== 7 || f.wire !== 2) return;
    subFields(bytes, f, (g) => {
      if (g.field !== 5 || g.wire !== 2) return;
      const location = locationOf(bytes, g);
      if (location !== null) files.add(location);
    });
  });
  return [...files];
}

/**
 * Throws unless `location` is a plain file name or relative path inside the model's folder
 * (no absolute path, no `..`): a model file must not make maskscope read elsewhere.
 */
export function checkLocation(location: string): void {
  const parts = location.split(/[\\/]/);
  if (location === '' || /^([\\/]|[A-Za-z]:)/.test(location) || parts.includes('..')) {
    throw new Error(
      `the model names its external weights "${location}", outside the model's folder: only files beside the model are read.`,
    );
  }
}

/**
 * A model file's bytes, or a function that gives them. Given a function, `checkModel` keeps no
 * reference to the bytes once ONNX Runtime has copied the weights into its tensors, so a caller
 * that holds none either (`handOver`) lets them be freed before the test runs: the peak is then
 * lower by the model's size than with the bytes held throughout.
 */
export type ModelBytes = Uint8Array | (() => Uint8Array);

/** The bytes of `source`, read (or handed over) now. */
export const bytesOf = (source: ModelBytes): Uint8Array =>
  typeof source === 'function' ? source() : source;

/** A function that gives `value` once and then forgets it, so that it can be freed. */
export function handOver<T>(value: T): () => T {
  let held: { value: T } | null = { value };
  return () => {
    if (held === null) throw new Error('a model file was handed over twice');
    const given = held.value;
    held = null;
    return given;
  };
}

/** An external data file as ONNX Runtime takes it: the name the model uses, and its bytes. */
export interface ExternalFile {
  readonly path: string;
  readonly data: Uint8Array;
}

/**
 * The external data files model `bytes` needs, taken from `given` (by the name the model uses);
 * throws with the reason when one is missing, lies outside the model's folder, when a weight is
 * marked external without a file, or when the whole is over MAX_MODEL_BYTES.
 */
export function externalDataFor(
  bytes: Uint8Array,
  markedExternal: readonly string[],
  given: ReadonlyMap<string, ModelBytes>,
): ExternalFile[] {
  const files = externalDataFiles(bytes);
  if (files.length === 0 && markedExternal.length > 0) {
    throw new Error(
      `${markedExternal[0]}: the weight is marked as external data but names no file to read it from.`,
    );
  }
  const found = files.map((path) => {
    checkLocation(path);
    const source = given.get(path);
    if (source === undefined) {
      throw new Error(
        `the weights live in the external data file "${path}", which was not found beside the model: keep it in the same folder as the .onnx (in the app, drop both files together).`,
      );
    }
    return { path, data: bytesOf(source) };
  });
  const refusal = sizeRefusal(found.reduce((n, f) => n + f.data.length, bytes.length));
  if (refusal !== null) throw new Error(refusal);
  return found;
}
