/**
 * Reading and validating a safetensors header (https://github.com/huggingface/safetensors):
 * an 8-byte little-endian u64 N, N bytes of UTF-8 JSON `{ name: { dtype, shape,
 * data_offsets: [begin, end] }, "__metadata__"?: {…} }`, then the data buffer. Everything
 * is checked against the file's real size before any tensor is allocated.
 *
 * What the reference Rust reader (`safetensors/src/tensor.rs`) refuses is refused here too, so
 * a file maskscope reads is one Hugging Face loads: a header over 100,000,000 bytes, a non-string
 * `__metadata__` value (null is accepted: an absent Option), a shape or offset that is not a u64
 * as written (`1.0`, `2e0`, 2^64), a shape whose size overflows u64 even when a later dimension
 * is 0, and data bytes that no tensor covers (gaps, trailing bytes). Whitespace
 * around the JSON is allowed, as there: writers pad the header to align the data. A name given
 * twice is refused outright (serde keeps the last one, and the Rust reader then fails on the
 * bytes the dropped entry left uncovered, or reads the wrong tensor if both share the bytes).
 */
import { bytesPerElement } from './dtypes';
import { CheckpointError, describeValue } from './checkpointError';
import {
  firstDuplicateKey,
  jsonErrorOffset,
  lineAndColumn,
  NOT_U64_KEY,
  quoteNonU64,
} from './jsonScan';
import { decodeUtf8 } from './utf8';

/** Size of the u64 header-length prefix. */
const LENGTH_PREFIX_BYTES = 8;
/** The reference reader's MAX_HEADER_SIZE. */
const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

/** One validated tensor entry; offsets are relative to the start of the data buffer. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** A validated header: its entries in file order and where the data buffer starts. */
export interface SafetensorsHeader {
  readonly entries: readonly HeaderEntry[];
  /** Absolute byte offset of the data buffer (8 + header length). */
  readonly dataStart: number;
  /** The free-form `__metadata__` object, if any (string values only, as the format says). */
  readonly metadata: Readonly<Record<string, unknown>> | null;
}

type JsonObject = Readonly<Record<string, unknown>>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeIntegerList(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0)
  );
}

const U64_MAX = 2n ** 64n - 1n;

/**
 * Bytes a tensor of `shape` needs, folded left to right with the reference reader's checked
 * u64 arithmetic: null when the element count or the byte count passes 2^64 − 1 (its
 * ValidationOverflow), even when a later dimension is 0.
 */
function checkedByteCount(shape: readonly number[], bytesPerItem: number): bigint | null {
  let count = 1n;
  for (const dim of shape) {
    count *= BigInt(dim);
    if (count > U64_MAX) return null;
  }
  const bytes = count * BigInt(bytesPerItem);
  return bytes > U64_MAX ? null : bytes;
}

/** The number as written when `list` holds one that is not a u64 (see quoteNonU64). */
function nonU64Item(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const item of list as unknown[]) {
    if (isJsonObject(item) && typeof item[NOT_U64_KEY] === 'string') return item[NOT_U64_KEY];
  }
  return undefined;
}

function readHeaderJson(bytes: Uint8Array, fileName: string): { json: unknown; dataStart: number } {
  if (bytes.length < LENGTH_PREFIX_BYTES) {
    throw new CheckpointError(
      `${fileName}: the file is ${bytes.length} bytes, too short for the 8-byte header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Read as BigInt: a hostile length such as 2^60 must be refused, not rounded or allocated.
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    throw new CheckpointError(
      `${fileName}: the header is ${declared} bytes, more than the 100,000,000 the reference safetensors reader accepts`,
    );
  }
  const available = bytes.length - LENGTH_PREFIX_BYTES;
  if (declared > BigInt(available)) {
    throw new CheckpointError(
      `${fileName}: header longer than the file (header length ${declared} bytes, ${available} bytes after the length)`,
    );
  }
  const dataStart = LENGTH_PREFIX_BYTES + Number(declared);
  const text = decodeUtf8(bytes.subarray(LENGTH_PREFIX_BYTES, dataStart));
  if (typeof text !== 'string') {
    throw new CheckpointError(
      `${fileName}: the header is not valid UTF-8 at byte ${LENGTH_PREFIX_BYTES + text.invalidAt} of the file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text) ?? text.length;
    const byte = LENGTH_PREFIX_BYTES + new TextEncoder().encode(text.slice(0, offset)).length;
    throw new CheckpointError(
      `${fileName}: the header is not valid JSON at byte ${byte} of the file (${lineAndColumn(text, offset)} of the header)`,
      { cause: error },
    );
  }
  // serde reads shape and data_offsets as u64: `1.0`, `2e0` and 2^64 are refused, not rounded.
  const strict = quoteNonU64(text);
  if (strict !== null) json = JSON.parse(strict);
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new CheckpointError(
      `${fileName}: ${duplicate === METADATA_KEY ? '' : 'tensor '}${JSON.stringify(duplicate)} appears twice in the header`,
    );
  }
  return { json, dataStart };
}

