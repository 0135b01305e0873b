/**
 * Reads a mask as the user types it: `1 1 1 0 0`, rows on lines or after `;`, Python or JSON
 * literals (`[[True, True, False]]`, `torch.tensor([0., -inf]), dtype=torch.bool` …), and the
 * tokens people paste: True/False, 0/1, floats, `-inf`, `float('-inf')`, `-np.inf`, `"-1e9"`,
 * `torch.finfo(torch.float32).min`. Values are stored as float32, like the dump readers'.
 */
import type { NamedArray, ValueKind } from '../dump/arrays';
import { ConventionError } from './conventionError';

/** Largest number of values a typed mask may hold. */
export const MAX_TYPED_VALUES = 1 << 16;
/** Deepest bracket nesting read (numpy arrays have at most 64 axes; masks 4). */
export const MAX_MASK_DEPTH = 32;
/** Longest text read: 64 characters a value (`torch.finfo(torch.float32).min, `) at most. */
export const MAX_MASK_CHARS = 64 * MAX_TYPED_VALUES;

/** One value as read, and whether it was written as a bool or a float. */
interface Atom {
  readonly value: number;
  readonly kind: ValueKind;
}

/** A nested list as read: a value or a list of them. */
type Nested = Atom | Nested[];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const DTYPE_MIN: Readonly<Record<string, number>> = {
  float32: -3.4028234663852886e38,
  float: -3.4028234663852886e38,
  float16: -65504,
  half: -65504,
  bfloat16: -3.3895313892515355e38,
  float64: -Infinity,
  double: -Infinity,
};

/**
 * Parses typed text into an array named `name`. Throws ConventionError naming the bad token and
 * where it is, or what is ragged.
 */
export function parseTypedMask(text: string, name = 'typed mask'): NamedArray {
  if (text.length > MAX_MASK_CHARS) {
    throw new ConventionError(
      `the mask is ${text.length} characters long; at most ${MAX_MASK_CHARS} (${MAX_TYPED_VALUES} values).`,
    );
  }
  const { body, dtype } = unwrap(text.trim());
  if (body === '') throw new ConventionError('the mask is empty: type values like 1 1 1 0 0.');
  const nested = body.includes('[') ? parseBrackets(body) : parseRows(body);
  const shape = shapeOf(nested, []);
  const atoms = flatten(nested);
  if (atoms.length > MAX_TYPED_VALUES) throw tooManyValues(atoms.length);
  const kind = dtype ?? kindOf(atoms);
  const data = Float32Array.from(atoms, (atom) =>
    kind === 'bool' ? (atom.value !== 0 ? 1 : 0) : atom.value,
  );
  if (kind === 'int' && data.some((v) => !Number.isInteger(v))) {
    throw new ConventionError('dtype says integers, but the mask holds fractions or infinities.');
  }
  return { name, shape, dtype: kind, kind, data };
}

function tooManyValues(count: number): ConventionError {
  return new ConventionError(`the mask has ${count} values or more; at most ${MAX_TYPED_VALUES}.`);
}

