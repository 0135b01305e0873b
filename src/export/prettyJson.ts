/**
 * JSON laid out for reading: one key per line, nested objects indented, and lists of plain
 * values (shapes, axis names, numbers) kept on one line as a person would write them.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function isPlain(value: Json): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * `value` as JSON text, indented by `indent` spaces a level. Numbers go through `number`
 * (NaN must come out as valid JSON there); undefined object fields are left out.
 */
export function prettyJson(value: unknown, number: (n: number) => string, indent = 1): string {
  const write = (node: unknown, depth: number): string => {
    if (typeof node === 'number') return number(node);
    if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'null';
    const pad = ' '.repeat((depth + 1) * indent);
    const end = ' '.repeat(depth * indent);
    if (Array.isArray(node)) {
      const items = node as readonly Json[];
      if (items.every(isPlain))
        return `[${items.map((item) => write(item, depth + 1)).join(', ')}]`;
      return `[\n${items.map((item) => pad + write(item, depth + 1)).join(',\n')}\n${end}]`;
    }
    const entries = Object.entries(node).filter(([, field]) => field !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(
      ([key, field]) => `${pad}${JSON.stringify(key)}: ${write(field, depth + 1)}`,
    );
    return `{\n${lines.join(',\n')}\n${end}}`;
  };
  return write(value, 0);
}
