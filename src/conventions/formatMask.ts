/**
 * Writes a mask array as the Python literal a user would type or see printed (nested lists,
 * True/False for bool, `-inf` and `x.0` for floats), which `parseTypedMask` reads back exactly.
 */
import type { NamedArray } from '../dump/arrays';

/** The array as a nested Python list. */
export function formatMask(array: Pick<NamedArray, 'shape' | 'kind' | 'data'>): string {
  const value = (v: number): string => {
    if (array.kind === 'bool') return v !== 0 ? 'True' : 'False';
    if (array.kind === 'int') return String(v);
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    const text = Object.is(v, -0) ? '-0' : String(v);
    return /[.e]/.test(text) ? text : `${text}.0`;
  };
  const nest = (axis: number, offset: number): string => {
    const size = array.shape[axis] ?? 1;
    if (axis === array.shape.length - 1) {
      const items = Array.from({ length: size }, (_, i) => value(array.data[offset + i] ?? 0));
      return `[${items.join(', ')}]`;
    }
    const stride = array.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const rows = Array.from({ length: size }, (_, i) => nest(axis + 1, offset + i * stride));
    return `[${rows.join(', ')}]`;
  };
  return array.shape.length === 0 ? value(array.data[0] ?? 0) : nest(0, 0);
}
