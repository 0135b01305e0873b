/**
 * Dumps written as JSON: a nested array (`json.dump(attn.tolist(), f)`), or an object of them
 * (`{"attentions": …, "attention_mask": …}`). null and the strings "NaN", "Infinity" and
 * "-Infinity" stand for the values JSON cannot write. Arrays must be rectangular; nesting is
 * walked without recursion, so a hostile file cannot exhaust the stack. A list of strings named
 * `tokens` (or `labels`, `input_tokens`, `pieces`) labels the positions; other strings and
 * objects are skipped.
 */
import { MAX_ELEMENTS, MAX_RANK, type NamedArray, type ValueKind } from './arrays';
import { describeValue } from '../checkpoint/checkpointError';
import { jsonErrorOffset, lineAndColumn } from '../checkpoint/jsonScan';
import { decodeUtf8 } from '../checkpoint/utf8';
import { DumpError, where } from './dumpError';

/** JSON is for small dumps: past this, .npy or safetensors is the right format. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};

/** True when the text starts (after blanks) with '[' or '{'. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  for (const byte of bytes.subarray(0, 64)) {
    if (byte === 0x5b || byte === 0x7b) return true;
    if (
      byte !== 0x20 &&
      byte !== 0x0a &&
      byte !== 0x0d &&
      byte !== 0x09 &&
      byte !== 0xef &&
      byte !== 0xbb &&
      byte !== 0xbf
    )
      return false;
  }
  return false;
}

/** Names of a list of strings read as position labels. */
const LABEL_NAMES = ['tokens', 'labels', 'input_tokens', 'pieces'];

/** Parses a JSON dump into named arrays ("attentions" for a bare nested array). */
export function parseJsonArrays(bytes: Uint8Array, fileName: string): NamedArray[] {
  return parseJsonDump(bytes, fileName).arrays;
}

/** A JSON dump's arrays, and its position labels when it has a `tokens` list. */
export function parseJsonDump(
  bytes: Uint8Array,
  fileName: string,
): { arrays: NamedArray[]; labels?: string[] } {
  const json = parseJsonText(bytes, fileName);
  if (Array.isArray(json)) return { arrays: [toArray(json, 'attentions', fileName)] };
  if (typeof json !== 'object' || json === null) {
    throw new DumpError(`${fileName}: expected a nested array or an object of nested arrays.`);
  }
  const labels = labelsIn(json as Record<string, unknown>);
  // A second label-named list of words (`labels` beside `tokens`) is text too, so skipped;
  // words under any other name are refused as a non-numeric array.
  const entries = Object.entries(json as Record<string, unknown>).filter(
    ([name, value]) =>
      (Array.isArray(value) &&
        name !== labels?.name &&
        !(LABEL_NAMES.includes(name) && isTextList(value))) ||
      typeof value === 'number',
  );
  if (entries.length === 0) throw new DumpError(`${fileName}: the object holds no arrays.`);
  const arrays = entries.map(([name, value]) => toArray(value, name, fileName));
  return labels === undefined ? { arrays } : { arrays, labels: labels.values };
}

/** A flat list of strings that are not all "NaN"/"Infinity"/"-Infinity": words, not values. */
function isTextList(value: readonly unknown[]): boolean {
  return (
    value.every((item) => typeof item === 'string') &&
    value.some((item) => !Object.hasOwn(NON_FINITE, item))
  );
}

/** The first label-named entry that is a non-empty list of strings. */
function labelsIn(json: Record<string, unknown>): { name: string; values: string[] } | undefined {
  for (const name of LABEL_NAMES) {
    const value = json[name];
    if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((item) => typeof item === 'string')
    ) {
      return { name, values: value };
    }
  }
  return undefined;
}

function parseJsonText(bytes: Uint8Array, fileName: string): unknown {
  if (bytes.length > MAX_JSON_BYTES) {
    throw new DumpError(
      `${fileName}: ${bytes.length} bytes of JSON is more than ${MAX_JSON_BYTES}; save big dumps as .npy, .npz or safetensors.`,
    );
  }
  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') {
    throw new DumpError(`${fileName}: not valid UTF-8 at byte ${text.invalidAt}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const place = lineAndColumn(text, jsonErrorOffset(text) ?? text.length);
    throw new DumpError(`${fileName}: not valid JSON at ${place}: ${reason}.`);
  }
  return json;
}

/** Flattens a rectangular nested array, checking every row against the first's shape. */
function toArray(value: unknown, name: string, fileName: string): NamedArray {
  const at = where(fileName, name);
  const shape: number[] = [];
  for (let probe: unknown = value; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (shape.length > MAX_RANK)
      throw new DumpError(`${at}: nested deeper than ${MAX_RANK} levels.`);
    if (probe.length === 0) break;
  }
  const count = shape.reduce((product, size) => product * size, 1);
  if (count > MAX_ELEMENTS) throw new DumpError(`${at}: more than ${MAX_ELEMENTS} values.`);
  const data = new Float32Array(count);
  let kind: ValueKind = 'int';
  let filled = 0;
  // Depth-first with an explicit stack of (array, depth); leaves are read left to right.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() ?? [null, 0];
    if (depth === shape.length) {
      const number = leafValue(node, at, filled);
      if (typeof node === 'boolean') kind = kind === 'int' ? 'bool' : kind;
      else if (!Number.isInteger(number)) kind = 'float';
      data[filled++] = number;
      continue;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new DumpError(
        `${at}: not rectangular: expected ${shape[depth]} entries at depth ${depth + 1} (shape [${shape.join(', ')}]).`,
      );
    }
    for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], depth + 1]);
  }
  return { name, shape, dtype: 'json', kind, data };
}

function leafValue(node: unknown, at: string, index: number): number {
  if (typeof node === 'number') return node;
  if (typeof node === 'boolean') return node ? 1 : 0;
  if (node === null) return NaN;
  if (typeof node === 'string' && Object.hasOwn(NON_FINITE, node)) return NON_FINITE[node] ?? NaN;
  throw new DumpError(
    `${at}: value ${index} is ${describeValue(node)}, not a number (use null or "NaN" for NaN).`,
  );
}