function validateEntry(name: string, value: unknown, dataBytes: number, file: string): HeaderEntry {
  const where = `${file}: tensor ${JSON.stringify(name)}`;
  if (!isJsonObject(value)) {
    throw new CheckpointError(`${where}: expected an object with dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  const size = typeof dtype === 'string' ? bytesPerElement(dtype) : undefined;
  if (typeof dtype !== 'string' || size === undefined) {
    throw new CheckpointError(
      `${where}: unsupported dtype ${describeValue(dtype)} (expected F32, F16, BF16, F64 or an integer type)`,
    );
  }
  for (const [field, list] of [
    ['shape', shape],
    ['data_offsets', offsets],
  ] as const) {
    const written = nonU64Item(list);
    if (written !== undefined) {
      throw new CheckpointError(
        `${where}: ${field} holds ${written}, not an unsigned 64-bit integer (the reference reader refuses floats such as 1.0 and values from 2^64)`,
      );
    }
  }
  if (!isNonNegativeIntegerList(shape)) {
    throw new CheckpointError(
      `${where}: shape must be a list of non-negative integers, got ${describeValue(shape)}`,
    );
  }
  if (!isNonNegativeIntegerList(offsets) || offsets.length !== 2) {
    throw new CheckpointError(
      `${where}: data_offsets must be two non-negative integers, got ${describeValue(offsets)}`,
    );
  }
  const [begin = 0, end = 0] = offsets;
  if (begin > end) {
    throw new CheckpointError(`${where}: data_offsets [${begin}, ${end}] are reversed`);
  }
  if (end > dataBytes) {
    throw new CheckpointError(
      `${where}: data_offsets [${begin}, ${end}] exceed the data buffer (${dataBytes} bytes)`,
    );
  }
  const counted = checkedByteCount(shape, size);
  if (counted === null) {
    throw new CheckpointError(
      `${where}: shape [${shape.join(', ')}] of ${dtype} overflows: its size passes 2^64 bytes (the reference reader refuses it, ValidationOverflow)`,
    );
  }
  const needed = counted > BigInt(dataBytes) ? Infinity : Number(counted);
  if (needed !== end - begin) {
    const neededText = Number.isFinite(needed) ? `${needed} bytes` : 'more bytes than the file';
    throw new CheckpointError(
      `${where}: shape [${shape.join(', ')}] of ${dtype} needs ${neededText} but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape: Object.freeze([...shape]), begin, end };
}

/** Like the reference reader: sorted by offsets, the tensors must tile the data buffer exactly. */
function checkCoverage(entries: readonly HeaderEntry[], dataBytes: number, file: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let previous: HeaderEntry | undefined;
  for (const current of sorted) {
    const covered = previous?.end ?? 0;
    if (previous !== undefined && current.begin < covered) {
      throw new CheckpointError(
        `${file}: tensors ${JSON.stringify(previous.name)} [${previous.begin}, ${previous.end}] and ${JSON.stringify(current.name)} [${current.begin}, ${current.end}] overlap`,
      );
    }
    if (current.begin > covered) {
      const where =
        previous === undefined
          ? `before ${JSON.stringify(current.name)}`
          : `between ${JSON.stringify(previous.name)} and ${JSON.stringify(current.name)}`;
      throw uncoveredError(file, covered, current.begin, where);
    }
    previous = current;
  }
  const covered = previous?.end ?? 0;
  if (covered < dataBytes) {
    const where =
      previous === undefined ? 'the header lists none' : `after ${JSON.stringify(previous.name)}`;
    throw uncoveredError(file, covered, dataBytes, where);
  }
}

function uncoveredError(file: string, begin: number, end: number, where: string): CheckpointError {
  return new CheckpointError(
    `${file}: bytes [${begin}, ${end}) of the data buffer belong to no tensor (${where})`,
  );
}

function checkMetadata(value: unknown, file: string): JsonObject {
  if (!isJsonObject(value)) {
    throw new CheckpointError(`${file}: __metadata__ must be an object`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new CheckpointError(
        `${file}: __metadata__ ${JSON.stringify(key)} is ${describeValue(item)}, expected a string (safetensors metadata holds strings only)`,
      );
    }
  }
  return value;
}

/** Parses and validates the header of a safetensors file; throws `CheckpointError`. */
export function readSafetensorsHeader(bytes: Uint8Array, fileName: string): SafetensorsHeader {
  const { json, dataStart } = readHeaderJson(bytes, fileName);
  if (!isJsonObject(json)) {
    throw new CheckpointError(
      `${fileName}: the header must be a JSON object, got ${describeValue(json)}`,
    );
  }
  const dataBytes = bytes.length - dataStart;
  const entries: HeaderEntry[] = [];
  let metadata: JsonObject | null = null;
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) {
      // The reference reader's metadata is an Option: null is None, as if it were absent.
      metadata = value === null ? null : checkMetadata(value, fileName);
    } else {
      entries.push(validateEntry(name, value, dataBytes, fileName));
    }
  }
  checkCoverage(entries, dataBytes, fileName);
  return { entries, dataStart, metadata };
}
