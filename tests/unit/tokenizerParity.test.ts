import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/tokenizer/tokenize';
import { parseVocab } from '../../src/tokenizer/vocab';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = 'tests/fixtures/tokenizer-parity.json';

/** Ids produced by Hugging Face's Python BertTokenizer (see training/), without [CLS]/[SEP]. */
interface ParityFixture {
  readonly vocab: string;
  readonly cases: readonly { readonly text: string; readonly ids: readonly number[] }[];
}

function readFixture(): ParityFixture {
  const path = REPO_ROOT + FIXTURE;
  expect(existsSync(path), `${FIXTURE} is missing: generate it with the training scripts`).toBe(
    true,
  );
  return JSON.parse(readFileSync(path, 'utf8')) as ParityFixture;
}

describe('tokenizer parity with the Python tokenizer', () => {
  it('produces exactly the ids of every fixture case', () => {
    const fixture = readFixture();
    const vocab = parseVocab(readFileSync(REPO_ROOT + fixture.vocab, 'utf8'), fixture.vocab);
    expect(fixture.cases.length).toBeGreaterThan(0);
    const mismatches = fixture.cases
      .map(({ text, ids }) => ({
        text,
        expected: ids,
        actual: Array.from(tokenize(text, vocab, { addSpecialTokens: false }).ids),
      }))
      .filter(({ expected, actual }) => JSON.stringify(expected) !== JSON.stringify(actual));
    expect(mismatches).toEqual([]);
  });
});
