import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOLERANCES } from '../../src/diagnostics/tolerances';
import type { HeadMeasurements } from '../../src/diagnostics/verdict';
import { csvField, toCsv } from '../../src/export/csv';
import { leakTableCsv } from '../../src/export/leakCsv';
import { jsonNumber, numberText } from '../../src/export/numbers';

/** An RFC 4180 reader written from the grammar, independent of the writer: records of fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let i = 0;
  let isQuoted = false;
  while (i < text.length) {
    const c = text[i];
    if (isQuoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        isQuoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === '') {
      isQuoted = true;
      i += 1;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 2;
    } else {
      if (c === '"' || c === '\r' || c === '\n')
        throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i += 1;
    }
  }
  if (isQuoted || field !== '' || fields.length > 0) throw new Error('unterminated record');
  return records;
}

const anyText = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', 'é', '𝄞') });

describe('CSV writing (RFC 4180)', () => {
  it('reads back field for field, whatever commas, quotes and line breaks the fields hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(anyText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        (records) => {
          // A record of one empty field is written as an empty line, which RFC 4180 leaves ambiguous.
          fc.pre(records.every((r) => !(r.length === 1 && r[0] === '')));
          expect(parseCsv(toCsv(records))).toEqual(records);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('quotes a field only when it must, doubling its quotes', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    fc.assert(
      fc.property(anyText, (text) => {
        const field = csvField(text);
        expect(field === text).toBe(!/[",\r\n]/.test(text));
      }),
    );
  });

  it('ends every record, the last too, with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe('a,b\r\n1,2\r\n');
  });
});

function heads(layers: number, perLayer: number, offset: number): HeadMeasurements {
  return {
    leak: Array.from({ length: layers }, (_, l) =>
      Array.from({ length: perLayer }, (_, h) => ({
        mean: offset + l / 10 + h / 100,
        max: offset + 0.5,
      })),
    ),
    rowSums: Array.from({ length: layers }, () =>
      Array.from({ length: perLayer }, () => ({
        min: 0.99991234,
        max: 1.0000001,
        tolerances: TOLERANCES,
      })),
    ),
  };
}

describe('leak table CSV', () => {
  it('has a header naming both modes and one record per layer and head, layer-major', () => {
    const csv = leakTableCsv(
      { title: 'Correct key mask (c = -1e4)', heads: heads(3, 4, 0) },
      { title: 'No mask, "plain"', heads: heads(3, 4, 0.2) },
    );
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([
      'layer',
      'head',
      'leak mean (share of row weight), A = Correct key mask (c = -1e4)',
      'leak max (share of row weight), A = Correct key mask (c = -1e4)',
      'real-row sum min, A = Correct key mask (c = -1e4)',
      'real-row sum max, A = Correct key mask (c = -1e4)',
      'leak mean (share of row weight), B = No mask, "plain"',
      'leak max (share of row weight), B = No mask, "plain"',
      'real-row sum min, B = No mask, "plain"',
      'real-row sum max, B = No mask, "plain"',
    ]);
    expect(rows).toHaveLength(12);
    expect(rows[5]).toEqual([
      '1',
      '1',
      '0.11',
      '0.5',
      '0.999912',
      '1',
      '0.31',
      '0.7',
      '0.999912',
      '1',
    ]);
  });

  it('leaves out the B columns when there is nothing to compare with, and spells NaN out', () => {
    const a = heads(1, 2, 0);
    const withNaN: HeadMeasurements = {
      ...a,
      leak: [
        [
          { mean: NaN, max: NaN },
          { mean: 0, max: 0 },
        ],
      ],
    };
    const rows = parseCsv(leakTableCsv({ title: 'dump.npz', heads: withNaN }, null));
    expect(rows[0]).toHaveLength(6);
    expect(rows[1]?.slice(0, 4)).toEqual(['0', '0', 'NaN', 'NaN']);
  });

  it('refuses a B with other layers or heads than A', () => {
    expect(() =>
      leakTableCsv({ title: 'A', heads: heads(2, 2, 0) }, { title: 'B', heads: heads(2, 3, 0) }),
    ).toThrow(/B has 2×3 heads, A 2×2/);
  });
});

describe('numbers in exports', () => {
  it('write JSON that parses to the value rounded to 6 significant digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = jsonNumber(value);
        expect(JSON.parse(text)).toBe(Object.is(value, -0) ? 0 : Number(value.toPrecision(6)));
      }),
      { numRuns: 2000 },
    );
    expect([NaN, Infinity, -Infinity, 1e-30, 0.5, 1].map(jsonNumber)).toEqual([
      'null',
      '"Infinity"',
      '"-Infinity"',
      '1e-30',
      '0.5',
      '1',
    ]);
    expect(numberText(NaN)).toBe('NaN');
  });
});
