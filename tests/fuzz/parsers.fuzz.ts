// `npm run fuzz`: FUZZ_RUNS (default 10,000) cases per parser, outside `npm test` (the dump
// readers, through the whole check, are in dumps.fuzz.ts). Every case
// must read or be refused with the parser's named error; anything else (a RangeError, a
// TypeError, a wrong result) is a failure. Prints, per parser, the cases run, how many read,
// how many were refused, and the failures.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { CheckpointError } from '../../src/checkpoint/checkpointError';
import { parseSafetensors } from '../../src/checkpoint/safetensors';
import { tokenize } from '../../src/tokenizer/tokenize';
import { parseVocab, VocabError } from '../../src/tokenizer/vocab';
import { anyText, mutated } from '../unit/helpers/fuzz';
import { TINY_CONFIG_JSON, TINY_VOCAB_TEXT, tinySafetensors } from '../unit/helpers/tinyCheckpoint';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const MODEL = 'public/models/maskscope-brown';

interface Tally {
  cases: number;
  read: number;
  refused: number;
  failures: string[];
}
const tallies = new Map<string, Tally>();

/** Runs `parse` on RUNS generated inputs: true read, false refused, a throw is a failure. */
function fuzz<T>(parser: string, inputs: fc.Arbitrary<T>, parse: (input: T) => boolean): void {
  const tally: Tally = { cases: 0, read: 0, refused: 0, failures: [] };
  tallies.set(parser, tally);
  fc.assert(
    fc.property(inputs, (input) => {
      tally.cases++;
      try {
        if (parse(input)) tally.read++;
        else tally.refused++;
      } catch (error) {
        tally.failures.push(
          `${String(error).slice(0, 200)} on ${fc.stringify(input).slice(0, 200)}`,
        );
      }
    }),
    { numRuns: RUNS },
  );
  expect(tally.failures).toEqual([]);
}

/** True when `run` returns, false when it throws `errorClass`; rethrows anything else. */
function readsOr(errorClass: new (...args: never[]) => Error, run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof errorClass) return false;
    throw error;
  }
}

/** Text mutations: characters inserted, a slice removed, or the text cut. */
function mutatedText(seed: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(fc.nat({ max: seed.length }), fc.string({ unit: 'binary', maxLength: 6 }))
      .map(([at, extra]) => seed.slice(0, at) + extra + seed.slice(at)),
    fc
      .tuple(fc.nat({ max: seed.length }), fc.nat({ max: 8 }))
      .map(([at, length]) => seed.slice(0, at) + seed.slice(at + length)),
    fc.nat({ max: seed.length }).map((cut) => seed.slice(0, cut)),
  );
}

afterAll(() => {
  const rows = [...tallies].map(
    ([parser, t]) =>
      `${parser.padEnd(22)}${String(t.cases).padStart(8)}${String(t.read).padStart(8)}${String(t.refused).padStart(9)}${String(t.failures.length).padStart(10)}`,
  );
  console.log(
    [
      `${'parser'.padEnd(22)}   cases    read  refused  failures`,
      ...rows,
      ...[...tallies].flatMap(([p, t]) => t.failures.map((f) => `${p}: ${f}`)),
    ].join('\n'),
  );
});

describe(`fuzzing every parser, ${RUNS} cases each`, () => {
  it('safetensors checkpoints: mutated files and random bytes', () => {
    const seed = tinySafetensors();
    fuzz('safetensors', fc.oneof(mutated(seed), fc.uint8Array({ maxLength: 256 })), (bytes) =>
      readsOr(CheckpointError, () => parseSafetensors(bytes, 'model.safetensors')),
    );
  });

  it('config.json: mutated text and random JSON', () => {
    const seed = JSON.stringify(TINY_CONFIG_JSON, null, 2);
    const texts = fc.oneof(
      mutatedText(seed),
      fc.json(),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fuzz('config', texts, (text) =>
      readsOr(CheckpointError, () => parseConfigText(text, 'config.json')),
    );
  });

  it('vocab.txt: mutated vocabularies, line ends included', () => {
    const seed = readFileSync(`${MODEL}/vocab.txt`, 'utf8').slice(0, 2_000);
    const texts = fc.oneof(
      mutatedText(seed),
      mutatedText(TINY_VOCAB_TEXT),
      fc
        .array(
          fc.constantFrom(
            '[PAD]',
            '[UNK]',
            '[CLS]',
            '[SEP]',
            '[MASK]',
            'a',
            '##a',
            '\n',
            '\r',
            '\r\n',
            '\uFEFF',
          ),
        )
        .map((parts) => parts.join('')),
    );
    fuzz('vocab', texts, (text) => readsOr(VocabError, () => parseVocab(text, 'vocab.txt')));
  });

  it('tokenizer: any text through the default model vocabulary', () => {
    const vocab = parseVocab(readFileSync(`${MODEL}/vocab.txt`, 'utf8'), 'vocab.txt');
    fuzz('tokenizer', anyText, (text) => {
      const { ids } = tokenize(text, vocab);
      if (ids.some((id) => id < 0 || id >= vocab.tokens.length)) {
        throw new Error(`an id outside the vocabulary: ${ids.join(' ')}`);
      }
      return true;
    });
  });
});
