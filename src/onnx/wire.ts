/**
 * A minimal protocol-buffers wire-format reader, enough for the ONNX fields maskscope reads
 * (https://protobuf.dev/programming-guides/encoding/). Hand-written rather than a generated
 * protobuf stack: we read a dozen fields of five messages, skip the rest without copying (a
 * 400 MB model's weights are never decoded), and ship no codegen or runtime to the browser.
 */

/** Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit. */
export type WireType = 0 | 1 | 2 | 5;

/** One field of a message: its number, wire type, and either a varint value or a byte range. */
export interface WireField {
  readonly field: number;
  readonly wire: WireType;
  /** The varint's value (wire 0); 0 otherwise. int64 beyond ±2^53 loses precision. */
  readonly value: number;
  /** [start, end) of the payload in the buffer (wire 1, 2, 5; empty for wire 0). */
  readonly start: number;
  readonly end: number;
  /** Offset of the field's key: bytes[at, end) is the whole field, as written. */
  readonly at: number;
}

/** A malformed or truncated protobuf message. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/**
 * Reads the varint at `offset`: [value, next offset]. int64s are two's complement, so -1 is ten
 * bytes; values past ±2^53 lose precision (dims and attributes never get there).
 */
export function readVarint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new WireError(`varint runs past the end at byte ${offset}.`);
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, offset + i + 1];
    scale *= 128;
  }
  return readLongVarint(bytes, offset);
}

// Past 49 bits float arithmetic would round before the sign is known: decode as a BigInt.
function readLongVarint(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new WireError(`varint runs past the end at byte ${offset}.`);
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return [Number(BigInt.asIntN(64, value)), offset + i + 1];
  }
  throw new WireError(`varint longer than ten bytes at byte ${offset}.`);
}

/** Calls `visit` for each field of the message in bytes[start, end), in order. */
export function forEachField(
  bytes: Uint8Array,
  visit: (field: WireField) => void,
  start = 0,
  end = bytes.length,
): void {
  let offset = start;
  while (offset < end) {
    const [key, afterKey] = readVarint(bytes, offset);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value = 0;
    let payloadStart = afterKey;
    let next: number;
    if (wire === 0) {
      [value, next] = readVarint(bytes, afterKey);
      payloadStart = next;
    } else if (wire === 1 || wire === 5) {
      next = afterKey + (wire === 1 ? 8 : 4);
    } else if (wire === 2) {
      const [length, afterLength] = readVarint(bytes, afterKey);
      payloadStart = afterLength;
      next = afterLength + length;
    } else {
      throw new WireError(`unsupported wire type ${wire} of field ${field} at byte ${offset}.`);
    }
    if (next > end || field === 0) {
      throw new WireError(`field ${field} at byte ${offset} runs past its message's end.`);
    }
    visit({ field, wire, value, start: payloadStart, end: next, at: offset });
    offset = next;
  }
}

const decoder = new TextDecoder();

/** A length-delimited field as UTF-8 text. */
export function readString(bytes: Uint8Array, field: WireField): string {
  return decoder.decode(bytes.subarray(field.start, field.end));
}

/** A repeated integer field: one varint (wire 0), or a packed run of varints (wire 2). */
export function readInts(bytes: Uint8Array, field: WireField): number[] {
  if (field.wire === 0) return [field.value];
  const values: number[] = [];
  let offset = field.start;
  while (offset < field.end) {
    const [value, next] = readVarint(bytes, offset);
    values.push(value);
    offset = next;
  }
  return values;
}

/** `value` (a non-negative integer below 2^53) as a protobuf varint: 7 bits a byte, low first. */
export function encodeVarint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}