/** Strips `torch.tensor(…)`, `np.array(…)` and a trailing `dtype=…`, which sets the kind. */
function unwrap(text: string): { body: string; dtype: ValueKind | null } {
  const call = /^[A-Za-z_][\w.]*\(([\s\S]*)\)$/.exec(text);
  if (call === null || !(call[1] ?? '').trim().startsWith('[')) return { body: text, dtype: null };
  let body = (call[1] ?? '').trim();
  let dtype: ValueKind | null = null;
  const kwarg = /,\s*dtype\s*=\s*([\w.'"]+)\s*$/.exec(body);
  if (kwarg !== null) {
    body = body.slice(0, kwarg.index).trim();
    dtype = dtypeKind(kwarg[1] ?? '');
  }
  return { body, dtype };
}

function dtypeKind(spec: string): ValueKind {
  const name = spec.replace(/['"]/g, '').replace(/^.*\./, '').toLowerCase();
  if (/^bool_?$/.test(name)) return 'bool';
  if (/^u?int\d*$|^long$/.test(name)) return 'int';
  if (/^(float\d*|half|double|bfloat16)$/.test(name)) return 'float';
  throw new ConventionError(`dtype '${spec}' is not bool, an integer or a float type.`);
}

/**
 * Whitespace or comma separated values; lines or `;` separate rows (rank 2 when several). One
 * pass, with each token's position kept (a search per token was quadratic on long masks).
 */
function parseRows(body: string): Nested {
  const rows: Atom[][] = [];
  let count = 0;
  for (const line of body.matchAll(/[^;\n]+/g)) {
    const tokens = [...line[0].matchAll(/[^\s,]+/g)];
    count += tokens.length;
    if (count > MAX_TYPED_VALUES) throw tooManyValues(count);
    if (tokens.length > 0) rows.push(tokens.map((m) => parseAtom(m[0], line.index + m.index)));
  }
  return rows.length === 1 ? (rows[0] ?? []) : rows;
}

/**
 * A nested list in brackets, by recursive descent over `[`, `]`, `,` and value tokens; the depth
 * is bounded (MAX_MASK_DEPTH), so hostile nesting is a named error, not a stack overflow.
 */
function parseBrackets(body: string): Nested {
  const tokens = [...body.matchAll(/\[|\]|,|[^\s,[\]]+/g)].map((m) => ({
    text: m[0],
    at: m.index,
  }));
  // Each value comes with at most a '[', a ']' and a ',': refuse far too many before parsing.
  if (tokens.length > 4 * MAX_TYPED_VALUES + 2 * MAX_MASK_DEPTH) {
    throw tooManyValues(tokens.length >> 2);
  }
  let next = 0;
  const fail = (message: string, at: number): never => {
    throw new ConventionError(`${message} at character ${at + 1}.`);
  };
  const list = (depth: number): Nested[] => {
    const open = tokens[next++];
    if (open?.text !== '[') return fail(`expected '['`, open?.at ?? body.length);
    if (depth > MAX_MASK_DEPTH) {
      return fail(`the brackets nest deeper than ${MAX_MASK_DEPTH} levels`, open.at);
    }
    const items: Nested[] = [];
    for (;;) {
      const token = tokens[next];
      if (token === undefined) return fail(`a '[' is never closed`, body.length - 1);
      if (token.text === ']') {
        next++;
        return items;
      }
      if (items.length > 0) {
        if (token.text !== ',') return fail(`expected ',' or ']' before '${token.text}'`, token.at);
        next++;
        if (tokens[next]?.text === ']') continue; // a trailing comma, as Python allows
      }
      const item = tokens[next];
      if (item === undefined) return fail(`a '[' is never closed`, body.length - 1);
      if (item.text === '[') items.push(list(depth + 1));
      else if (item.text === ']' || item.text === ',') fail(`unexpected '${item.text}'`, item.at);
      else {
        next++;
        items.push(parseAtom(item.text, item.at));
      }
    }
  };
  const result = list(1);
  const extra = tokens[next];
  if (extra !== undefined) fail(`unexpected '${extra.text}' after the closing ']'`, extra.at);
  return result;
}

/** One token as a value; the message names it and its position (0-based `at`). */
export function parseAtom(token: string, at = 0): Atom {
  const bare = token
    .replace(/^(['"])(.*)\1$/, '$2')
    .trim()
    .toLowerCase();
  if (bare === 'true') return { value: 1, kind: 'bool' };
  if (bare === 'false') return { value: 0, kind: 'bool' };
  const finfo = /^(?:torch|np|numpy|jnp)\.finfo\((?:torch|np|numpy|jnp)?\.?(\w+)\)\.min$/.exec(
    bare,
  );
  if (finfo !== null) {
    const min = DTYPE_MIN[finfo[1] ?? ''];
    if (min !== undefined) return { value: min, kind: 'float' };
  }
  const special = bare
    .replace(/^float\((['"]?)(.*)\1\)$/, '$2')
    .replace(/(?:np|numpy|torch|math|jnp)\./g, '');
  if (/^[+-]?(inf|infinity)$/.test(special)) {
    return { value: special.startsWith('-') ? -Infinity : Infinity, kind: 'float' };
  }
  if (/^[+-]?nan$/.test(special)) return { value: NaN, kind: 'float' };
  if (NUMBER.test(special)) {
    const isInt = /^[+-]?\d+$/.test(special);
    return { value: Math.fround(Number(special)), kind: isInt ? 'int' : 'float' };
  }
  throw new ConventionError(
    `'${token}' (character ${at + 1}) is not a mask value: use True/False, 0/1, a number, -inf or "-1e9".`,
  );
}

function shapeOf(nested: Nested, prefix: readonly number[]): number[] {
  if (!Array.isArray(nested)) return [];
  const inner = nested.map((item, i) => shapeOf(item, [...prefix, i]));
  const first = inner[0] ?? [];
  inner.forEach((shape, i) => {
    if (
      shape.join(',') !== first.join(',') ||
      Array.isArray(nested[i]) !== Array.isArray(nested[0])
    ) {
      throw new ConventionError(
        `the mask is ragged: row [${[...prefix, i].join(', ')}] has shape [${shape.join(', ')}], row [${[...prefix, 0].join(', ')}] has [${first.join(', ')}].`,
      );
    }
  });
  if (nested.length === 0) throw new ConventionError('the mask holds an empty list [].');
  return [nested.length, ...first];
}

function flatten(nested: Nested): Atom[] {
  return Array.isArray(nested) ? nested.flatMap(flatten) : [nested];
}

/** bool when every value was True/False; float when any was a float; else int. */
function kindOf(atoms: readonly Atom[]): ValueKind {
  const bools = atoms.filter((atom) => atom.kind === 'bool').length;
  if (bools === atoms.length) return 'bool';
  if (bools > 0) {
    throw new ConventionError('the mask mixes True/False with numbers: use one or the other.');
  }
  return atoms.some((atom) => atom.kind === 'float') ? 'float' : 'int';
}

/** `array` cast to `kind` the way torch's `.to(dtype)` does: non-zero → True; ints truncate. */
export function castMask(array: NamedArray, kind: ValueKind): NamedArray {
  if (kind === array.kind) return array;
  if (kind === 'int' && array.data.some((v) => !Number.isFinite(v))) {
    throw new ConventionError('an array with -inf or NaN cannot be read as integers.');
  }
  const data = array.data.map((v) =>
    kind === 'bool' ? (v !== 0 ? 1 : 0) : kind === 'int' ? Math.trunc(v) : v,
  );
  return { ...array, dtype: kind, kind, data };
}
