/**
 * Handing ONNX Runtime a model without a second copy of its weights. The main graph's large
 * initializers are rewritten to point (data_location EXTERNAL) into the original file's own
 * bytes, which ORT then reads as the "external data file": the proto it parses shrinks to a few
 * kB, and each weight is copied once, into its tensor. Every other field is copied verbatim, so
 * fields newer than this reader survive (no re-encoding from a schema).
 *
 * Without this ORT holds the file three times while it loads (our bytes, its copy of them, its
 * parsed proto) beside the tensors: about 5.6× the model's size at peak for a 392 MB export.
 */
import { encodeVarint, forEachField, type WireField } from './wire';

/** The path the rewritten initializers name; the caller mounts the original bytes under it. */
export const WEIGHTS_PATH = 'maskscope-weights.bin';

/** Initializers whose raw data is smaller stay inline. */
const INLINE_BYTES = 1024;

const encoder = new TextEncoder();

function delimited(field: number, payload: readonly number[]): number[] {
  return [...encodeVarint(field * 8 + 2), ...encodeVarint(payload.length), ...payload];
}

function entry(key: string, value: string): number[] {
  // TensorProto.external_data (13): StringStringEntryProto { key 1, value 2 }.
  return delimited(13, [
    ...delimited(1, [...encoder.encode(key)]),
    ...delimited(2, [...encoder.encode(value)]),
  ]);
}

type Chunk = Uint8Array;

/** A message rewritten field by field: `rewrite` returns new chunks for a field, or null to keep it. */
function rewriteMessage(
  bytes: Uint8Array,
  range: { start: number; end: number },
  rewrite: (field: WireField) => Chunk[] | null,
): Chunk[] {
  const chunks: Chunk[] = [];
  forEachField(
    bytes,
    (f) => {
      const replaced = rewrite(f);
      if (replaced === null) chunks.push(bytes.subarray(f.at, f.end));
      else chunks.push(...replaced);
    },
    range.start,
    range.end,
  );
  return chunks;
}

const lengthOf = (chunks: readonly Chunk[]): number => chunks.reduce((n, c) => n + c.length, 0);

function wrap(field: number, chunks: readonly Chunk[]): Chunk[] {
  return [
    new Uint8Array([...encodeVarint(field * 8 + 2), ...encodeVarint(lengthOf(chunks))]),
    ...chunks,
  ];
}

/** TensorProto without raw_data (9), pointing into the weights file instead. */
function externalTensor(bytes: Uint8Array, tensor: WireField, location: string): Chunk[] {
  let raw: WireField | null = null;
  forEachField(
    bytes,
    (f) => {
      if (f.field === 9 && f.wire === 2) raw = f;
    },
    tensor.start,
    tensor.end,
  );
  const data = raw as WireField | null;
  if (data === null || data.end - data.start < INLINE_BYTES)
    return wrap(5, [bytes.subarray(tensor.start, tensor.end)]);
  const kept = rewriteMessage(bytes, tensor, (f) => (f.field === 9 || f.field === 14 ? [] : null));
  const pointer = new Uint8Array([
    ...entry('location', location),
    ...entry('offset', String(data.start)),
    ...entry('length', String(data.end - data.start)),
    ...encodeVarint(14 * 8),
    1, // data_location = EXTERNAL
  ]);
  return wrap(5, [...kept, pointer]);
}

/**
 * The model's bytes with the main graph's large initializers made external, pointing at their
 * own offsets in `bytes` (mount `bytes` as `location`, WEIGHTS_PATH by default). Small enough to
 * hold beside the model. Weights that are external already are kept as they are.
 */
export function externaliseWeights(bytes: Uint8Array, location = WEIGHTS_PATH): Uint8Array {
  const chunks = rewriteMessage(bytes, { start: 0, end: bytes.length }, (f) => {
    if (f.field !== 7 || f.wire !== 2) return null;
    const graph = rewriteMessage(bytes, f, (g) =>
      g.field === 5 && g.wire === 2 ? externalTensor(bytes, g, location) : null,
    );
    return wrap(7, graph);
  });
  const out = new Uint8Array(lengthOf(chunks));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
