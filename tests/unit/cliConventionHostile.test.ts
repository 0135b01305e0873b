// `maskscope convention` on hostile and oversized input (issue 22, items 3 and 4): brackets
// nested 5,000 deep and a 50,000-key mask are refused with a named reason and exit 2, without a
// stack overflow or a [T × T] allocation.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { MAX_CONVENTION_KEYS } from '../../src/conventions/checkConvention';
import { ConventionError } from '../../src/conventions/conventionError';
import { MAX_MASK_DEPTH, parseTypedMask } from '../../src/conventions/parseMask';

function run(...argv: string[]): { status: number; err: string } {
  let err = '';
  const status = main(
    ['convention', ...argv],
    { write: () => true } as never,
    { write: (s: string) => ((err += s), true) } as never,
  );
  return { status, err };
}

describe('typed masks nested too deep', () => {
  it('refuses 5,000 nested brackets with a named error and exit 2, not a RangeError', () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const { status, err } = run('--api', 'hf-attention-mask', '--meant', '1', '--mask', deep);
    expect(status).toBe(2);
    expect(err).toContain(`the brackets nest deeper than ${MAX_MASK_DEPTH} levels at character`);
  });

  it('still reads a mask nested to the depth limit', () => {
    const text = `${'['.repeat(MAX_MASK_DEPTH)}1, 0${']'.repeat(MAX_MASK_DEPTH)}`;
    const mask = parseTypedMask(text);
    expect(mask.shape).toEqual([...new Array<number>(MAX_MASK_DEPTH - 1).fill(1), 2]);
    expect(() => parseTypedMask(`[${text}]`)).toThrow(ConventionError);
  });
});

describe('masks longer than the convention check reads', () => {
  it('refuses a 50,000-key mask by its length, before building any matrix', () => {
    const ones = new Array<string>(50_000).fill('1').join(' ');
    const before = process.memoryUsage().arrayBuffers;
    const { status, err } = run('--api', 'hf-attention-mask', '--meant', ones, '--mask', ones);
    expect(status).toBe(2);
    expect(err).toContain(`reads at most ${MAX_CONVENTION_KEYS}`);
    // A [T × T] float32 matrix at T = 50,000 is 10 GB; the refusal allocates none.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50_000_000);
  });

  it('checks a correct mask at the length limit, exit 0', () => {
    const meant = [...new Array<string>(MAX_CONVENTION_KEYS - 1).fill('1'), '0'].join(' ');
    expect(run('--api', 'hf-attention-mask', '--meant', meant, '--mask', meant).status).toBe(0);
  });
});
