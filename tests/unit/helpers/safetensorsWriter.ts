/** Builds safetensors files in memory for tests (format: 8-byte LE length, JSON header, data). */

/** One tensor to write: its raw little-endian bytes must match dtype × shape. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

/** Little-endian float32 bytes of `values`. */
export function f32Bytes(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  Array.from(values).forEach((value, i) => view.setFloat32(i * 4, value, true));
  return new Uint8Array(view.buffer);
}

/** Little-endian float64 bytes of `values`. */
export function f64Bytes(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  Array.from(values).forEach((value, i) => view.setFloat64(i * 8, value, true));
  return new Uint8Array(view.buffer);
}

/** Little-endian bytes of 16-bit patterns (F16 or BF16 bits). */
export function u16Bytes(bits: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(bits.length * 2));
  Array.from(bits).forEach((value, i) => view.setUint16(i * 2, value, true));
  return new Uint8Array(view.buffer);
}

/** Little-endian int64 bytes (e.g. `position_ids`). */
export function i64Bytes(values: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  Array.from(values).forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  return new Uint8Array(view.buffer);
}

/** A float32 tensor spec. */
export function f32Tensor(
  name: string,
  shape: readonly number[],
  values: ArrayLike<number>,
): TensorSpec {
  return { name, dtype: 'F32', shape, bytes: f32Bytes(values) };
}

/**
 * A file from a header (object or literal JSON text) and a data buffer, with the header
 * length taken from the text unless `declaredLength` overrides it.
 */
export function rawSafetensors(
  header: unknown,
  data: Uint8Array = new Uint8Array(0),
  declaredLength?: bigint,
): Uint8Array<ArrayBuffer> {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const headerBytes = new TextEncoder().encode(text);
  const file = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(file.buffer).setBigUint64(0, declaredLength ?? BigInt(headerBytes.length), true);
  file.set(headerBytes, 8);
  file.set(data, 8 + headerBytes.length);
  return file;
}

/** Options of `writeSafetensors`. */
export interface WriteOptions {
  readonly metadata?: Readonly<Record<string, string>>;
  /** Spaces appended to the header (the format allows them); they shift the data's alignment. */
  readonly headerPadding?: number;
}

/** Writes tensors back to back, in order, into a valid safetensors file. */
export function writeSafetensors(
  tensors: readonly TensorSpec[],
  options: WriteOptions = {},
): Uint8Array<ArrayBuffer> {
  // No prototype: a tensor named "__proto__" must become a key, not replace the prototype.
  const header = Object.create(null) as Record<string, unknown>;
  if (options.metadata !== undefined) {
    header.__metadata__ = options.metadata;
  }
  let offset = 0;
  for (const tensor of tensors) {
    header[tensor.name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + tensor.bytes.length],
    };
    offset += tensor.bytes.length;
  }
  const data = new Uint8Array(offset);
  let cursor = 0;
  for (const tensor of tensors) {
    data.set(tensor.bytes, cursor);
    cursor += tensor.bytes.length;
  }
  return rawSafetensors(JSON.stringify(header) + ' '.repeat(options.headerPadding ?? 0), data);
}
