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

/**
 * A short, printable rendering of a value from a file, for error messages. Never throws: the
 * replacer stops descending after as many values as characters are shown (each value prints at
 * least one), so an array nested 5,000 levels deep cannot overflow the stack.
 */
export function describeValue(value: unknown): string {
  let visited = 0;
  const shown = (_key: string, item: unknown): unknown =>
    ++visited > MAX_DESCRIBED_CHARS ? undefined : item;
  let text: string;
  try {
    text = JSON.stringify(value, shown) ?? String(value);
  } catch {
    text = typeof value;
  }
  return text.length > MAX_DESCRIBED_CHARS ? `${text.slice(0, MAX_DESCRIBED_CHARS)}…` : text;
}
