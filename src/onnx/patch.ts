/**
 * Making intermediate values (the Softmax outputs) graph outputs, so ONNX Runtime returns them.
 *
 * We append `graph { output { name } … }` to the model's bytes instead of re-encoding the model.
 * Protobuf merges a repeated singular message field into the first and concatenates repeated
 * fields, so the appended outputs join the graph's own; ONNX Runtime honours them. Re-encoding
 * would need the full schema (an old one silently drops newer fields) and a second copy of every
 * weight: about 3× the model's size in memory for a 400 MB model. Appending costs a few bytes.
 */
import { encodeVarint } from './wire';

function lengthDelimited(field: number, payload: readonly number[]): number[] {
  return [...encodeVarint(field * 8 + 2), ...encodeVarint(payload.length), ...payload];
}

/**
 * The bytes to append to a ModelProto so that each of `names` becomes a graph output:
 * ModelProto.graph (7) { GraphProto.output (12) { ValueInfoProto.name (1) } }.
 */
export function outputPatch(names: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  const outputs = names.flatMap((name) =>
    lengthDelimited(12, lengthDelimited(1, [...encoder.encode(name)])),
  );
  return new Uint8Array(lengthDelimited(7, outputs));
}

/** A copy of the model's bytes with `names` appended as graph outputs (see outputPatch). */
export function withOutputs(model: Uint8Array, names: readonly string[]): Uint8Array {
  const patch = outputPatch(names);
  const out = new Uint8Array(model.length + patch.length);
  out.set(model);
  out.set(patch, model.length);
  return out;
}
