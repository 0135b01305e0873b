/** A flat row-major array written as JSON nested lists of its shape, values rounded. */
import { jsonNumber } from './numbers';

/**
 * `data` (row-major, `shape`'s product long) as nested JSON lists: [2, 3] gives
 * `[[a,b,c],[d,e,f]]`. Values go through jsonNumber (6 significant digits, NaN as null).
 */
export function nestedJson(data: ArrayLike<number>, shape: readonly number[]): string {
  const count = shape.reduce((product, size) => product * size, 1);
  if (data.length !== count) {
    throw new RangeError(`nestedJson: ${data.length} values for shape [${shape.join(', ')}].`);
  }
  const parts: string[] = [];
  const write = (depth: number, start: number): void => {
    const size = shape[depth] ?? 1;
    if (depth === shape.length - 1) {
      const row = new Array<string>(size);
      for (let i = 0; i < size; i++) row[i] = jsonNumber(data[start + i] ?? NaN);
      parts.push(`[${row.join(',')}]`);
      return;
    }
    const stride = shape.slice(depth + 1).reduce((product, s) => product * s, 1);
    parts.push('[');
    for (let i = 0; i < size; i++) {
      if (i > 0) parts.push(',');
      write(depth + 1, start + i * stride);
    }
    parts.push(']');
  };
  if (shape.length === 0) return jsonNumber(data[0] ?? NaN);
  write(0, 0);
  return parts.join('');
}
