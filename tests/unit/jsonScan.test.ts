import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstDuplicateKey, jsonErrorOffset, lineAndColumn } from '../../src/checkpoint/jsonScan';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Valid JSON, and JSON with characters inserted or one removed. */
const texts = fc.oneof(
  fc.json(),
  fc
    .json()
    .chain((text) =>
      fc
        .tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 3 }))
        .map(([at, extra]) => text.slice(0, at) + extra + text.slice(at)),
    ),
  fc
    .json()
    .chain((text) =>
      fc.nat({ max: text.length }).map((at) => text.slice(0, at) + text.slice(at + 1)),
    ),
);

describe('jsonErrorOffset', () => {
  it('finds a syntax error exactly when JSON.parse refuses the text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(jsonErrorOffset(text) === null).toBe(parses(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a": tru}', 6],
    ['01', 1],
    ['', 0],
    ['{"a": "\\q"}', 6],
  ])('places the first error of %j at offset %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('scans 100,000 levels of nesting without recursion', () => {
    expect(jsonErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeNull();
  });
});

describe('firstDuplicateKey', () => {
  it.each([
    ['{"a": {"x": 1}, "b": [{"c": 2}], "\\u0061": 3}', 'a'],
    ['{"a\\"": 1, "b": "a\\"", "a\\"": 2}', 'a"'],
    ['{"a": {"a": 1}, "b": ["a", "a"]}', undefined],
    ['[{"a": 1}, {"a": 2}]', undefined],
    ['{}', undefined],
  ])('finds the first repeated top-level key of %s', (text, key) => {
    expect(firstDuplicateKey(text)).toBe(key);
  });

  it('finds a repeated key exactly when the top-level object has fewer keys than the text', () => {
    const objects = fc
      .array(fc.tuple(fc.constantFrom('a', 'b', '"', '\\'), fc.jsonValue()), { maxLength: 6 })
      .map(
        (entries) =>
          `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`,
      );
    fc.assert(
      fc.property(objects, (text) => {
        const written = [...text.matchAll(/"(?:[^"\\]|\\.)*"\s*:/g)].length;
        const hasRepeat = firstDuplicateKey(text) !== undefined;
        // Keys nested inside values also match the pattern: only check texts without nesting.
        if (!/[{[]/.test(text.slice(1))) {
          expect(hasRepeat).toBe(Object.keys(JSON.parse(text) as object).length < written);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('lineAndColumn', () => {
  it('words an offset as a line and a column, both from 1', () => {
    expect(lineAndColumn('{\n  "a": x', 9)).toBe('line 2, column 8');
    expect(lineAndColumn('[x', 1)).toBe('line 1, column 2');
  });
});
