import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDump } from '../../src/dump/checkDump';
import { parseJsonDump } from '../../src/dump/jsonArrays';
import { labelsInFiles } from '../../src/dump/fileLabels';
import { readDump } from '../../src/dump/readDump';

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

// Two heads of one sequence [B=1, H=2, T=3, T=3], the last token padding, correctly masked.
const attentions = [
  [
    [
      [0.5, 0.5, 0],
      [0.25, 0.75, 0],
      [0.5, 0.5, 0],
    ],
    [
      [0.9, 0.1, 0],
      [0.4, 0.6, 0],
      [0.3, 0.7, 0],
    ],
  ],
];

describe('labels in JSON dumps', () => {
  it('reads a tokens list as the position labels, not as an array', () => {
    const file = readDump(
      encode({ tokens: ['[CLS]', 'hi', '[PAD]'], attentions, attention_mask: [[1, 1, 0]] }),
      'd.json',
    );
    expect(file.labels).toEqual(['[CLS]', 'hi', '[PAD]']);
    expect(file.arrays.map((a) => a.name)).toEqual(['attentions', 'attention_mask']);
    expect(labelsInFiles([{ fileName: 'x', arrays: [] }, file])).toEqual(['[CLS]', 'hi', '[PAD]']);
  });

  it('hands the labels to the verdict when none are given', () => {
    const file = readDump(
      encode({ labels: ['[CLS]', 'hi', '[PAD]'], attentions, attention_mask: [[1, 1, 0]] }),
      'd.json',
    );
    const report = checkDump([file]);
    expect(report.family).toBe('correct');
    expect(labelsInFiles([file])).toEqual(['[CLS]', 'hi', '[PAD]']);
  });

  it('reads any list of strings under a label name back exactly, and nothing else as labels', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 8 }), (tokens) => {
        const parsed = parseJsonDump(encode({ input_tokens: tokens, attentions }), 'p.json');
        expect(parsed.labels).toEqual(tokens);
        expect(parsed.arrays).toHaveLength(1);
      }),
    );
    expect(parseJsonDump(encode({ attentions }), 'n.json').labels).toBeUndefined();
  });

  it('reads tokens beside a second label-named list of words, and labels the positions by tokens', () => {
    const file = readDump(
      encode({
        tokens: ['[CLS]', 'hi', '[PAD]'],
        labels: ['O', 'B-PER', 'O'],
        attentions,
        attention_mask: [[1, 1, 0]],
      }),
      'two.json',
    );
    expect(file.labels).toEqual(['[CLS]', 'hi', '[PAD]']);
    expect(file.arrays.map((a) => a.name)).toEqual(['attentions', 'attention_mask']);
    expect(checkDump([file]).family).toBe('correct');
    // One word makes a list text; a second label-named list of "NaN" strings alone is numbers.
    const mixed = parseJsonDump(encode({ attentions, tokens: ['a'], labels: ['O', 'NaN'] }), 'm');
    expect(mixed.arrays.map((a) => a.name)).toEqual(['attentions']);
    const nan = parseJsonDump(encode({ attentions, tokens: ['a'], labels: ['NaN'] }), 'n.json');
    expect(nan.arrays.find((a) => a.name === 'labels')?.data[0]).toBeNaN();
    // The labels list itself is never an array, even when its strings could be numbers.
    const first = parseJsonDump(encode({ attentions, tokens: ['NaN', 'NaN'] }), 'f.json');
    expect(first.labels).toEqual(['NaN', 'NaN']);
    expect(first.arrays.map((a) => a.name)).toEqual(['attentions']);
  });

  it('still refuses strings in an array that is not named as labels', () => {
    expect(() => parseJsonDump(encode({ attentions, words: ['a', 'b'] }), 'w.json')).toThrow(
      /w\.json.*'words'.*value 0 is "a", not a number/,
    );
    // "NaN" strings stay numbers in a numeric array.
    const nan = parseJsonDump(encode({ attentions, tokens: [1, 'NaN'] }), 't.json');
    expect(nan.labels).toBeUndefined();
    expect(nan.arrays.find((a) => a.name === 'tokens')?.data[1]).toBeNaN();
  });
});
