/**
 * A checkpoint that cannot be used. The message names the file, the tensor or field, and
 * what was expected (`model.safetensors: tensor "bert.pooler.dense.weight": data_offsets
 * [10, 99] exceed the data buffer (64 bytes)`).
 */
export class CheckpointError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CheckpointError';
  }
}

const MAX_DESCRIBED_CHARS = 60;

/** A short, printable rendering of a value from a file, for error messages. */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_DESCRIBED_CHARS ? `${text.slice(0, MAX_DESCRIBED_CHARS)}…` : text;
}
